import type { Issue } from './issue.js';

/** How precisely the publication time is known: a full date-time, a day, or nothing usable. */
export type PublishedPrecision = 'datetime' | 'day' | 'month' | 'unknown';

/** Which reader produced an article. */
export type SourceFormat = 'scrape-text' | 'plain-text' | 'html' | 'rss' | 'atom' | 'jsonl' | 'api';

/** An image's caption and credit as printed under it. */
export interface ImageInfo {
  readonly caption: string;
  readonly credit?: string;
}

/**
 * One report, cleaned: the unit everything else works on. `text` is `paragraphs.join('\n\n')` and every span in
 * the system is an offset into it. `id` is stable: a hash of the canonical URL when there is one, else of the
 * content hash.
 *
 * @example
 * { id: 'a_3f2c…', outlet: 'The Kyiv Independent', published: '2025-11-04', publishedPrecision: 'day',
 *   headline: 'Zelensky visits…', byline: ['Yuliia Taradiuk'], paragraphs: [...], text: '…', language: 'en', … }
 */
export interface Article {
  readonly id: string;
  readonly url?: string;
  readonly canonicalUrl?: string;
  readonly outlet?: string;
  /** ISO date `YYYY-MM-DD` or date-time `YYYY-MM-DDTHH:mm:ssZ`; absent when unknown. */
  readonly published?: string;
  readonly publishedPrecision: PublishedPrecision;
  readonly section?: string;
  readonly headline: string;
  readonly byline: readonly string[];
  readonly image?: ImageInfo;
  readonly paragraphs: readonly string[];
  /** The paragraphs joined with a blank line; offsets point into this. */
  readonly text: string;
  /** ISO 639-1 code guessed from the script and common words (`en`, `uk`, `ru`, …; `und` when unknown). */
  readonly language: string;
  readonly sourceFormat: SourceFormat;
  /** sha256 hex of the normalised text. */
  readonly contentHash: string;
  /** ISO date-time the reader produced it (from the injected clock). */
  readonly retrievedAt: string;
  readonly issues: readonly Issue[];
}

/** The separator between paragraphs in `Article.text`. */
export const PARAGRAPH_SEPARATOR = '\n\n';
