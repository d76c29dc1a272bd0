import { normaliseName } from './normalise.js';
import { KMU2010, transliterateWith } from './transliterate.js';

/** A generated lookup key (already normalised) and where it comes from: `variant` (Ukrainian-based) or `russian`. */
export interface NameVariant {
  readonly key: string;
  readonly origin: 'variant' | 'russian';
}

/** At most this many variants per name, after deduplication (keeps the index and a matcher over it small). */
export const MAX_VARIANTS = 16;

/** Generated keys shorter than this are dropped (official names of any length stay searchable). */
export const MIN_GENERATED = 4;

type Table = Readonly<Record<string, string | readonly [string, string]>>;

// BGN/PCGN (1965) for Ukrainian: є ї й ю я are ye yi y yu ya everywhere, so Водяне → Vodyane, Київ → Kyyiv.
const BGN: Table = { ...KMU2010, є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' };
// What news writers mix: the official system but ya/yu/ye for я/ю/є (Novoyakovlivka), or y for й (Kryvyy).
const MIXED_YA: Table = { ...KMU2010, є: 'ye', ю: 'yu', я: 'ya' };
const MIXED_Y: Table = { ...KMU2010, й: 'y', ї: ['yi', 'yi'] };
// Informal h for х and g for г (Harkiv, Gorlivka) and sch for щ.
const SOFT: Table = { ...KMU2010, х: 'h', щ: 'sch' };
// ї inside a word as ii (Dariivka for Дар'ївка, whose official form is Darivka).
const DOUBLE_I: Table = { ...KMU2010, ї: ['yi', 'ii'] };
const G_FOR_H: Table = { ...KMU2010, г: 'g', я: 'ya', ю: 'yu', є: 'ye' };

const UKRAINIAN_SYSTEMS: readonly Table[] = [KMU2010, BGN, MIXED_YA, MIXED_Y, SOFT, G_FOR_H, DOUBLE_I];

// A doubled consonant before я/ю/є (Запоріжжя, Добропілля) is often written single: Zaporizhia, Dobropilia.
const DOUBLED = /([бвгґджзклмнпрстфхцчшщ])\1(?=[яюєі])/gu;

/**
 * Romanised forms of a Ukrainian Cyrillic name: the official 2010 system (word-initial є ї й ю я, зг → zgh),
 * BGN/PCGN, and the informal mixes news uses (ia/ya, ii/iy/yi, kh/h, g for г, doubled consonants single). Keys are
 * normalised and deduplicated; the Cyrillic itself is not included (callers index it as the official name).
 *
 * @example ukrainianVariants('Водяне') includes 'vodiane' and 'vodyane'
 */
export function ukrainianVariants(uk: string): string[] {
  const out = new Set<string>();
  for (const table of UKRAINIAN_SYSTEMS) {
    const digraphs: Readonly<Record<string, string>> = table === KMU2010 ? { зг: 'zgh' } : {};
    out.add(normaliseName(transliterateWith(uk, table, digraphs)));
  }
  const single = uk.toLowerCase().replace(DOUBLED, '$1');
  if (single !== uk.toLowerCase()) {
    out.add(normaliseName(transliterateWith(single, KMU2010)));
    out.add(normaliseName(transliterateWith(single, BGN)));
  }
  out.delete('');
  return [...out];
}

// Russian romanisation as English-language news does it (BGN/PCGN-like): е is ye at a word start, after a vowel and
// after ь/ъ (Avdeyevka, Dobropolye); ё is yo (Artyomovsk).
const RU: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g',
}; // prettier-ignore
const CLOSED_I = /і(?=[бвгджзклмнпрстфхцчшщ](?:[бвгджзклмнпрстфхцчшщь]|\s|$))/gu;
const VOWELS = new Set('аеёиоуыэюяіїєaeiouy');

/**
 * Romanises Russian Cyrillic the ways English-language news does: `ye` after vowels/soft sign/word start
 * (`yeNearVowels`), or plain `e` everywhere; `-ый`/`-ий` as `-yy`/`-iy` or (with `shortEndings`) `-y`.
 *
 * @example russianRomanisations('Авдеевка') → ['avdeyevka', 'avdeevka']
 */
export function russianRomanisations(ru: string): string[] {
  const s = ru.normalize('NFC').toLowerCase();
  const render = (yeNearVowels: boolean, shortEndings: boolean): string => {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      const prev = i > 0 ? s[i - 1] : ' ';
      const atStart = !/\p{L}/u.test(prev);
      if (shortEndings && (ch === 'ы' || ch === 'и') && s[i + 1] === 'й' && !/\p{L}/u.test(s[i + 2] ?? ' ')) {
        out += 'y';
        i++;
        continue;
      }
      if (ch === 'е' && yeNearVowels && (atStart || VOWELS.has(prev) || prev === 'ь' || prev === 'ъ')) {
        out += 'ye';
        continue;
      }
      if (ch === 'ь' && yeNearVowels && s[i + 1] === 'е') continue;
      out += RU[ch] ?? ch;
    }
    return normaliseName(out);
  };
  return [...new Set([render(true, false), render(false, false), render(true, true), render(false, true)])];
}

