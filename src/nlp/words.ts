/**
 * The distinct words of a text, lower-cased: its runs of `\w` (ASCII letters, digits, underscore), the units a
 * pattern's `\b` delimits. Rules list the words their matches hold whole, so a text lacking them is not scanned.
 *
 * @example wordsOf('Russian forces shelled Kherson.') → Set { 'russian', 'forces', 'shelled', 'kherson' }
 */
export function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  // Lower-casing the whole text at once keeps every ASCII run as it is, lower-cased, except where one of the two
  // characters whose lower case is ASCII (İ → i̇, the Kelvin sign → k) would join or add letters: then word by word.
  if (/[\u0130\u212a]/.test(text)) {
    for (const w of text.match(/\w+/g) ?? []) words.add(w.toLowerCase());
    return words;
  }
  const lower = text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n) {
    if (!isWordCode(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (++i < n && isWordCode(lower.charCodeAt(i)));
    words.add(lower.slice(start, i));
  }
  return words;
}

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90);
}
