import type { Attribution, TimeRef } from '../domain/index.js';

/** Casualty counts of an event's evidence (the shape nlp/extractors/quantity.ts produces). */
export interface Casualties {
  readonly fatalities: number;
  readonly injured: number;
  readonly unknown: boolean;
  readonly none: boolean;
}

/**
 * The text readers the coder is handed by the pipeline (code/ imports only domain/, so the NLP functions come in as
 * arguments, the way a stage is handed its ports).
 */
export interface CodingInputs {
  readonly extractCasualties: (text: string) => Casualties;
  readonly extractCounts: (text: string) => Record<string, number>;
  readonly extractAttribution: (text: string) => Attribution;
  readonly publicationTime: (published: string) => TimeRef;
  /** The distinct lower-cased words (runs of `\w`) of a text, to skip rules whose words it lacks (`Rule.needs`). */
  readonly wordsOf?: (text: string) => ReadonlySet<string>;
}
