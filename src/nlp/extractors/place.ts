import type { PlaceCandidate, PlaceLevel, PlaceMention, Span } from '../../domain/index.js';
import type { NameMatch, PlaceMatcher } from './place-matcher.js';
import { gateWords } from '../words.js';

// Names that are usually not places in war news: unit names, first names and surnames, common words and outlets.
// Each is still a place when its context says so ("the village of Peremoha", "Volodymyr, Volyn region").
const USUALLY_NOT_PLACES = new Set([
  'azov',
  'azovstal',
  'aidar',
  'kraken',
  'wagner',
  'akhmat',
  'volodymyr',
  'oleksandr',
  'oleksandra',
  'mykola',
  'mykhailo',
  'serhii',
  'andrii',
  'ivan',
  'ivana',
  'petro',
  'pavlo',
  'yurii',
  'olena',
  'iryna',
  'maria',
  'mariia',
  'hanna',
  'nadiia',
  'zelensky',
  'zelenskyi',
  'shevchenko',
  'bandera',
  'peremoha',
  'victory',
  'myr',
  'zoria',
  'svoboda',
  'nadiia',
  'vilne',
  'druzhba',
  'zakharchenko',
  'pushilin',
  'dmitriev',
  'chernov',
  'less',
  'more',
  'most',
  'much',
  'some',
  'such',
  'only',
  'even',
  'still',
  'also',
  'then',
  'than',
  'both',
  'each',
  'other',
  'under',
  'over',
  'since',
  'until',
  'after',
  'before',
  'budanov',
  'lavrov',
  'ivanna',
  'marine',
  'step',
  'rostov',
  'novgorod',
  'berlin',
  'paris',
  'london',
  'washington',
  'oleg',
  'oleh',
  'kozak',
  'many',
  'hai',
  'east',
  'west',
  'north',
  'south',
  'x',
  'facebook',
  'telegram',
  'corps',
  'hrad',
  'grad',
  'buk',
  'tor',
  'tochka',
  'iskander',
  'kalibr',
  'shahed',
  'lancet',
  'bayraktar',
  'uragan',
  'smerch',
  'tornado',
  'hurricane',
  'krasnopol',
  'partyzan',
  'may',
  'june',
  'march',
  'august',
  'sunday',
  'monday',
  'friday',
]);

// Whole phrases that contain a place name but are not places (outlets, institutions named after a city).
const NOT_PLACE_PHRASE =
  /^\s+(?:Independent|Post|Times|Today|Herald|Pravda|Business|Investigates|Mohyla|Polytechnic|University|Dynamo|Zoo|Metro|Pride|Stadium|Airlines|Street|Avenue|Prospekt|Square|Boulevard|Lane|Road|St\.?)\b/u;

// Capitalised words after a name that do not make it part of a person's or an organisation's name.
const ROLE_AFTER =
  /^\s+(?:Oblast|Region|Raion|District|Hromada|Community|Municipality|Province|City|Mayor|Governor|Military|Regional|Administration|Council|Direction|Sector|Axis|Front|Highway|Motorway|Police|Prosecutor|Emergency|State|Energy|Ukrainian|Russian|Thermal|Nuclear)\b/u;

// Titles before a capitalised word: what follows is a person ("President Volodymyr Zelensky").
const TITLE_BEFORE =
  /(?:President|Presidents|Minister|Gen\.|General|Lt\.|Col\.|Colonel|Mr\.|Mrs\.|Ms\.|Dr\.|Commander|Chief|Mayor|Governor|Spokesman|Spokesperson|Head|Deputy|Sgt\.|Captain|Major|Pope|Patriarch|Metropolitan|Saint|St\.)\s+$/u;

// Capitalised words before a name that do not make it part of a person's name.
const HARMLESS_BEFORE = new Set([
  'in',
  'near',
  'of',
  'at',
  'on',
  'from',
  'to',
  'and',
  'the',
  'russian',
  'ukrainian',
  'occupied',
  'eastern',
  'western',
  'northern',
  'southern',
  'central',
  'greater',
  'upper',
  'lower',
  'old',
  'new',
  'embattled',
  'frontline',
  'front',
  'liberated',
  'besieged',
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'january',
  'february',
  'march',
  'april',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'coded',
  'by',
  'over',
  'towards',
  'toward',
  'into',
  'outside',
  'around',
  'across',
  'between',
  'while',
  'after',
  'before',
  'as',
  'for',
  'with',
  'against',
  'liberate',
  'liberated',
  'captured',
  'capture',
  'shelled',
  'struck',
  'hit',
  'attacked',
  'oblast',
  'region',
  'direction',
  'sector',
  'community',
  'district',
  'hromada',
  'raion',
  'village',
  'town',
  'city',
  'settlement',
]);

