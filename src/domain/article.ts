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

/** What a plain-text article made in code (tests, benchmarks, evaluations) needs; the rest takes its blank. */
export interface PlainArticleFields {
  readonly id: string;
  /** Paragraphs separated by a blank line; kept as given so offsets into it stay valid. */
  readonly text: string;
  /** ISO day; precision `day` when given, `unknown` otherwise. */
  readonly published?: string;
  readonly outlet?: string;
  readonly retrievedAt?: string;
}

/**
 * A plain-text Article with a given id and no headline or byline; `contentHash` is the id, so outputs stay stable.
 * Readers use `makeArticle` (src/ingest), which hashes and cleans; this factory is for text already in hand.
 *
 * @example plainArticle({ id: 'row-7', text: 'Russian forces shelled Kherson.', published: '2024-03-16' })
 */
export function plainArticle(fields: PlainArticleFields): Article {
  const { id, text, published, outlet } = fields;
  return {
    id,
    headline: '',
    byline: [],
    paragraphs: text.split(PARAGRAPH_SEPARATOR),
    text,
    ...(published ? { published } : {}),
    publishedPrecision: published ? 'day' : 'unknown',
    ...(outlet ? { outlet } : {}),
    language: 'en',
    sourceFormat: 'plain-text',
    contentHash: id,
    retrievedAt: fields.retrievedAt ?? '1970-01-01T00:00:00Z',
    issues: [],
  };
}
