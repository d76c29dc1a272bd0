// Marks that are dropped outright: apostrophes of every kind, the Latin transliteration marks for the soft and hard
// signs (ʹ ʺ ′ ″), and the Cyrillic soft and hard signs themselves (Торецьк and Торецк are one name to a reader).
const DROPPED = /['’‘ʼʹʺ′″`´ьъ]/gu;
// Hyphens, dashes and the minus sign separate words as a space does ("Ivano-Frankivsk", "Kramatorsk–Dobropillia").
const DASHES = /[-‐‑‒–—―−_/]/gu;
const MARKS = /\p{M}+/gu;

// Cyrillic letters whose diacritic makes a different letter in Ukrainian (й, ї) are kept; ё folds to е and ґ to г,
// because writers use them inconsistently.
const CYRILLIC_FOLD: Readonly<Record<string, string>> = { ё: 'е', ґ: 'г', ў: 'у' };

function foldChar(ch: string): string {
  if (ch === 'й' || ch === 'ї') return ch;
  const folded = CYRILLIC_FOLD[ch];
  if (folded !== undefined) return folded;
  if (ch.charCodeAt(0) < 0x80) return ch;
  return ch.normalize('NFKD').replace(MARKS, '');
}

/**
 * Folds a place name to its lookup key: lower case, diacritics removed (NFKD) except Ukrainian й and ї, apostrophes,
 * soft and hard signs dropped, hyphens and dashes as spaces, runs of spaces collapsed. Cyrillic stays Cyrillic, so
 * Ukrainian and Russian text match their own-script names directly. Idempotent.
 *
 * @example normaliseName("Kam’ians'ke") === 'kamianske'; normaliseName('Торецьк') === 'торецк';
 *   normaliseName('Ivano-Frankivsk') === 'ivano frankivsk'
 */
export function normaliseName(name: string): string {
  const lower = name.normalize('NFC').toLowerCase();
  let out = '';
  for (const ch of lower) out += foldChar(ch);
  return out.replace(DROPPED, '').replace(DASHES, ' ').replace(/\s+/gu, ' ').trim();
}

// A matcher folds the words of every key it loads, and the keys under one head share most of theirs (the head
// itself, "raion", "hromada"): four in five calls repeat a word (8,204 calls, 2,093 words for a 41 KB report).
const skeletons = new Map<string, string>();
const SKELETON_CACHE = 50_000;

/**
 * The spelling skeleton of one normalised word: the differences between romanisations that people actually write
 * (y/i/j, ia/ya/a, doubled letters, zhzh) fold together, so "vodyane"/"vodiane" and "mariinka"/"marinka" meet. The
 * gazetteer indexes each key by the skeleton of its first word (the `name_heads` table), so a matcher can load only
 * the names that can start at a word it sees; it must fold text words with this same function.
 *
 * @example nameSkeleton('vodyane') === nameSkeleton('vodiane') // 'vodane'
 */
export function nameSkeleton(word: string): string {
  let sk = skeletons.get(word);
  if (sk === undefined) {
    sk = word
      .replace(/[yj]/g, 'i')
      .replace(/i([aeuo])/g, '$1')
      .replace(/zhzh/g, 'zh')
      .replace(/(.)\1+/g, '$1');
    if (skeletons.size >= SKELETON_CACHE) skeletons.clear();
    skeletons.set(word, sk);
  }
  return sk;
}
