import { kmu2010 } from './transliterate.js';
import { russianRomanisations, ukrainianVariants } from './variants.js';

/** A name and its origin, as importers hand them to the writer. */
export type NamedForm = readonly [name: string, origin: string];

const RU_TRANSLIT: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye',
}; // prettier-ignore

/**
 * Romanises Russian Cyrillic the way English-language news does (a simplified BGN/PCGN: ы → y, й → y, -ий → -iy).
 *
 * @example russianRoman('Донецкая') === 'donetskaya'; russianRoman('Покровский') === 'pokrovskiy'
 */
export function russianRoman(ru: string): string {
  let out = '';
  for (const ch of ru.normalize('NFC').toLowerCase()) out += RU_TRANSLIT[ch] ?? ch;
  return out.replace(/iy\b/gu, 'iy');
}

/** Strips an English oblast suffix: "Donetsk Oblast" → "Donetsk". */
export function oblastBase(en: string): string {
  return en.replace(/\s+(oblast|region|province)$/iu, '').trim();
}

/**
 * The forms under which people name an oblast: "Donetsk Oblast", "Donetsk region", "Donetska oblast",
 * "Донецька область", "Донецкая область", "Donetskaya oblast".
 *
 * @example oblastForms('Donetsk Oblast', 'Донецька', 'Донецкая') includes ['Donetsk region', 'official']
 */
export function oblastForms(en: string, uk: string, ru: string): NamedForm[] {
  const out: NamedForm[] = [];
  const base = oblastBase(en);
  if (en) out.push([en, 'official']);
  // "Kyiv (city)" and the autonomous republic are not "X Oblast"; their forms come from the curated file.
  if (base && !/[()]/u.test(base) && !/republic|sevastopol/iu.test(base)) {
    for (const w of ['Oblast', 'region', 'province', 'oblast region']) out.push([`${base} ${w}`, 'official']);
  }
  const ukAdj = uk.replace(/\s+область$/u, '');
  if (ukAdj && /ська$|цька$|зька$/u.test(ukAdj)) {
    out.push([`${ukAdj} область`, 'official'], [`${ukAdj} обл`, 'official']);
    out.push([`${kmu2010(ukAdj)} oblast`, 'variant']);
  }
  const ruAdj = ru.replace(/\s+область$/u, '');
  if (ruAdj && /ская$|цкая$|зская$/u.test(ruAdj)) {
    out.push([`${ruAdj} область`, 'russian'], [`${russianRoman(ruAdj)} oblast`, 'russian']);
  }
  return out;
}

/**
 * Candidate town stems of an adjectival English raion or hromada name: "Pokrovskyi" → ["Pokrovsk", "Pokrov"],
 * "Dobropilska" → ["Dobropilsk", "Dobropil"]. The importer keeps the one that names a settlement of the unit.
 */
export function adjectiveStems(en: string): string[] {
  const stems = [en.replace(/(yi|a|e)$/u, ''), en.replace(/(s|ts|z)?k(yi|a|e)$/u, '')];
  return [...new Set(stems.filter((x) => x.length >= 3))];
}

/**
 * The forms of a raion: "Pokrovskyi raion", "Pokrovskyi district", "Pokrovsk district", "Покровський район",
 * "Покровский район", "Pokrovskiy raion". `town` is the raion centre's name when known.
 */
export function raionForms(en: string, uk: string, ru: string, town?: string): NamedForm[] {
  const out: NamedForm[] = [];
  const words = ['raion', 'district', 'rayon'];
  for (const w of words) if (en) out.push([`${en} ${w}`, 'official']);
  if (town) for (const w of words) out.push([`${town} ${w}`, 'official']);
  if (uk) {
    out.push([`${uk} район`, 'official']);
    // Romanised the other ways too: ACLED writes Chuguivskyi for Chuhuivskyi.
    for (const v of ukrainianVariants(uk)) for (const w of words) out.push([`${v} ${w}`, 'variant']);
  }
  if (ru) {
    out.push([`${ru} район`, 'russian']);
    const r = russianRoman(ru);
    for (const w of words) out.push([`${r} ${w}`, 'russian'], [`${r.replace(/iy$/u, 'y')} ${w}`, 'russian']);
  }
  return out;
}

/**
 * The forms of a hromada: "Dobropilska hromada", "Dobropilska community", "Dobropillia community",
 * "Добропільська громада", "Добропольская громада", the bare adjective "Dobropilska".
 */
export function hromadaForms(en: string, uk: string, ru: string, seat?: string): NamedForm[] {
  const out: NamedForm[] = [];
  const words = [
    'hromada',
    'community',
    'territorial community',
    'municipality',
    'urban hromada',
    'rural hromada',
    'settlement hromada',
    'urban community',
    'rural community',
    'settlement community',
  ];
  if (en) {
    // The bare adjective ("Dobropilska") names only the hromada; a bare noun ("Kyiv") would shadow the city.
    if (/(s|ts|z)ka$/u.test(en)) out.push([en, 'official']);
    for (const w of words) out.push([`${en} ${w}`, 'official']);
  }
  if (seat)
    for (const w of ['hromada', 'community', 'territorial community']) out.push([`${seat} ${w}`, 'official']);
  if (uk) {
    if (/ька$/u.test(uk)) out.push([uk, 'official']);
    out.push([`${uk} громада`, 'official'], [`${uk} територіальна громада`, 'official']);
  }
  if (uk) {
    for (const v of ukrainianVariants(uk)) {
      if (/ька$/u.test(uk)) out.push([v, 'variant']);
      out.push([`${v} hromada`, 'variant'], [`${v} community`, 'variant']);
    }
  }
  if (ru) {
    out.push([`${ru} громада`, 'russian'], [`${ru} община`, 'russian']);
    // ACLED's admin3 column uses Russian forms: Konstantinovskaya.
    for (const r of russianRomanisations(ru)) {
      if (/(ская|цкая|зская)$/u.test(ru)) out.push([r, 'russian']);
      out.push([`${r} hromada`, 'russian'], [`${r} community`, 'russian']);
    }
  }
  return out;
}
