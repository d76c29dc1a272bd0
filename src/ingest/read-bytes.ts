import type { Article, Clock, Issue } from '../domain/index.js';
import { issue } from '../domain/index.js';
import { decodeBytes, looksBinary } from './decode.js';
import { readFeed } from './feed-reader.js';
import { readHtml } from './html-reader.js';
import { readJsonl } from './jsonl-reader.js';
import type { ArticleFields } from './make-article.js';
import { makeArticle } from './make-article.js';
import { stripOutletSuffix } from './outlets.js';
import { readPlainText, readScrapeText, SCRAPE_HEADER } from './scrape-text-reader.js';

/** The formats the readers understand; `readBytes` detects one by content unless told. */
export type ReaderFormat = 'scrape-text' | 'plain-text' | 'html' | 'rss' | 'atom' | 'jsonl';

/** The reader formats, for argument checking. */
export const READER_FORMATS: readonly ReaderFormat[] = [
  'scrape-text',
  'plain-text',
  'html',
  'rss',
  'atom',
  'jsonl',
];

/**
 * The largest input the readers accept, 50 MiB. Larger inputs are refused with issue `too-large` rather than read:
 * no single report is that long, and a feed or dump that big should be split.
 */
export const MAX_INPUT_BYTES = 50 * 1024 * 1024;

/**
 * What one input gave: its articles (a feed or JSONL dump gives many) and the issues about parts of it that gave
 * no article (a bad JSONL line, malformed XML, an empty or binary file). Issues about an article that was made
 * (e.g. `utf8-invalid`, `date-invalid`) sit in that article's own `issues`.
 */
export interface ReadResult {
  articles: Article[];
  issues: Issue[];
}

/** Where an input came from and how to read it. */
export interface ReadMeta {
  /** The file name or URL, used in messages. */
  name: string;
  /** Forces a reader; otherwise detected from the content. */
  format?: ReaderFormat;
  contentType?: string;
  url?: string;
  clock?: Clock;
}

/** One part of an input: `at` is '' for a single article, `:N` for JSONL line N, `#N` for feed item N. */
export interface ReadEntry {
  readonly at: string;
  readonly article: Article | null;
  readonly issues: readonly Issue[];
}

const XML_ROOT =
  /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*|<\?[^>]*\?>\s*)*<(rss|feed|rdf:RDF)\b/i;
const HTML_TAG = /<(?:!doctype\s+html|html|head|body|article|main|div|p|h1)[\s>]/i;

/**
 * Detects the format of decoded text: JSONL when the first non-blank character is `{` and the first line parses;
 * RSS or Atom by the XML root element (`<rss>`/`<rdf:RDF>` or `<feed>`); HTML by its tags; the page-scrape layout
 * by its `date YYYY-MM-DD … logo` first line; else plain text. A Content-Type only decides between feed kinds and
 * HTML when the content itself is ambiguous.
 *
 * @example detectFormat(' date 2025-11-04 KI logo\nWar\n…') === 'scrape-text'
 */
export function detectFormat(text: string, contentType?: string): ReaderFormat {
  const head = text.slice(0, 65_536);
  const trimmed = head.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const firstLine = trimmed.split('\n', 1)[0];
    for (const candidate of [firstLine, text]) {
      try {
        JSON.parse(candidate);
        return 'jsonl';
      } catch {
        // Not JSON this way; try the whole text, then the other formats.
      }
    }
  }
  const root = XML_ROOT.exec(head);
  if (root) return root[1].toLowerCase() === 'feed' ? 'atom' : 'rss';
  const firstLine = trimmed.split('\n', 1)[0];
  if (SCRAPE_HEADER.test(firstLine)) return 'scrape-text';
  if (HTML_TAG.test(head)) return 'html';
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('html')) return 'html';
  if (ct.includes('atom')) return 'atom';
  if (ct.includes('rss')) return 'rss';
  return 'plain-text';
}

function firstSentence(paragraphs: readonly string[]): string {
  const p = paragraphs[0] ?? '';
  return /^.{10,200}?[.!?](?=\s|$)/.exec(p)?.[0] ?? (p.length > 120 ? `${p.slice(0, 120)}…` : p);
}

/**
 * Turns a reader's fields into an article, or null with an issue when there is no body. Adds the decoding issues
 * and fills a missing headline from the first sentence (with `headline-missing`).
 */
function finish(
  fields: ArticleFields,
  meta: ReadMeta,
  extra: readonly Issue[],
  where: string,
): { article: Article | null; issues: Issue[] } {
  const paragraphs = fields.paragraphs.filter((p) => p.trim() !== '');
  if (paragraphs.length === 0) {
    const noBody = fields.issues?.find((i) => i.code === 'no-article');
    return {
      article: null,
      issues: [noBody ?? issue('no-article', `${where}: no article text found`), ...extra],
    };
  }
  const issues = [...extra, ...(fields.issues ?? [])];
  const url = fields.url ?? meta.url;
  let headline = fields.headline;
  if (headline.trim() === '') {
    headline = firstSentence(paragraphs);
    issues.push(issue('headline-missing', `${where}: no headline; the first sentence stands in`));
  }
  headline = stripOutletSuffix(headline, fields.outlet, fields.canonicalUrl ?? url);
  const article = makeArticle({
    ...fields,
    headline,
    url,
    clock: meta.clock,
    issues,
  });
  return { article, issues: [...article.issues] };
}

