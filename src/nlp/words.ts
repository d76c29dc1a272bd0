// The last text listed and its words: the place and actor stages both ask for the article's.
let lastText: string | undefined;
let lastWords: ReadonlySet<string> = new Set();

/**
 * The distinct words of a text, lower-cased: its runs of `\w` (ASCII letters, digits, underscore), the units a
 * pattern's `\b` delimits. Rules list the words their matches hold whole, so a text lacking them is not scanned.
 *
 * @example wordsOf('Russian forces shelled Kherson.') → Set { 'russian', 'forces', 'shelled', 'kherson' }
 */
export function wordsOf(text: string): ReadonlySet<string> {
  if (text !== lastText) {
    lastWords = listWords(text);
    lastText = text;
  }
  return lastWords;
}

// Past this length listing a text's words costs more than the regex scans the list lets a reader skip.
const GATE_MAX = 100_000;

/**
 * `wordsOf` for a reader that skips patterns whose words a text lacks (the place and actor stages): null past
 * 100,000 characters, where the reader should run every pattern instead.
 *
 * @example gateWords('Russian forces shelled Kherson.')?.has('kherson') → true
 */
export function gateWords(text: string): ReadonlySet<string> | null {
  return text.length <= GATE_MAX ? wordsOf(text) : null;
}

function listWords(text: string): Set<string> {
  const words = new Set<string>();
  // Lower-casing the whole text at once keeps every ASCII run as it is, lower-cased, except where one of the two
  // characters whose lower case is ASCII (İ → i̇, the Kelvin sign → k) would join or add letters: then word by word.
  if (/[\u0130\u212a]/.test(text)) {
    for (const w of text.match(/\w+/g) ?? []) words.add(w.toLowerCase());
    return words;
  }
  eachWord(text.toLowerCase(), (w) => words.add(w));
  return words;
}

/**
 * The bitwise OR of the flags a text's words (as `wordsOf` lists them) carry in `flags`: which lists of words a text
 * holds, in one pass and without listing its words.
 *
 * @example wordFlags('Troops shelled Kherson.', new Map([['shelled', 1], ['stormed', 2]])) → 1
 */
export function wordFlags(text: string, flags: ReadonlyMap<string, number>): number {
  let held = 0;
  if (/[\u0130\u212a]/.test(text)) {
    for (const w of listWords(text)) held |= flags.get(w) ?? 0;
    return held;
  }
  eachWord(text.toLowerCase(), (w) => {
    held |= flags.get(w) ?? 0;
  });
  return held;
}

/** Calls `visit` with each run of `\w` of an already lower-cased text, in order. */
function eachWord(lower: string, visit: (word: string) => void): void {
  const n = lower.length;
  let i = 0;
  while (i < n) {
    if (!isWordCode(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (++i < n && isWordCode(lower.charCodeAt(i)));
    visit(lower.slice(start, i));
  }
}

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90);
}
