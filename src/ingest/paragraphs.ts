import { cleanLine } from './make-article.js';

// A line ending like this closes its paragraph; one ending otherwise and followed by a line starting in lower case
// (or a digit) is a hard wrap of the same paragraph.
const CLOSED = /[.!?:;"'”’»)\]…]$/;
const CONTINUES = /^[\p{Ll}\d(]/u;

/**
 * Splits plain text into paragraphs: blank lines always separate; a single line break separates too (scrapes and
 * JSONL dumps put one paragraph per line) unless it is a hard wrap — the line does not end a sentence and the next
 * starts in lower case. Each paragraph is whitespace-collapsed; empty ones are dropped.
 *
 * @example splitParagraphs('One.\nTwo\ncontinued.\n\nThree.') → ['One.', 'Two continued.', 'Three.']
 */
export function splitParagraphs(text: string): string[] {
  const out: string[] = [];
  let current: string | null = null;
  for (const raw of text.split(/\r\n|\r|\n|\u2028|\u2029/)) {
    const line = cleanLine(raw);
    if (line === '') {
      if (current !== null) out.push(current);
      current = null;
    } else if (current !== null && !CLOSED.test(current) && CONTINUES.test(line)) {
      current = `${current} ${line}`;
    } else {
      if (current !== null) out.push(current);
      current = line;
    }
  }
  if (current !== null) out.push(current);
  return out;
}
