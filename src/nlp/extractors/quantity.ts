/** Casualty counts found in a stretch of text. */
export interface Casualties {
  readonly fatalities: number;
  readonly injured: number;
  /** True when the text says casualties are unknown, or gives no count at all. */
  readonly unknown: boolean;
  /** True when the text says outright that nobody was hurt ("There were no casualties"). */
  readonly none: boolean;
}

const WORD_NUMBERS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  single: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  // ACLED's conventions for vague counts: "several"/"many" 10, "dozens" 12, "hundreds" 100; "a few" 3.
  several: 10,
  many: 10,
  'a few': 3,
  few: 3,
  dozens: 12,
  'a dozen': 12,
  hundreds: 100,
};

/** A regular-expression source for one count: digits ("1,200", "10 000") or a number word. */
export const NUMBER_PATTERN =
  '(?:\\d{1,3}(?:[ ,]\\d{3})+|\\d+|a few|a dozen|an?|one|single|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred|several|many|few|dozens|hundreds)';

/**
 * The value of a count as written.
 *
 * @example parseCount('three') → 3; parseCount('1,200') → 1200; parseCount('dozens') → 12
 */
export function parseCount(word: string): number | null {
  const w = word.trim().toLowerCase();
  if (/^\d{1,3}(?:[ ,]\d{3})+$/.test(w)) return Number(w.replace(/[ ,]/g, ''));
  if (/^\d+$/.test(w)) return Number(w);
  return WORD_NUMBERS[w] ?? null;
}

const N = NUMBER_PATTERN;
const Q = '(?:(?:up to|more than|at least|over|about|around|nearly|almost|some|approximately) )?';
// Up to four words between the count and the verb: "1 civilian", "2 NAF soldiers", "40 Ukrainian servicemen".
// An event noun or a place preposition ends the noun phrase: "A missile strike on Izium killed five" counts five, not
// the one strike.
const NOUNS =
  "(?:\\d+-year-old )?(?:(?!(?:and|or|but|while|strikes?|attacks?|shelling|explosions?|blasts?|raids?|bombings?|barrages?|on|at|near|into)\\b)[A-Za-z'-]+ ){0,4}?";
const KILLED = '(?:killed|dead|died|perished|lost their lives|were fatalities|fatalities)';
const HURT = '(?:injured|wounded|hurt|injuries|wounds|hospitali[sz]ed)';

// "1 civilian was killed", "two rebels were killed", "three injured", "1 wounded"
// "five people, among them a child, were wounded": an aside between the count and its verb
const ASIDE =
  "(?:[A-Za-z'-]+,\\s*(?:among them|including|of them|of whom|mostly|most of them)\\b[^,.;]{1,40},\\s*)?";
const COUNT_VERB = new RegExp(
  `\\b(?<!\\bno\\s)${Q}(${N}) ${NOUNS}${ASIDE}(?:(?:were|was|have been|has been|had been|are|is|got|reportedly|later)\\s+){0,2}(${KILLED}|${HURT})\\b`,
  'gi',
);
// "killing two civilians", "injuring 8 civilians", "killed 3 people", "wounding a civilian"
const VERB_COUNT = new RegExp(
  `\\b(killing|killed|kills|shot dead|shooting dead|executed|executing|injuring|injured|wounding|wounded|injures)\\s+${Q}(${N})(?=[\\s.,;]|$)(?!\\s*(?:km|kilometers|kilometres|miles|meters|metres|mm|times)\\b)`,
  'gi',
);
// "killed the Deputy Head", "seriously injured a head of …"
const VERB_ONE =
  /\b(killed|killing|shot dead|shooting dead|shot and killed|executed|executing|injured|injuring|wounded|wounding)\s+(?:the|a|an|his|her|its)\s+(?!(?:infrastructure|buildings?|houses?|cars?|vehicles?|trucks?|tanks?|equipment|ammunition|positions?)\b)[a-z]/gi;
// "The victim died in the hospital", "the young boy died"
const DIED_ONE =
  /\b(?:the victim|he|she|(?:the|a|an) (?:\d+-year-old |young |little |elderly )?(?:boy|girl|man|woman|child|driver|pilot|resident|civilian|pensioner|teenager))\s+(?:later\s+|subsequently\s+)?died\b/gi;
// "his wife was hospitalized", "her son was wounded": one person named by kin, no count
const KIN_HURT =
  /\b(?:his|her|their) (?:\d+-year-old )?(?:wife|husband|son|daughter|mother|father|brother|sister|neighbou?r|grandson|granddaughter|child)\s+(?:was|is)\s+(?:also\s+)?(?:seriously\s+|severely\s+|lightly\s+|slightly\s+)?(injured|wounded|hurt|hospitali[sz]ed)\b/gi;
const NO_CASUALTIES =
  /\b(?:no casualties|no one was (?:killed|injured|hurt)|nobody was (?:killed|injured|hurt)|no (?:deaths|fatalities|injuries|victims)|without casualties|no (?:one|people) (?:were|was) (?:killed|injured|hurt))\b/i;
const UNKNOWN = /\bcasualties (?:are |were |remain )?unknown\b|\bunknown (?:number of )?casualties\b/i;
// ACLED's own bracket: "[… 2 fatalities coded to this event]" and "[2 fatalities split among 7 events]".
const CODED_TO_EVENT = /\b(\d+|one|two|three|four|five) fatalit(?:y|ies) coded to this event/i;
const SPLIT =
  /\[(?:[^\]]*?\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten) fatalit(?:y|ies)|[^\]]*?\bfatalities)[^\]]*?\b(?:split|divided) (?:among|across|between) (\d+) events/i;

