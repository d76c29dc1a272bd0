import { createHash } from 'node:crypto';
import type { Article, Clock, ImageInfo, Issue, PublishedPrecision, SourceFormat } from '../domain/index.js';
import { PARAGRAPH_SEPARATOR, systemClock } from '../domain/index.js';
import { guessLanguage } from './language.js';
import { outletFromUrl } from './outlets.js';

/** What a reader found; `makeArticle` derives the rest (text, hashes, id, language, retrievedAt). */
export interface ArticleFields {
  readonly url?: string;
  readonly canonicalUrl?: string;
  readonly outlet?: string;
  /** Already normalised (see `normalisePublished`). */
  readonly published?: string;
  /** Defaults from the shape of `published`: `YYYY-MM-DD` day, `YYYY-MM` month, longer datetime. */
  readonly publishedPrecision?: PublishedPrecision;
  readonly section?: string;
  readonly headline: string;
  readonly byline?: readonly string[];
  readonly image?: ImageInfo;
  readonly paragraphs: readonly string[];
  /** Overrides the guess from the text. */
  readonly language?: string;
  readonly sourceFormat: SourceFormat;
  /** Defaults to `clock.now()`. */
  readonly retrievedAt?: string;
  readonly clock?: Clock;
  readonly issues?: readonly Issue[];
}

const NEEDS_CLEANING = /[\u200b-\u200d\ufeff\u00ad]|\s\s|[^\S ]/;

/**
 * Collapses runs of whitespace (including NBSP and zero-width marks scrapes leave) into single spaces and trims.
 *
 * @example cleanLine('  Kyiv\u00a0 \u200bOblast ') === 'Kyiv Oblast'
 */
export function cleanLine(s: string): string {
  // Most lines are already clean; one scan for anything to fix is much cheaper than three replaces.
  if (!NEEDS_CLEANING.test(s)) return s.trim();
  return s
    .replace(/[\u200b-\u200d\ufeff\u00ad]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The text the content hash is taken over: NFKC, whitespace collapsed, so re-wrapped copies hash the same.
 *
 * @example normaliseForHash('One\n\n Two') === 'One Two'
 */
export function normaliseForHash(text: string): string {
  return cleanLine(text.normalize('NFKC'));
}

/**
 * sha256 hex of a string's UTF-8 bytes.
 *
 * @example sha256Hex('') === 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 */
export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

const TRACKING_PARAM = /^(?:utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$/i;

/**
 * A URL in the form ids are hashed from: http(s) only, lower-case host without `www.`, no fragment, no tracking
 * parameters, no trailing slash on the path. Returns undefined for anything that is not an http(s) URL.
 *
 * @example canonicaliseUrl('https://www.Kyivindependent.com/a/?utm_source=x#top') === 'https://kyivindependent.com/a'
 */
export function canonicaliseUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  u.hash = '';
  u.hostname = u.hostname.toLowerCase().replace(/^www\./, '');
  for (const key of [...u.searchParams.keys()]) if (TRACKING_PARAM.test(key)) u.searchParams.delete(key);
  u.searchParams.sort();
  let s = u.toString();
  if (u.search === '' && u.pathname.length > 1 && s.endsWith('/')) s = s.slice(0, -1);
  return s;
}

function precisionOf(published: string): PublishedPrecision {
  if (/^\d{4}-\d{2}-\d{2}$/.test(published)) return 'day';
  if (/^\d{4}-\d{2}$/.test(published)) return 'month';
  return 'datetime';
}

/**
 * Builds an Article from what a reader found. Guarantees: paragraphs are whitespace-collapsed and non-empty;
 * `text = paragraphs.join('\n\n')`; `contentHash` is the sha256 hex of the normalised text; `id` is `a_` + 16 hex
 * of sha256 of the canonical URL when there is one, else of the content hash; `language` is guessed when not
 * given; the outlet falls back to the known-outlets table by URL. Keys that are undefined are left out, so the
 * JSON is stable.
 *
 * @example
 * makeArticle({ headline: 'Strike on Kharkiv', paragraphs: ['Russian forces struck Kharkiv on Nov. 3.'],
 *   sourceFormat: 'plain-text', clock: fixedClock('2025-11-05T00:00:00Z') }).text
 *   === 'Russian forces struck Kharkiv on Nov. 3.'
 */
export function makeArticle(fields: ArticleFields): Article {
  const paragraphs = fields.paragraphs.map(cleanLine).filter((p) => p !== '');
  const text = paragraphs.join(PARAGRAPH_SEPARATOR);
  const headline = cleanLine(fields.headline);
  const contentHash = sha256Hex(normaliseForHash(text));
  const url = fields.url?.trim() || undefined;
  const canonicalUrl = canonicaliseUrl(fields.canonicalUrl) ?? canonicaliseUrl(url);
  const id = `a_${sha256Hex(canonicalUrl ?? contentHash).slice(0, 16)}`;
  const outlet =
    fields.outlet?.trim() || (canonicalUrl ? outletFromUrl(canonicalUrl) : undefined) || undefined;
  const published = fields.published?.trim() || undefined;
  const section = fields.section ? cleanLine(fields.section) || undefined : undefined;
  const byline = (fields.byline ?? []).map(cleanLine).filter((b) => b !== '');
  const image =
    fields.image && cleanLine(fields.image.caption) !== ''
      ? {
          caption: cleanLine(fields.image.caption),
          ...(fields.image.credit && cleanLine(fields.image.credit) !== ''
            ? { credit: cleanLine(fields.image.credit) }
            : {}),
        }
      : undefined;
  const article: Article = {
    id,
    ...(url ? { url } : {}),
    ...(canonicalUrl ? { canonicalUrl } : {}),
    ...(outlet ? { outlet } : {}),
    ...(published ? { published } : {}),
    publishedPrecision: published ? (fields.publishedPrecision ?? precisionOf(published)) : 'unknown',
    ...(section ? { section } : {}),
    headline,
    byline,
    ...(image ? { image } : {}),
    paragraphs,
    text,
    language: fields.language ?? guessLanguage(`${headline}\n${text}`),
    sourceFormat: fields.sourceFormat,
    contentHash,
    retrievedAt: fields.retrievedAt ?? (fields.clock ?? systemClock).now().toISOString(),
    issues: [...(fields.issues ?? [])],
  };
  return article;
}
