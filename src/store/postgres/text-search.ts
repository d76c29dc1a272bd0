/**
 * Full-text search on PostgreSQL that answers like the SQLite store's FTS5 (`unicode61 remove_diacritics 2`): words
 * are runs of letters and digits of any script, lower-cased, with diacritics removed from Latin letters only (so
 * Ukrainian й/ї stay as written); a query needs every word, and a trailing `*` keeps prefix search. The words are
 * split here in JavaScript and handed to PostgreSQL as ready lexemes (`array_to_tsvector`, a `tsquery` literal), so
 * no text-search parser or database locale can split or fold them differently.
 */

// tsvector values are limited to 1 MB; lexemes past this budget of a huge article are left out of its index.
const MAX_LEXEME_BYTES = 900_000;

const LATIN_WITH_MARKS = /[\u00c0-\u024f\u1e00-\u1eff]/g;

/** Lower-cases a word and strips diacritics from its Latin letters. */
export function foldWord(word: string): string {
  return word.toLowerCase().replace(LATIN_WITH_MARKS, (c) => c.normalize('NFD').replace(/\p{M}/gu, '') || c);
}

/**
 * The distinct folded words of a text, for `array_to_tsvector`.
 *
 * @example lexemes('Добропілля, Dobropillia! Café') → ['добропілля', 'dobropillia', 'cafe']
 */
export function lexemes(text: string): string[] {
  const out = new Set<string>();
  let bytes = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = foldWord(m[0]);
    if (out.has(w)) continue;
    bytes += Buffer.byteLength(w) + 8;
    if (bytes > MAX_LEXEME_BYTES) break;
    out.add(w);
  }
  return [...out];
}

/** One query term: the folded word and whether it is a prefix. */
export interface QueryTerm {
  readonly word: string;
  readonly prefix: boolean;
}

/** The terms of what a user typed; operators and punctuation are text. Empty when it has no words. */
export function queryTerms(q: string): QueryTerm[] {
  return [...q.matchAll(/([\p{L}\p{N}]+)(\*?)/gu)].map((m) => ({
    word: foldWord(m[1]),
    prefix: m[2] === '*',
  }));
}

/**
 * A `tsquery` literal requiring every term, or null when the query has no words (the caller then matches nothing).
 *
 * @example tsQuery('Покров* sector') → "'покров':* & 'sector'"
 */
export function tsQuery(q: string): string | null {
  const terms = queryTerms(q);
  if (terms.length === 0) return null;
  // Terms hold only letters and digits, so quoting cannot be broken out of.
  return terms.map((t) => `'${t.word}'${t.prefix ? ':*' : ''}`).join(' & ');
}

/**
 * About 16 words of `text` around the first word a term matches, with `…` where text was cut (plain text).
 *
 * @example snippet(longText, queryTerms('Dobropillia')) → '…command post in Dobropillia sector together with…'
 */
export function snippet(text: string, terms: readonly QueryTerm[], width = 16): string {
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  if (words.length === 0) return text.slice(0, 200);
  let hit = words.findIndex((m) => {
    const w = foldWord(m[0]);
    return terms.some((t) => (t.prefix ? w.startsWith(t.word) : w === t.word));
  });
  if (hit < 0) hit = 0;
  const from = Math.max(0, Math.min(hit - Math.floor(width / 2), words.length - width));
  const to = Math.min(words.length, from + width);
  const start = words[from].index ?? 0;
  const last = words[to - 1];
  const end = (last.index ?? 0) + last[0].length;
  return `${from > 0 ? '…' : ''}${text.slice(start, end)}${to < words.length ? '…' : ''}`;
}