/**
 * Russian-looking Cyrillic forms of a Ukrainian name by the regular correspondences: і → и / е / о (Київ → Киев,
 * Харків → Харьков), ї → е/и, є → е, endings -ине → -ино, -ове → -ово, -не → -ное, -ське → -ское, a doubled
 * consonant before я → -ье (Добропілля → Доброполье), and Сіверськ/Сєвєро → Северск/Северо. A heuristic: some forms
 * are not real, but the real one is usually among them.
 *
 * Forms are lower-case Cyrillic, soft signs kept (they decide romanisations such as -ye); not yet normalised.
 *
 * @example russianForms('Очеретине') includes 'очеретино'; russianForms('Київ') includes 'киев'
 */
export function russianForms(uk: string): string[] {
  const base = uk
    .normalize('NFC')
    .toLowerCase()
    .replace(/['’ʼ]/gu, '')
    .replace(/є/gu, 'е')
    .replace(/([бвгджзклмнпрстфхцчшщ])\1я(?=\s|$)/gu, '$1ье')
    .replace(/ине(?=\s|$)/gu, 'ино')
    .replace(/([ое])ве(?=\s|$)/gu, '$1во')
    .replace(/ське(?=\s|$)/gu, 'ское')
    .replace(/цьке(?=\s|$)/gu, 'цкое')
    .replace(/ске(?=\s|$)/gu, 'ское')
    .replace(/цке(?=\s|$)/gu, 'цкое')
    .replace(/([аяо])не(?=\s|$)/gu, '$1ное')
    .replace(/([бвгджзклмпрстфхцчшщ])не(?=\s|$)/gu, '$1ное')
    .replace(/([нсчжшт])на(?=\s|$)/gu, '$1ная')
    // An adjective before its noun takes the Russian long ending: Велика Новосілка → Великая Новоселка.
    .replace(/([клвнр])а(?=\s+\p{L})/gu, '$1ая')
    .replace(/([^кгхжшчщ])ий(?=\s|$)/gu, '$1ый')
    .replace(/сівер/gu, 'север');
  const out = new Set<string>();
  const tidy = (x: string): string => x.replace(/\s+/gu, ' ').trim();
  out.add(tidy(base.replace(/[ії]/gu, 'и')));
  out.add(tidy(base.replace(/[ії]/gu, 'е')));
  // і from an old о shows only in closed syllables (Харків/Харьков, Добропілля/Доброполье, Горлівка/Горловка).
  out.add(
    tidy(
      base
        .replace(CLOSED_I, 'о')
        .replace(/[ії]/gu, 'е')
        .replace(/ый(?=\s|$)/gu, 'ой'),
    ),
  );
  return [...out];
}

/**
 * Every generated key of a Ukrainian Cyrillic name: its Ukrainian romanisations, Russian-looking Cyrillic forms and
 * their romanisations (Vodyane, Severodonetsk, Novoyakovlivka, Ocheretino, Kiev), deduplicated and capped at
 * `MAX_VARIANTS`, the official-system key first. Latin input yields Latin-side variants only.
 *
 * @example nameVariants('Очеретине').map((v) => v.key) includes 'ocheretyne' and 'ocheretino'
 */
export function nameVariants(name: string): NameVariant[] {
  const seen = new Set<string>([normaliseName(name)]);
  const out: NameVariant[] = [];
  const add = (key: string, origin: NameVariant['origin']): void => {
    // Generated keys under four letters are mostly English words or names (Гай → gay, Рай → ray): not worth it.
    if (key.length >= MIN_GENERATED && !seen.has(key) && out.length < MAX_VARIANTS) {
      seen.add(key);
      out.push({ key, origin });
    }
  };
  if (!/\p{Script=Cyrillic}/u.test(name)) {
    for (const key of latinVariants(name)) add(key, 'variant');
    return out;
  }
  for (const key of ukrainianVariants(name)) add(key, 'variant');
  const forms = russianForms(name);
  for (const form of forms) add(normaliseName(form), 'russian');
  // The plainest romanisations of each Russian form first, so the cap drops the rarer spellings.
  const romans = forms.map(russianRomanisations);
  for (let k = 0; k < 4; k++) for (const r of romans) if (r[k]) add(r[k], 'russian');
  return out;
}

/**
 * Informal spellings of an already-romanised Ukrainian name (for sources that carry no Cyrillic, such as
 * GeoNames' English names): ia/ya, iu/yu, ie/ye, ii/iy, yi/i.
 *
 * @example latinVariants('Dobropillia') includes 'dobropillya'
 */
export function latinVariants(name: string): string[] {
  const n = normaliseName(name);
  const out = new Set<string>([
    n.replace(/i([aue])/gu, 'y$1'),
    n.replace(/y([aue])/gu, 'i$1').replace(/(^|\s)i([aue])/gu, '$1y$2'),
    n.replace(/ii/gu, 'iy'),
    n.replace(/iy/gu, 'ii'),
    n.replace(/yi(?=\s|$)/gu, 'iy'),
  ]);
  out.delete(n);
  out.delete('');
  return [...out];
}