const TOTAL_AFTER =
  /^\s*(?:[A-Za-z'-]+\s+){0,3}?(?:in (?:[A-Z][\w'-]*\s+){1,3}alone|in total|in all|overall|altogether|across the (?:country|region|city|oblast))\b/;
const TOTAL_BEFORE =
  /\b(?:a total of|total(?: death)? toll|death toll|toll (?:rose|has risen|climbed|reached))\b/i;

// "the death toll from the strike on Poltava has risen to 14": the toll is the event's fatalities
const DEATH_TOLL = new RegExp(
  `\\bdeath toll\\b(?:[^.;]|\\.(?!\\s+[A-Z])){0,120}?\\b(?:risen|rose|climbed|increased|grown|grew|reached|stands at|stood at|is now|now at)\\s+(?:to\\s+)?${Q}(${N})\\b`,
  'i',
);

function isKilled(verb: string): boolean {
  return /^(?:kill|dead|died|perish|lost|fatal|were fatal|shot|shooting|execut)/i.test(verb);
}

/**
 * Fatalities and injured in a stretch of text (an event's evidence). Counts of separate phrases add up; ACLED's
 * bracketed split notes ("coded to this event", "split among N events") take precedence.
 *
 * @example extractCasualties('One person was killed and three injured.') → { fatalities: 1, injured: 3, unknown: false, none: false }
 * @example extractCasualties('Casualties unknown.') → { fatalities: 0, injured: 0, unknown: true, none: false }
 */
export function extractCasualties(text: string): Casualties {
  let fatalities = 0;
  let injured = 0;
  let found = false;
  const taken: Array<[number, number]> = [];
  const free = (a: number, b: number): boolean => !taken.some(([s, e]) => s < b && a < e);
  // a count told as the whole of a wider scope ("at least 33 in Kyiv alone", "42 in total") already holds the counts
  // of the parts reported beside it: it is a floor for the sum, not one more term of it
  let fatalTotal = 0;
  let hurtTotal = 0;
  const add = (verb: string, n: number, a: number, b: number): void => {
    if (!free(a, b)) return;
    taken.push([a, b]);
    found = true;
    const whole =
      TOTAL_AFTER.test(text.slice(b, b + 60)) || TOTAL_BEFORE.test(text.slice(Math.max(0, a - 40), a + 20));
    if (isKilled(verb)) {
      if (whole) fatalTotal = Math.max(fatalTotal, n);
      else fatalities += n;
    } else if (whole) hurtTotal = Math.max(hurtTotal, n);
    else injured += n;
  };
  for (const m of text.matchAll(COUNT_VERB)) {
    // "On 10 March 2024 troops killed …": a year after a month is a date, not a count
    if (
      /^(?:19|20)\d\d$/.test(m[1]) &&
      /[A-Za-z]\.?\s*$/.test(text.slice(Math.max(0, m.index - 12), m.index))
    )
      continue;
    // "on Feb. 3 killed …": a day after a month is a date, not a count
    if (
      /^\d{1,2}$/.test(m[1]) &&
      /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s*$/.test(
        text.slice(Math.max(0, m.index - 12), m.index),
      )
    )
      continue;
    const n = parseCount(m[1]);
    if (n !== null) add(m[2], n, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(VERB_COUNT)) {
    const n = parseCount(m[2]);
    if (n !== null) add(m[1], n, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(VERB_ONE)) add(m[1], 1, m.index, m.index + m[0].length);
  for (const m of text.matchAll(KIN_HURT)) add(m[1], 1, m.index, m.index + m[0].length);
  for (const m of text.matchAll(DIED_ONE)) {
    // "seriously injured X … The victim died": the injured person is now counted among the dead
    if (injured > 0 && fatalities === 0) injured -= 1;
    add('died', 1, m.index, m.index + m[0].length);
  }
  const toll = DEATH_TOLL.exec(text);
  if (toll) {
    const n = parseCount(toll[1]);
    if (n !== null) {
      fatalTotal = Math.max(fatalTotal, n);
      found = true;
    }
  }
  fatalities = Math.max(fatalities, fatalTotal);
  injured = Math.max(injured, hurtTotal);
  const coded = CODED_TO_EVENT.exec(text);
  if (coded) {
    fatalities = parseCount(coded[1]) ?? fatalities;
    found = true;
  } else {
    const split = SPLIT.exec(text);
    if (split) {
      const total = split[1] ? (parseCount(split[1]) ?? fatalities) : fatalities;
      fatalities = Math.floor(total / Number(split[2]));
    }
  }
  const none = !found && NO_CASUALTIES.test(text);
  return { fatalities, injured, unknown: UNKNOWN.test(text) || (!found && !none), none };
}

/**
 * Counted places and objects: "two villages", "nine villages", "4 Russian drones".
 *
 * @example extractCounts('Ukrainian forces liberated two villages') → { villages: 2 }
 */
export function extractCounts(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  const re = new RegExp(
    `\\b(${N})\\s+(?:more\\s+|other\\s+|[A-Z][A-Za-z'-]*\\s+){0,2}(villages|settlements|towns|drones|missiles|aircraft|tanks)\\b`,
    'gi',
  );
  for (const m of text.matchAll(re)) {
    const n = parseCount(m[1]);
    if (n === null) continue;
    const key = m[2].toLowerCase();
    out[key] = (out[key] ?? 0) + n;
  }
  return out;
}
