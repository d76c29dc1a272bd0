import type { Sentence, Span } from '../domain/index.js';
import { PARAGRAPH_SEPARATOR } from '../domain/index.js';

// Abbreviations that end in a full stop but do not end a sentence in war reporting.
const ABBREVIATIONS = new Set([
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mr',
  'mrs',
  'ms',
  'dr',
  'gen',
  'lt',
  'col',
  'maj',
  'capt',
  'sgt',
  'pres',
  'gov',
  'sen',
  'rep',
  'st',
  'no',
  'vs',
  'etc',
  'approx',
  'km',
  'u.s',
  'u.k',
  'e.g',
  'i.e',
  'a.m',
  'p.m',
  'jr',
  'sr',
  'inc',
  'co',
  'corp',
  'obl',
  'vol',
  'fig',
  'mt',
]);

const OPENING_QUOTES = '"“«„';
const CLOSING_QUOTES = '"”»“';

/**
 * Splits an article's text into sentences: paragraph breaks always end one; `.`, `!`, `?` (optionally followed by a
 * closing quote or bracket) end one when followed by space and an upper-case letter, digit or opening quote,
 * except after known abbreviations and single initials.
 *
 * @example splitSentences('Troops entered. Shelling went on.') → two sentences with spans [0,15) and [16,34).
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = 0;
  let pos = 0;
  while (pos <= text.length) {
    let pEnd = text.indexOf(PARAGRAPH_SEPARATOR, pos);
    if (pEnd < 0) pEnd = text.length;
    for (const s of splitParagraph(text, pos, pEnd)) {
      out.push({
        index: out.length,
        paragraph,
        span: s,
        text: text.slice(s.start, s.end),
        quoted: isQuoted(text, s),
      });
    }
    paragraph += 1;
    if (pEnd >= text.length) break;
    pos = pEnd + PARAGRAPH_SEPARATOR.length;
  }
  return out;
}

function splitParagraph(text: string, from: number, to: number): Span[] {
  const spans: Span[] = [];
  let start = skipSpace(text, from, to);
  let i = start;
  while (i < to) {
    // by char code: most characters are none of the four looked for, and reading them as strings costs more
    const code = text.charCodeAt(i);
    if (code !== 10 && code !== 46 && code !== 33 && code !== 63) {
      i += 1;
      continue;
    }
    const ch = text[i];
    if (ch === '\n') {
      pushTrimmed(text, start, i, spans);
      start = skipSpace(text, i + 1, to);
      i = start;
      continue;
    }
    if (ch === '.' || ch === '!' || ch === '?') {
      let end = i + 1;
      while (end < to && (CLOSING_QUOTES.includes(text[end]) || text[end] === ')' || text[end] === '.'))
        end += 1;
      if (end >= to) break;
      if (
        /\s/.test(text[end]) &&
        startsSentence(text, skipSpace(text, end, to), to) &&
        !isAbbreviation(text, i, ch)
      ) {
        pushTrimmed(text, start, end, spans);
        start = skipSpace(text, end, to);
        i = start;
        continue;
      }
    }
    i += 1;
  }
  pushTrimmed(text, start, to, spans);
  return spans;
}

function startsSentence(text: string, at: number, to: number): boolean {
  if (at >= to) return false;
  const c = text[at];
  return /[\p{Lu}\p{N}]/u.test(c) || OPENING_QUOTES.includes(c) || c === '(' || c === '—';
}

function isAbbreviation(text: string, dot: number, ch: string): boolean {
  if (ch !== '.') return false;
  let s = dot;
  while (s > 0 && /[\p{L}.]/u.test(text[s - 1])) s -= 1;
  const word = text.slice(s, dot).toLowerCase();
  if (word.length === 1) return /\p{Lu}/u.test(text[s]);
  return ABBREVIATIONS.has(word);
}

function skipSpace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && /\s/.test(text[i])) i += 1;
  return i;
}

function pushTrimmed(text: string, start: number, end: number, spans: Span[]): void {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e -= 1;
  if (e > start) spans.push({ start, end: e });
}

function isQuoted(text: string, s: Span): boolean {
  const first = text[s.start];
  return OPENING_QUOTES.includes(first);
}