/**
 * Reads one input into entries (see ReadEntry), never throwing on bad data: too large, empty, binary and
 * undecodable inputs give one entry with `article: null` and one issue saying why.
 *
 * @example readEntries(bytes, { name: 'dump.jsonl' }).map((e) => e.at) → [':1', ':2', ':4']
 */
export function readEntries(bytes: Uint8Array, meta: ReadMeta): ReadEntry[] {
  const fail = (code: string, message: string): ReadEntry[] => [
    { at: '', article: null, issues: [issue(code, `${meta.name}: ${message}`)] },
  ];
  if (bytes.length > MAX_INPUT_BYTES) {
    return fail(
      'too-large',
      `${bytes.length} bytes is over the ${MAX_INPUT_BYTES}-byte limit (MAX_INPUT_BYTES)`,
    );
  }
  if (bytes.length === 0) return fail('empty', 'empty input');
  if (looksBinary(bytes)) return fail('binary', 'binary data (NUL or control bytes), not text');
  const decoded = decodeBytes(bytes, meta.contentType);
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return fail('empty', 'only whitespace');
  const extra = decoded.issues.map((i) => issue(i.code, `${meta.name}: ${i.message}`));
  const format = meta.format ?? detectFormat(text, meta.contentType);
  try {
    return readAs(format, text, meta, extra);
  } catch (err) {
    // The parsers are third-party code fed hostile input; whatever they throw is reported, never rethrown.
    return fail(
      'reader-failed',
      `the ${format} reader failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function readAs(format: ReaderFormat, text: string, meta: ReadMeta, extra: readonly Issue[]): ReadEntry[] {
  switch (format) {
    case 'jsonl':
      return readJsonl(text).map((e) => {
        const at = e.unit === 'item' ? `#${e.line}` : `:${e.line}`;
        if (!e.fields) return { at, article: null, issues: e.issues.map((i) => prefix(i, meta.name)) };
        const where = `${meta.name}${at}`;
        const fields = prefixed(e.html ? withHtml(e.fields, e.html) : e.fields, where);
        return { at, ...finish(fields, meta, extra, where) };
      });
    case 'scrape-text':
      return [{ at: '', ...finish(readScrapeText(text), meta, extra, meta.name) }];
    case 'plain-text':
      return [{ at: '', ...finish(readPlainText(text), meta, extra, meta.name) }];
    case 'html':
      return [{ at: '', ...finish(prefixed(readHtml(text, meta.url), meta.name), meta, extra, meta.name) }];
    case 'rss':
    case 'atom': {
      const feed = readFeed(text);
      if (feed.items.length === 0) {
        return [
          { at: '', article: null, issues: [...feed.issues.map((i) => prefix(i, meta.name)), ...extra] },
        ];
      }
      return feed.items.map((item) => {
        const at = `#${item.index}`;
        return {
          at,
          ...finish(prefixed(item.fields, `${meta.name}${at}`), meta, extra, `${meta.name}${at}`),
        };
      });
    }
  }
}

/** A JSONL line's fields with the body (and any metadata the line lacked) from its `html`. */
function withHtml(fields: ArticleFields, html: string): ArticleFields {
  const page = readHtml(html, fields.url);
  return {
    ...page,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== '')),
    byline: fields.byline && fields.byline.length > 0 ? fields.byline : page.byline,
    paragraphs: page.paragraphs,
    sourceFormat: 'jsonl',
    issues: [...(fields.issues ?? []), ...(page.issues ?? [])],
  };
}

function prefixed(fields: ArticleFields, name: string): ArticleFields {
  return {
    ...fields,
    issues: (fields.issues ?? []).map((i) => (i.message.startsWith(name) ? i : prefix(i, name))),
  };
}

function prefix(i: Issue, name: string): Issue {
  return issue(i.code, `${name}: ${i.message}`);
}

/**
 * Reads one input's bytes into articles. Never throws on bad data: what could not be read is in `issues`, each
 * naming the input (and line or item) and the reason.
 *
 * @example readBytes(readFileSync('seed.txt'), { name: 'seed.txt' }).articles[0].outlet === 'The Kyiv Independent'
 */
export function readBytes(bytes: Uint8Array, meta: ReadMeta): ReadResult {
  const entries = readEntries(bytes, meta);
  return {
    articles: entries.flatMap((e) => (e.article ? [e.article] : [])),
    issues: entries.flatMap((e) => (e.article ? [] : e.issues)),
  };
}
