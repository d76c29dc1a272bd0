// The official Ukrainian romanisation (Cabinet of Ministers resolution No. 55 of 2010). Letters with two forms take
// the first at the start of a word and the second elsewhere.
/**
 * The 2010 table itself, for systems that start from it and change a few letters (BGN/PCGN, informal mixes).
 *
 * @example KMU2010['я'] → ['ya', 'ia']
 */
export const KMU2010: Readonly<Record<string, string | readonly [string, string]>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: ['ye', 'ie'],
  ж: 'zh',
  з: 'z',
  и: 'y',
  і: 'i',
  ї: ['yi', 'i'],
  й: ['y', 'i'],
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ь: '',
  ю: ['yu', 'iu'],
  я: ['ya', 'ia'],
  ы: 'y',
  э: 'e',
  ё: 'e',
  ъ: '',
};

const APOSTROPHES = /['’ʼ`´‘]/u;

/** Whether the text contains Cyrillic letters. */
export function isCyrillic(text: string): boolean {
  return /\p{Script=Cyrillic}/u.test(text);
}

/**
 * A letter-by-letter transliteration with a table whose two-form entries are [word-initial, elsewhere]. Characters
 * not in the table (spaces, hyphens, Latin) pass through; apostrophes are dropped.
 */
export function transliterateWith(
  text: string,
  table: Readonly<Record<string, string | readonly [string, string]>>,
  digraphs: Readonly<Record<string, string>> = {},
): string {
  const s = text.normalize('NFC').toLowerCase();
  let out = '';
  let wordStart = true;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const pair = s.slice(i, i + 2);
    const di = digraphs[pair];
    if (di !== undefined) {
      out += di;
      i++;
      wordStart = false;
      continue;
    }
    if (APOSTROPHES.test(ch)) continue;
    const t = table[ch];
    if (t === undefined) {
      out += ch;
      wordStart = !/\p{L}/u.test(ch);
      continue;
    }
    out += typeof t === 'string' ? t : wordStart ? t[0] : t[1];
    wordStart = false;
  }
  return out;
}

/**
 * Romanises Ukrainian Cyrillic by the official 2010 system (the one OCHA and the Ukrainian government use), in
 * lower case.
 *
 * @example kmu2010('Добропілля') === 'dobropillia'; kmu2010('Згурівка') === 'zghurivka'; kmu2010('Їжаківка') === 'yizhakivka'
 */
export function kmu2010(text: string): string {
  return transliterateWith(text, KMU2010, { зг: 'zgh' });
}