const SUFFIX =
  /^(?:['’]s)?\s+(Oblast|oblast|Region|region|Province|province|Raion|raion|District|district|Hromada|hromada|Community|community|Municipality|municipality|territorial community|Direction|direction|Sector|sector|Axis|axis|[Ff]ront(?:line)?|[Ss]ettlement|[Vv]illage|[Tt]own|[Cc]ity|outskirts)\b/u;

const TYPE_BEFORE =
  /\b(villages?|towns?|cities|city|settlements?|urban-type settlement|hamlet|township|village council)\s+(?:of\s+)?(?:the\s+)?$/iu;
const TYPE_LIST_BEFORE =
  /\b(villages?|towns?|settlements?)\s+of\s+(?:\p{Lu}[\p{L}'’ -]*?,\s+)*\p{Lu}[\p{L}'’ -]*?(?:,\s+|\s+and\s+)$/u;
const NEAR_BEFORE =
  /\b(near|nearby|close to|next to|not far from|in the vicinity of|vicinity of|on the outskirts of|the outskirts of|outskirts of|outside of|outside|around|on the approaches to|approaches to|in the area of|area of|environs of|towards|toward)\s+(?:the\s+)?(?:(?:[a-z-]+\s+)?(?:village|town|city|settlement)\s+of\s+)?$/iu;
const CODED_BEFORE = /\(?\bcoded to\s+(?:the\s+)?$/iu;

const BEARINGS: Readonly<Record<string, number>> = {
  north: 0,
  northeast: 45,
  'north-east': 45,
  east: 90,
  southeast: 135,
  'south-east': 135,
  south: 180,
  southwest: 225,
  'south-west': 225,
  west: 270,
  northwest: 315,
  'north-west': 315,
};
const NUM = String.raw`(\d+(?:[.,]\d+)?)`;
// "about 30 kilometers (19 miles) north of embattled Pokrovsk", "12 km southeast of", "5 miles from".
const RELATIVE_BEFORE = new RegExp(
  String.raw`(?:\b(about|around|some|roughly|approximately|approx\.|nearly|almost|over|more than|less than|under|up to|within)\s+)?` +
    NUM +
    String.raw`(?:\s*|-)(kilometers|kilometres|kilometer|kilometre|km|miles|mile|mi)\b\.?(?:\s*\([^)]{0,30}\))?\s+` +
    String.raw`(?:(north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ward|wards|erly)?\s+of|from|away from|outside|outside of)` +
    String.raw`\s+(?:the\s+)?(?:(?:[a-z][a-z-]*|Russian-[a-z]+|Ukrainian-[a-z]+)\s+){0,2}$`,
  'iu',
);
const BEARING_BEFORE =
  /\b(north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ward|wards|ern|erly)?\s+(?:of|from)\s+(?:the\s+)?(?:[a-z][a-z-]*\s+){0,2}$/iu;

// Each with a word (as `gateWords` lists words) that every match holds whole.
const COUNTRIES: readonly (readonly [RegExp, string, string])[] = [
  [/\b(?:the\s+)?Russian Federation\b/gu, 'RU', 'federation'],
  [/\bRussia\b(?!n)/gu, 'RU', 'russia'],
  [/\bBelarus\b/gu, 'BY', 'belarus'],
  [/\bUkraine\b/gu, 'UA', 'ukraine'],
  [/\bPoland\b/gu, 'PL', 'poland'],
  [/\bMoldova\b/gu, 'MD', 'moldova'],
  [/\bRomania\b/gu, 'RO', 'romania'],
  [/\bHungary\b/gu, 'HU', 'hungary'],
  [/\bSlovakia\b/gu, 'SK', 'slovakia'],
  [/\bGeorgia\b/gu, 'GE', 'georgia'],
];

// Words that place a report in Donbas without naming a town: the self-proclaimed republics, their forces, the
// OSCE monitors and the 2014–22 operation names. Each maps to the oblast keys it implies.
const REGION_CLUES: readonly (readonly [RegExp, readonly string[]])[] = [
  [/\b(?:DPR|DNR|Donetsk People's Republic)\b/u, ['donetsk oblast']],
  [/\b(?:LPR|LNR|Luhansk People's Republic)\b/u, ['luhansk oblast']],
  [/\b(?:NAF|Donbas|Donbass|OSCE SMM|JFO|ATO zone)\b/u, ['donetsk oblast', 'luhansk oblast']],
];

/**
 * Gazetteer keys of the regions a text implies without naming them ("DPR positions" → Donetsk Oblast), for the
 * resolver's article-level context. Sorted, without duplicates.
 *
 * @example regionClues('NAF rebels fired at positions near Vodyane') → ['donetsk oblast', 'luhansk oblast']
 */
export function regionClues(text: string): string[] {
  const out = new Set<string>();
  for (const [re, keys] of REGION_CLUES) if (re.test(text)) for (const k of keys) out.add(k);
  return [...out].sort();
}

/** Options of `recognisePlaces`. */
export interface RecogniseOptions {
  /** Spans where a sentence starts: a common word there is capitalised by grammar, not because it is a name. */
  readonly sentenceStarts?: readonly number[];
}

function levelOfSuffix(word: string): {
  level?: PlaceLevel;
  qualifier?: PlaceMention['qualifier'];
  type?: PlaceCandidate['typeWord'];
} {
  const w = word.toLowerCase();
  if (w === 'oblast' || w === 'region' || w === 'province') return { level: 'admin1', qualifier: 'oblast' };
  if (w === 'raion' || w === 'district') return { level: 'admin2', qualifier: 'district' };
  if (w === 'hromada' || w === 'community' || w === 'municipality' || w === 'territorial community')
    return { level: 'admin3', qualifier: 'community' };
  if (w === 'direction' || w === 'axis' || w === 'front' || w === 'frontline')
    return { qualifier: 'direction' };
  if (w === 'sector') return { qualifier: 'sector' };
  if (w === 'outskirts') return { qualifier: 'outskirts' };
  if (w === 'village') return { type: 'village' };
  if (w === 'town') return { type: 'town' };
  if (w === 'city') return { type: 'city' };
  if (w === 'settlement') return { type: 'settlement' };
  return {};
}

function typeOf(word: string): PlaceCandidate['typeWord'] {
  const w = word.toLowerCase();
  if (w.startsWith('village') || w === 'hamlet') return 'village';
  if (w.startsWith('town')) return 'town';
  if (w.startsWith('cit')) return 'city';
  return 'settlement';
}

function parseNumber(s: string): number {
  return Number(s.replace(',', '.'));
}

function keyOf(m: NameMatch): string {
  return m.keys[0] ?? '';
}

type Draft = { -readonly [K in keyof PlaceCandidate]: PlaceCandidate[K] };

/**
 * Finds the place names of a text: settlements, admin units ("Donetsk Oblast", "Pokrovsk district",
 * "Dobropillia community"), countries, relative places ("30 km north of Pokrovsk"), qualified places ("near X",
 * "X direction"), routes ("Kramatorsk–Dobropillia highway") and ACLED's "(coded to X, Y region)". A lower-case word
 * is never a place; names usually not places in war news (Azov, Volodymyr, X) need context to count. Candidates are
 * sorted by span; a candidate's `contextOf`, `routeTo` and `districtOf` point into the returned list.
 *
 * @example recognisePlaces('Shelling near Pokrovsk, Donetsk region.', matcher)
 *   → [{ text: 'Pokrovsk', qualifier: 'near', … }, { text: 'Donetsk', level: 'admin1', contextOf: 0, … }]
 */
export function recognisePlaces(
  text: string,
  matcher: PlaceMatcher,
  options: RecogniseOptions = {},
): PlaceCandidate[] {
  const sentenceStarts = new Set(options.sentenceStarts ?? []);
  const drafts: Draft[] = [];
  const lowerWords = new LowerWords(text);
  for (const m of matcher.match(text)) {
    const d = draft(text, m, sentenceStarts, lowerWords);
    if (d) drafts.push(d);
  }
  const taken = new Taken(text.length, drafts);
  // the text's words (shared with the actor stage), so a country it does not name is not scanned for
  const words = gateWords(text);
  for (const [re, iso, word] of COUNTRIES) {
    if (words && !words.has(word)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const s = m.index + (m[0].startsWith('the ') ? 4 : 0);
      const at = { start: s, end: m.index + m[0].length };
      if (taken.overlaps(at)) continue;
      taken.add(at, at);
      drafts.push({
        span: at,
        fullSpan: at,
        text: text.slice(at.start, at.end),
        keys: [],
        exact: true,
        level: 'country',
        country: iso,
      });
    }
  }
  const typed = typedUnknowns(text, taken);
  for (const d of typed) taken.add(d.span, d.fullSpan);
  drafts.push(...typed, ...misspelt(text, taken, matcher));
  drafts.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  link(text, drafts);
  return drafts;
}

/**
 * Whether a capitalised word right before a name leaves it a place: a preposition or adjective at a sentence start,
 * a possessive ("Ukraine's Pokrovsk"), a compound ending in lower case ("Russian-occupied Melitopol",
 * "DPR-controlled Horlivka") or an acronym ("ISW"). Anything else (a first name, an organisation) makes the name part
 * of a longer proper noun.
 */
function harmlessBefore(word: string): boolean {
  const w = word.replace(/\.$/u, '');
  if (HARMLESS_BEFORE.has(w.toLowerCase())) return true;
  if (/['’]s?$/u.test(w)) return true;
  if (/-\p{Ll}+$/u.test(w)) return true;
  return w.length <= 5 && w === w.toUpperCase();
}

/**
 * The stretches of a text already taken by a candidate (name and the words after it): whether a span meets one is a
 * look-up, not a scan of every candidate, so a text of thousands of names stays linear.
 */
class Taken {
  private readonly at: Uint8Array;
  constructor(length: number, drafts: Iterable<Draft>) {
    this.at = new Uint8Array(length + 1);
    for (const d of drafts) this.add(d.span, d.fullSpan);
  }
  add(span: Span, full: Span): void {
    this.at.fill(1, span.start, Math.max(span.start, full.end));
  }
  /** Whether `s` (not empty) meets a taken stretch. */
  overlaps(s: Span): boolean {
    for (let i = s.start; i < s.end; i++) if (this.at[i] === 1) return true;
    return false;
  }
}

/** The words a text writes in lower case, built once per text on first need (most texts never ask). */
class LowerWords {
  private words: Set<string> | null = null;
  constructor(private readonly text: string) {}
  /** Whether the text holds `word`, lower-cased, as a whole word. */
  has(word: string): boolean {
    this.words ??= lowerCaseWords(this.text);
    return this.words.has(word.toLowerCase());
  }
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const LOWER = /\p{Ll}/u;

/**
 * The words (maximal runs of letters and digits) a text begins with a lower-case letter, by a hand-written scan: the
 * same set as the pattern `(?<![\p{L}\p{N}])\p{Ll}[\p{L}\p{N}]*` (flags gu) finds, several times faster on long texts.
 */
function lowerCaseWords(text: string): Set<string> {
  const words = new Set<string>();
  const n = text.length;
  const isWord = (cp: number): boolean =>
    cp < 128
      ? (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || (cp >= 48 && cp <= 57)
      : LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
  let i = 0;
  while (i < n) {
    let cp = text.codePointAt(i) ?? 0;
    if (!isWord(cp)) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    const lower = cp < 128 ? cp >= 97 && cp <= 122 : LOWER.test(String.fromCodePoint(cp));
    i += cp > 0xffff ? 2 : 1;
    while (i < n) {
      cp = text.codePointAt(i) ?? 0;
      if (!isWord(cp)) break;
      i += cp > 0xffff ? 2 : 1;
    }
    if (lower) words.add(text.slice(start, i));
  }
  return words;
}

const WORD_BEFORE = /(\p{Lu}[\p{L}'’.-]*) $/u;

/**
 * WORD_BEFORE over `before`, read from where the run of characters it could span begins (the regex alone tries every
 * start of the 160-character window): that run ends at the final space and reaches back over ASCII letters, "'", "."
 * and "-" and over any non-ASCII code unit (a superset of the class); the ASCII character before it can neither start
 * nor continue a match.
 */
function wordBefore(before: string): RegExpExecArray | null {
  let j = before.length - 1;
  if (j < 0 || before.charCodeAt(j) !== 32) return null;
  while (j > 0) {
    const c = before.charCodeAt(j - 1);
    const inRun =
      c >= 128 || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 39 || c === 46 || c === 45;
    if (!inRun) break;
    j--;
  }
  return WORD_BEFORE.exec(j === 0 ? before : before.slice(j));
}

function draft(
  text: string,
  m: NameMatch,
  sentenceStarts: ReadonlySet<number>,
  lowerWords: LowerWords,
): Draft | null {
  const key = keyOf(m);
  const after = text.slice(m.end, m.end + 48);
  const before = text.slice(Math.max(0, m.start - 160), m.start);
  const written = text.slice(m.start, m.end);
  if (NOT_PLACE_PHRASE.test(after)) return null;

  let level: PlaceLevel = 'settlement';
  let qualifier: PlaceMention['qualifier'] | undefined;
  let typeWord: PlaceCandidate['typeWord'] | undefined;
  let fullEnd = m.end;
  // A name that already ends in its unit word ("Donetsk Oblast" as one gazetteer key).
  const own = /\s(oblast|region|province|raion|district|hromada|community)$/iu.exec(written);
  if (own) {
    const s = levelOfSuffix(own[1]);
    level = s.level ?? level;
    qualifier = s.qualifier;
  }
  const suf = SUFFIX.exec(after);
  if (suf && !own) {
    const s = levelOfSuffix(suf[1]);
    if (s.level) level = s.level;
    if (s.qualifier) qualifier = s.qualifier;
    if (s.type) typeWord = s.type;
    fullEnd = m.end + suf[0].length;
  }
  // Each look-behind pattern gets only the window it can match: a regex anchored at `$` still tries every start.
  const near60 = before.slice(-60);
  const typeBefore = TYPE_BEFORE.exec(near60) ?? TYPE_LIST_BEFORE.exec(before.slice(-100));
  if (typeBefore) typeWord = typeOf(typeBefore[1]);

  // An acronym ("AS", "UN") or a two-letter word ("As") is no place name without a settlement word before it.
  const oneWord = !key.includes(' ');
  if (
    oneWord &&
    !typeWord &&
    (written.length <= 2 || (written.length <= 4 && written === written.toUpperCase()))
  ) {
    return null;
  }
  // Names usually not places need a settlement word or a region right after them.
  if (USUALLY_NOT_PLACES.has(key) && !typeWord && level === 'settlement') {
    // "Volodymyr, Volyn region", "Druzhba, Donetsk." (ACLED), "Peremoha (Kharkiv Oblast)".
    const regionAfter =
      /^(?:,\s*|\s*\()\p{Lu}[\p{L}'’-]+(?:\s+(?:Oblast|oblast|region|Region)\b|\s*[.;)]|,\s)/u.test(after);
    if (!regionAfter) return null;
  }
  // Places do not speak: "Dmitriev said" is a person (a capital's "Kyiv said" is lost with it, and no event is there).
  if (
    level === 'settlement' &&
    /^\s+(?:said|says|told|added|noted|wrote|stated|argued|insisted|warned)\b/u.test(after)
  ) {
    return null;
  }
  // A person: a title before, or another capitalised name right after ("Volodymyr Zelensky").
  if (TITLE_BEFORE.test(before.slice(-30))) return null;
  if (level === 'settlement' && !typeWord && /^ \p{Lu}\p{Ll}/u.test(after) && !ROLE_AFTER.test(after)) {
    return null;
  }
  const prev = wordBefore(before);
  if (prev && !harmlessBefore(prev[1]) && !typeWord) {
    const prevStart = m.start - prev[0].length;
    const startish =
      sentenceStarts.has(prevStart) ||
      /(?:^|[.!?:;\n"“(]\s*)$/u.test(text.slice(Math.max(0, prevStart - 3), prevStart));
    if (!startish) return null;
  }
  // A capitalised word the same text also writes in lower case ("As" … "as") is a common word, not a name.
  if (
    oneWord &&
    !typeWord &&
    level === 'settlement' &&
    written !== written.toLowerCase() &&
    lowerWords.has(written)
  )
    return null;

  const d: Draft = {
    span: { start: m.start, end: m.end },
    fullSpan: { start: m.start, end: fullEnd },
    text: written,
    keys: m.keys,
    exact: m.exact,
    level,
  };
  if (typeWord) d.typeWord = typeWord;
  if (qualifier) d.qualifier = qualifier;

  const rel = /\d/u.test(before.slice(-110)) ? RELATIVE_BEFORE.exec(before.slice(-110)) : null;
  if (rel) {
    const unit = rel[3].toLowerCase();
    const n = parseNumber(rel[2]);
    const km = unit.startsWith('mi') ? n * 1.609344 : n;
    const dir = rel[4]?.toLowerCase().replace(/^(north|south)(east|west)$/u, '$1-$2');
    const bearing = dir === undefined ? null : (BEARINGS[dir] ?? null);
    const hedge = rel[1]?.toLowerCase();
    d.offset = {
      km: Math.round(km * 1000) / 1000,
      bearingDeg: bearing,
      approximate: hedge !== undefined || bearing === null,
      span: { start: m.start - Math.min(110, before.length) + rel.index, end: m.end },
    };
  } else {
    const near = NEAR_BEFORE.exec(near60);
    if (near && !d.qualifier) {
      d.qualifier = /outskirts|outside|approaches/iu.test(near[1]) ? 'outskirts' : 'near';
    } else if (!d.qualifier && BEARING_BEFORE.test(near60)) {
      d.qualifier = 'near';
    }
  }
  if (CODED_BEFORE.test(before.slice(-24))) d.pinned = true;
  const held = heldBy(before);
  if (held) d.heldBy = held;
  return d;
}

const ATTACK = String.raw`[\w\s'’(),-]{0,60}?\b(?:shelled|shell|struck|strike|attacked|attack|fired|launched|hit|bombed|dropped|shot|carried out|conducted|targeted|shelling)\b`;
const RUSSIAN_ATTACKER = new RegExp(String.raw`\b(?:Russian|Russia|DPR|LPR|Wagner)\b` + ATTACK, 'u');
const UKRAINIAN_ATTACKER = new RegExp(String.raw`\b(?:Ukrainian|Ukraine's|Ukraine)\b` + ATTACK, 'u');
const OCCUPIED_BEFORE =
  /\b(?:(?:DPR|LPR|Russian|occupying)(?:'s)?\s+(?:forces'?\s+)?(?:positions?|troops|forces|military)\s+(?:in|at|near)|occupied|Russian-held|Russian-controlled)\s+(?:the\s+)?$/u;

/** Which side the sentence before a name implies holds it (see `PlaceCandidate.heldBy`). */
function heldBy(before: string): PlaceCandidate['heldBy'] {
  const cut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n'));
  const sentence = cut >= 0 ? before.slice(cut + 1) : before;
  if (OCCUPIED_BEFORE.test(sentence)) return 'russia';
  const ru = RUSSIAN_ATTACKER.exec(sentence);
  const ua = UKRAINIAN_ATTACKER.exec(sentence);
  if (ru && (!ua || ru.index < ua.index)) return 'ukraine';
  if (ua) return 'russia';
  return undefined;
}

/** "the village of X" where X is no gazetteer name: kept as an unresolvable candidate, never dropped. */
function typedUnknowns(text: string, known: Taken): Draft[] {
  const out: Draft[] = [];
  const re =
    /\b(?:village|town|settlement|city)\s+of\s+(\p{Lu}[\p{Ll}'’]+(?:[- ]\p{Lu}[\p{Ll}'’]+)?)|\bcoded to\s+(\p{Lu}[\p{Ll}'’]+(?:[- ]\p{Lu}[\p{Ll}'’]+)?)/gu;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const name = m[1] ?? m[2];
    const start = m.index + m[0].length - name.length;
    const at: Span = { start, end: start + name.length };
    if (known.overlaps(at)) continue;
    if (USUALLY_NOT_PLACES.has(name.toLowerCase())) continue;
    out.push({
      span: at,
      fullSpan: at,
      text: name,
      keys: [],
      exact: false,
      level: 'settlement',
      ...(m[1] ? { typeWord: typeOf(m[0]) } : { pinned: true }),
    });
  }
  return out;
}

// ACLED's "shelled Tsukurune, Donetsk": a capitalised word right before a region, after a verb or preposition.
const BEFORE_REGION =
  /\b(?:in|at|on|near|of|shelled|struck|hit|attacked|targeted|captured)\s+(\p{Lu}\p{Ll}{5,})(?=,\s*\p{Lu}\p{Ll}+(?:\s+(?:[Rr]egion|[Oo]blast))?\b)/gu;

/** Names the gazetteer spells one letter differently, found only where a region right after marks a place. */
function misspelt(text: string, known: Taken, matcher: PlaceMatcher): Draft[] {
  const out: Draft[] = [];
  BEFORE_REGION.lastIndex = 0;
  for (let m = BEFORE_REGION.exec(text); m !== null; m = BEFORE_REGION.exec(text)) {
    const name = m[1];
    const start = m.index + m[0].length - name.length;
    const at: Span = { start, end: start + name.length };
    if (known.overlaps(at)) continue;
    if (USUALLY_NOT_PLACES.has(name.toLowerCase())) continue;
    const keys = matcher.nearKeys(name);
    if (keys.length === 0) continue;
    out.push({ span: at, fullSpan: at, text: name, keys, exact: false, level: 'settlement', fuzzy: true });
  }
  return out;
}

/** Links neighbours: "X, Region" and "X (Region)", "A–B highway", "highway connecting A and B", "City - District". */
function link(text: string, ds: Draft[]): void {
  for (let i = 0; i + 1 < ds.length; i++) {
    const a = ds[i];
    const b = ds[i + 1];
    const gap = text.slice(a.fullSpan.end, b.span.start);
    const after = text.slice(b.fullSpan.end, b.fullSpan.end + 40);
    if (/^(?:,\s*|\s*\(\s*(?:the\s+)?)$/u.test(gap) && b.level !== 'country' && !b.typeWord) {
      // "Kharkiv, Kherson and Odesa" is a list, not a place and its region.
      const listGoesOn = /^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*)\p{Lu}/u.test(after);
      const inList = /,\s*$|\band\s+$/u.test(text.slice(Math.max(0, a.span.start - 6), a.span.start));
      if (!listGoesOn && !inList && a.level !== 'admin1') {
        // Whether "Donetsk" here is the oblast or a second town is the resolver's call (it knows the entries).
        b.contextOf = i;
        if (a.pinned) b.pinned = false;
      }
      continue;
    }
    if (
      /^\s*[-–—]\s*$/u.test(gap) &&
      /^\s+(?:highway|road|route|motorway|railway|rail line|line)\b/iu.test(after)
    ) {
      a.routeTo = i + 1;
      // "toward the Kramatorsk–Dobropillia highway" is near the road, not near its first town.
      delete a.qualifier;
      const end = b.fullSpan.end + (/^\s+\S+/u.exec(after)?.[0].length ?? 0);
      a.routeSpan = { start: a.span.start, end };
      continue;
    }
    if (/^\s+and\s+$/u.test(gap)) {
      const before = text.slice(Math.max(0, a.span.start - 60), a.span.start);
      if (
        /\b(?:highway|road|route|motorway|railway)\s+(?:connecting|linking|between|from)\s+(?:the\s+)?$/iu.test(
          before,
        )
      ) {
        a.routeTo = i + 1;
        const s = before.search(
          /(?:highway|road|route|motorway|railway)\s+(?:connecting|linking|between|from)\s+(?:the\s+)?$/iu,
        );
        a.routeSpan = { start: a.span.start - before.length + s, end: b.fullSpan.end };
      }
      continue;
    }
    if (
      /^\s+(?:near|outside|close to|next to|not far from|just outside|on the outskirts of|(?:\w+\s+)?(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west) of)\s+(?:the\s+)?(?:(?:village|town|city)\s+of\s+)?$/iu.test(
        gap,
      ) &&
      a.level === 'settlement' &&
      b.level === 'settlement'
    ) {
      a.nearOf = i + 1;
      continue;
    }
    if (/^ [-–] $/u.test(gap) && a.level === 'settlement' && b.level === 'settlement') {
      b.districtOf = i;
      b.level = 'district';
    }
    // "Kharkiv's Kyivskyi district": a district named as the city's own.
    // ("Kyivskyi district" is a raion's name too: the resolver decides which, the city's nearness helping.)
    if (/^['’]s $/u.test(gap) && a.level === 'settlement' && (b.level === 'district' || b.level === 'admin2'))
      b.districtOf = i;
  }
  // "Stepne, Sumy region" where the region name is no gazetteer key of its own: nothing to link.
}
