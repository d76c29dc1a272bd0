import type { Issue } from '../domain/index.js';
import { issue } from '../domain/index.js';
import { normalisePublished } from './dates.js';
import type { ArticleFields } from './make-article.js';
import { outletName } from './outlets.js';
import { splitParagraphs } from './paragraphs.js';
import { splitByline } from './scrape-text-reader.js';
import { dropTextBoilerplate } from './text-boilerplate.js';

/** One line of a JSONL dump: the fields it gave, or why it gave none. */
export interface JsonlEntry {
  /** 1-based line number in the input, or element number of a JSON array (`unit: 'item'`). */
  readonly line: number;
  readonly unit: 'line' | 'item';
  readonly fields: ArticleFields | null;
  /** Present when the line had HTML instead of text; the caller runs the HTML reader over it. */
  readonly html?: string;
  readonly issues: readonly Issue[];
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;

function first(o: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = str(o[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

function authors(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap((x) => (typeof x === 'string' ? splitByline(x) : []));
  if (typeof v === 'string') return splitByline(v.replace(/^by\s+/i, ''));
  return [];
}

/** Strips the markup scrapers leave: heading hashes, bold markers, endnote markers such as `[12]`. */
function unmarkdown(p: string): string {
  return p
    .replace(/^#{1,6}\s+/, '')
    .replace(/\*\*|__/g, '')
    .replace(/\[\d{1,3}\]/g, '');
}

/** One parsed JSON value as an entry: an object with text or html gives fields, anything else an issue. */
function fromValue(o: unknown, line: number, unit: 'line' | 'item'): JsonlEntry {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    return {
      line,
      unit,
      fields: null,
      issues: [issue('json-invalid', `${unit} ${line}: not a JSON object`)],
    };
  }
  const rec = o as Record<string, unknown>;
  const body = str(rec.text);
  const html = body === undefined ? str(rec.html) : undefined;
  if (body === undefined && html === undefined) {
    return {
      line,
      unit,
      fields: null,
      issues: [issue('text-missing', `${unit} ${line}: no "text" or "html" field`)],
    };
  }
  const issues: Issue[] = [];
  const rawDate = first(rec, ['published', 'date', 'published_at', 'pubDate']);
  const date = normalisePublished(rawDate);
  if (rawDate !== undefined && !date) issues.push(issue('date-invalid', `unreadable date '${rawDate}'`));
  // JSONL dumps are raw page scrapes: menus and share buttons come along as lines.
  const paragraphs = body !== undefined ? dropTextBoilerplate(splitParagraphs(body)).map(unmarkdown) : [];
  const headline = first(rec, ['headline', 'title']) ?? '';
  const fields: ArticleFields = {
    url: first(rec, ['url', 'link']),
    outlet: outletName(first(rec, ['outlet', 'source', 'publisher'])),
    ...(date ? { published: date.published, publishedPrecision: date.precision } : {}),
    section: first(rec, ['section', 'category']),
    headline,
    byline: authors(rec.byline ?? rec.author ?? rec.authors),
    paragraphs,
    sourceFormat: 'jsonl',
    issues,
  };
  return html !== undefined ? { line, unit, fields, html, issues } : { line, unit, fields, issues };
}

/**
 * Reads JSONL: each non-blank line one JSON object with `text` or `html`, and any of `url`,
 * `published|date|published_at|pubDate`, `outlet`, `headline|title`, `byline|author|authors`, `section`. A line
 * that is not a JSON object, or has neither text nor html, gives an entry with `fields: null` and one issue naming
 * the line; the other lines still load. An unreadable date is an issue on its article, not a failure. A whole
 * JSON document (an array of such objects, or one pretty-printed object) is read too, its elements numbered as
 * items.
 *
 * @example readJsonl('{"headline":"H","text":"Body."}\nnot json').map((e) => e.fields !== null) → [true, false]
 */
export function readJsonl(text: string): JsonlEntry[] {
  const document = wholeDocument(text);
  if (document) return document.map((o, i) => fromValue(o, i + 1, 'item'));
  const out: JsonlEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '') continue;
    const line = i + 1;
    let o: unknown;
    try {
      o = JSON.parse(raw);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      out.push({
        line,
        unit: 'line',
        fields: null,
        issues: [issue('json-invalid', `line ${line}: not JSON (${why})`)],
      });
      continue;
    }
    out.push(fromValue(o, line, 'line'));
  }
  return out;
}

/** The elements of a JSON array, or a lone multi-line object, when the whole text is one JSON document. */
function wholeDocument(text: string): unknown[] | null {
  const t = text.trim();
  // A one-line object is ordinary JSONL; only a document spanning lines, or an array, is read whole.
  if (!(t.startsWith('[') || (t.startsWith('{') && t.includes('\n')))) return null;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) ? (v as unknown[]) : [v];
  } catch {
    return null;
  }
}
