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
  /**
   * The bitwise OR of the flags a text's lower-cased words (runs of `\w`) carry in `flags`, to skip rules whose words
   * a sentence lacks (`Rule.needs`).
   */
  readonly wordFlags?: (text: string, flags: ReadonlyMap<string, number>) => number;
}
