import { createHash } from 'node:crypto';
import type {
  ActorMention,
  Analysis,
  Attribution,
  ChronicleEvent,
  Issue,
  PlaceMention,
  Sentence,
  Span,
  TimeRef,
} from '../domain/index.js';
import { distanceKm, issue } from '../domain/index.js';
import type { Casualties, CodingInputs } from './inputs.js';
import type { RuleMatch, SentenceView } from './rule.js';
import { isBoilerplate } from './boilerplate.js';
import { RULES } from './rules/index.js';

/** What the coder needs besides the analysis: the publication day and the NLP helpers it is handed. */
export interface CodeOptions extends CodingInputs {
  /** Publication day `YYYY-MM-DD` (the pipeline falls back to the clock's day when the article has none). */
  readonly published: string;
}

interface Candidate {
  match: RuleMatch;
  readonly sentences: Sentence[];
  readonly rule: string;
}

// Hypotheticals, threats, denials, plans: nothing happened (yet). Case-sensitive "may" so the month is not caught.
const NEGATIVE =
  /\b(?:threaten(?:ed|s|ing)? to|could|would|might|can|cannot|can't|able to|capable of|plans? to|planned to|planning to|intends? to|intended to|aims? to|aimed to|prepar(?:es|ing) to|is expected to|are expected to|will|if|unless|in case|denied|denies|deny|did not|didn't|does not|doesn't|never|hypothetical|warned (?:of|that)|fake|false(?:ly)? (?:reports?|claim(?:s|ed)?)|refuted|(?:rejected|dismissed|debunked) (?:the |as )?(?:reports?|claims?|allegations?)|not (?:yet )?confirmed|no (?:attacks?|strikes?|shelling|fighting) (?:was|were|has|have|had)|no (?:active )?(?:offensive actions|assaults|attacks|combat engagements|clashes|advances))\b|\bmay\b/;
// Framing clauses that date or introduce the main clause but are not themselves an event.
const FRAME = /^(?:Since|After|Following|Before|Prior to)\b[^,]{0,120},/;
// How the event's actor1 and its AIR arm are named at the edges.
const AIR = ' Air Force';

function view(sentence: Sentence, actors: readonly ActorMention[]): SentenceView {
  let text = sentence.text;
  const frame = FRAME.exec(text);
  // "following clashes with Ukrainian forces, Russian forces captured …" keeps its own main clause: blank the frame only
  if (frame) text = ' '.repeat(frame[0].length) + text.slice(frame[0].length);
  const inside = actors.filter((a) => a.span.start >= sentence.span.start && a.span.end <= sentence.span.end);
  return {
    sentence,
    text,
    actors: inside.filter((a) => a.span.start - sentence.span.start >= (frame?.[0].length ?? 0)),
  };
}

// A claim told only to be refuted, or an assessment dated to some earlier report ("previously assessed that … on a
// prior date"): the whole sentence before the trigger governs it
const DISOWNED =
  /\b(?:refuted|denied|dismissed|rejected|debunked|disputed) (?:\w+\s+){0,3}(?:claims?|reports?|allegations?|assertions?) that\b|\bpreviously (?:assessed|reported|noted|observed)\b|\bon a prior date\b/i;

function isNegative(v: SentenceView, at: number): boolean {
  // the negation must govern the trigger: look in the clause before it and a little after
  const from = Math.max(0, v.text.lastIndexOf(',', at - 1) - 60);
  return NEGATIVE.test(v.text.slice(from, at + 30)) || DISOWNED.test(v.text.slice(0, at + 30));
}

// Analysts' words for a pattern rather than an occurrence: "Russia's intensifying strikes reflect …", "Russia fields
// thousands of tanks in its ongoing offensive", "Russian forces continue to attack along the entire front"
const TREND =
  /\b(?:reflect(?:s|ed|ing|ive)?|recent|indicat(?:e|es|ing)|suggest(?:s|ing)?|likely|continu(?:e|es|ing) to|ongoing|intensif(?:y|ies|ying)|campaigns?|efforts? to|aims? to|seeks? to|fields?|fielding|trends?|increasingly|routinely|regularly|systematically|consistently|daily|every day|across the (?:front|theat(?:er|re))|along the (?:entire )?front(?: line)?|in recent (?:days|weeks|months)|over the (?:past|last) (?:several )?(?:days|weeks|months)|pattern|tempo|capabilit(?:y|ies)|production|set out to)\b/i;
// What makes a sentence an occurrence: a named place it happened at or near (not a country or a side), a count of
// people hit or of things used, or a stated day (checked against the time mentions)
const PLACE_ANCHOR =
  /\b(?:in|near|at|on|outside|around|toward|towards|into|of|from)\s+(?:the\s+)?(?:(?:village|town|city|settlement|outskirts|direction|area|district|region|oblast) of\s+)?(?!(?:Russia|Ukraine|Russian|Ukrainian|Kremlin|Moscow|Kyiv's|Europe|NATO|the)\b)[A-Z][a-z\u00c0-\u024f'’-]{2,}/;
const COUNT_ANCHOR =
  /\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|dozens of)\s+(?:[\w-]+\s+){0,2}(?:civilians?|people|persons?|residents?|soldiers|servicemen|troops|drones?|missiles?|shells?|bombs?|rockets?|strikes|attacks|assaults|houses|homes|buildings|villages|settlements)\b|\b(?:killed|wounded|injured|killing|wounding|injuring|died)\b/i;

/**
 * Whether a sentence only states a trend or an assessment (an analyst codes a specific occurrence: a place, a day or
 * a count of a concrete act), so that it codes no event.
 */
function isTrend(v: SentenceView, times: readonly TimeRef[], places: readonly PlaceMention[]): boolean {
  if (!TREND.test(v.text)) return false;
  if (PLACE_ANCHOR.test(v.text) || COUNT_ANCHOR.test(v.text)) return false;
  if (placesIn(places, v.sentence.span).some((p) => p.kind !== 'country')) return false;
  return !spanned(times, v.sentence.span).some((t) => !t.future && t.precision === 1);
}

function evidenceOf(sentences: readonly Sentence[]): Span {
  return { start: sentences[0].span.start, end: sentences[sentences.length - 1].span.end };
}

const PREFERRED_KINDS = new Set(['relative', 'settlement', 'district', 'route']);

/** Places resolved inside a span, outermost only (a relative place's anchor is inside it). */
/**
 * The items of a span-sorted list that lie inside `s`, found by binary search (events are coded per sentence, so a
 * linear filter per event would make long articles quadratic).
 */
function spanned<T extends { readonly span?: Span }>(list: readonly T[], s: Span): T[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid].span?.start ?? -1) < s.start) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < list.length; i++) {
    const sp = list[i].span;
    if (!sp || sp.start >= s.end) break;
    if (sp.end <= s.end) out.push(list[i]);
  }
  return out;
}

function placesIn(places: readonly PlaceMention[], s: Span): PlaceMention[] {
  const inside = spanned(places, s)
    .filter((p) => p.lat !== null)
    .sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  // sorted by start (longest first on ties): a mention is nested when an earlier one reaches at least as far
  const out: PlaceMention[] = [];
  let reach = -1;
  for (const p of inside) {
    if (p.span.end <= reach) continue;
    out.push(p);
    reach = p.span.end;
  }
  return out;
}

/**
 * The event's place: the settlement ACLED names in "(coded to X)", else the first settlement, district, route or
 * relative place in the evidence, else an admin unit there, else the last place named before it in the paragraph or
 * the one before ("the city").
 */
function pickPlace(
  places: readonly PlaceMention[],
  text: string,
  ev: Span,
  sentences: readonly Sentence[],
  first: Sentence,
): { place: PlaceMention | null; carried: boolean } {
  const here = placesIn(places, ev);
  const coded = /\(coded (?:to|as) /i.exec(text.slice(ev.start, ev.end));
  if (coded) {
    const after = here.filter((p) => p.span.start >= ev.start + coded.index);
    const best = after.find((p) => PREFERRED_KINDS.has(p.kind)) ?? after[0];
    if (best) return { place: best, carried: false };
  }
  // "in the Luhansk sector near Luhanske": a sector or direction names a front, the place after it the event
  const broad = (p: PlaceMention): boolean => p.qualifier === 'sector' || p.qualifier === 'direction';
  const best =
    here.find((p) => PREFERRED_KINDS.has(p.kind) && !broad(p)) ??
    here.find((p) => PREFERRED_KINDS.has(p.kind)) ??
    here[0];
  if (best) return { place: districtOf(best, here, text) ?? best, carried: false };
  for (let i = first.index - 1; i >= 0 && sentences[i].paragraph >= first.paragraph - 1; i -= 1) {
    const ps = placesIn(places, sentences[i].span);
    const p = [...ps].reverse().find((x) => PREFERRED_KINDS.has(x.kind)) ?? ps[ps.length - 1];
    if (p) return { place: p, carried: true };
  }
  return { place: null, carried: false };
}

/**
 * "Donetsk - Kirovskyi", "Kharkiv's Kyivskyi district": a city named with one of its districts right after it is
 * located by the district, the more precise of the two (ACLED codes such rows at the district).
 */
function districtOf(
  city: PlaceMention,
  here: readonly PlaceMention[],
  text: string,
): PlaceMention | undefined {
  if (city.kind !== 'settlement') return undefined;
  const next = here.find((p) => p.span.start >= city.span.end);
  if (next?.kind !== 'district' || next.geoPrecision !== 1) return undefined;
  // a district of another city ("Kharkiv - Kyivskyi" resolved to Kyiv's) says nothing about this one
  if (distanceKm(city.lat ?? 0, city.lon ?? 0, next.lat ?? 0, next.lon ?? 0) > 30) return undefined;
  return /^(?:\s*[-–—]\s*|['’]s\s+)$/u.test(text.slice(city.span.end, next.span.start)) ? next : undefined;
}

/**
 * The event's time: the mention in the evidence nearest the trigger (offsets relative to "three months after" lose to
 * a stated date), else the last one earlier in the same paragraph, else the publication day at precision 2.
 */
function pickTime(
  times: readonly TimeRef[],
  ev: Span,
  triggerAt: number,
  sentences: readonly Sentence[],
  first: Sentence,
  published: string,
  publicationTime: (published: string) => TimeRef,
  previous: TimeRef | null,
): TimeRef {
  // "since 2022" names the background's start, not an event's day: it yields to any other mention
  const all = spanned(times, ev).filter((t) => !t.future);
  const fresh = all.filter((t) => !isStale(t, published));
  const here = fresh.length > 0 ? fresh : all;
  // a day stated for the report ("the Air Force said on June 11") loses to any day stated for the event
  const told = here.filter((t) => !t.basis.stated.includes('report'));
  const stated = told.filter((t) => !t.basis.stated.includes('offset'));
  const pool = stated.length > 0 ? stated : told;
  if (pool.length > 0) return nearest(pool, triggerAt);
  let p = first.index;
  while (p > 0 && sentences[p - 1].paragraph === first.paragraph) p -= 1;
  const earlier = spanned(times, { start: sentences[p].span.start, end: first.span.start }).filter(
    (t) => !t.future && !t.basis.stated.includes('report'),
  );
  if (earlier.length > 0) return earlier[earlier.length - 1];
  // "Air defence downed 60 drones during the attack": a sentence that points back at an attack told before it (in an
  // earlier paragraph) happened when that attack did
  if (previous && ANAPHORA.test(first.text)) return previous;
  // only the report's own day is stated: the event is no later than that
  if (here.length > 0) return nearest(here, triggerAt);
  return publicationTime(published);
}

function nearest(pool: readonly TimeRef[], at: number): TimeRef {
  return [...pool].sort(
    (a, b) => Math.abs((a.span?.start ?? 0) - at) - Math.abs((b.span?.start ?? 0) - at),
  )[0];
}

const YEAR_MS = 366 * 86_400_000;

/**
 * Background, not news: a time that ended more than a year before publication ("in 2014"), or a vague range that began
 * that long ago ("since 2022", "for years").
 */
function isStale(t: TimeRef, published: string): boolean {
  const now = Date.parse(published);
  return now - Date.parse(t.end) > YEAR_MS || (t.precision === 3 && now - Date.parse(t.start) > YEAR_MS);
}

// A sentence that points back at an event already told: "during the attack", "in the strike", "60 of them"
const ANAPHORA =
  /\b(?:during|in|amid|throughout|repelling|repelled) (?:the|this|that|that same|the same|the latest|the overnight|the massive|the combined|the Russian|the Ukrainian) (?:(?:massive|combined|overnight|latest|same|missile|drone|air|mass|Russian|Ukrainian)\s+){0,2}(?:attacks?|strikes?|assaults?|raids?|shelling|bombardment|barrage|onslaught|night)\b|\b\d+ of them\b/i;

function hashId(articleId: string, type: string, ev: Span): string {
  return `ev_${createHash('sha256').update(`${articleId}\u0000${type}\u0000${ev.start}:${ev.end}`).digest('hex').slice(0, 20)}`;
}

/** ACLED names the era of a state's forces; before the government of 29 August 2019 it is "(2014-2019)". */
function inEra(name: string, date: string): string {
  return date < '2019-08-29' ? name.replace('of Ukraine (2019-)', 'of Ukraine (2014-2019)') : name;
}

function acledActor1(
  c: Candidate,
  date: string,
  place: PlaceMention | null,
): { name: string; assoc: string[] } {
  const a = c.match.actor1;
  let name = a?.acledName ?? c.match.defaultActor1 ?? '';
  const assoc: string[] = [];
  if (a?.assocName && a.assocName !== name) assoc.push(a.assocName);
  // ACLED codes strikes from the air to the side's air arm
  if (
    c.match.subEventType === 'Air/drone strike' &&
    /^Military Forces of (?:Russia|Ukraine) \([^)]*\)$/.test(name) &&
    // sea drones are the navy's weapon, not the air arm's
    a?.name !== 'Ukrainian naval drones'
  ) {
    name += AIR;
  }
  // the air arm is ACLED's actor for strikes from the air only: a drone dropping gas or a grenade is the forces'
  if (
    (c.match.subEventType === 'Chemical weapon' || c.match.subEventType === 'Grenade') &&
    name.endsWith(AIR)
  )
    name = name.slice(0, -AIR.length);
  // partisans are coded as the communal militia of their town
  if (a?.kind === 'group' && a.name === 'Partisans') {
    const town = place?.entry?.name ?? place?.text;
    name = town ? `${town} Communal Militia (Ukraine)` : 'Unidentified Communal Militia (Ukraine)';
  }
  return { name: inEra(name, date), assoc: assoc.map((x) => inEra(x, date)) };
}

function acledActor2(c: Candidate, date: string): string {
  const a = c.match.actor2;
  if (!a) return '';
  // what is shot down in an interception is the other side's air arm
  if (
    c.match.subEventType === 'Disrupted weapons use' &&
    /^Military Forces of (?:Russia|Ukraine) \([^)]*\)$/.test(a.acledName)
  ) {
    const text = c.sentences.map((s) => s.text).join(' ');
    if (/\b(?:drones?|UAVs?|Shaheds?|missiles?|aircraft|jets?|bombs?)\b/i.test(text))
      return inEra(a.acledName + AIR, date);
  }
  return inEra(a.acledName, date);
}

/**
 * The civilians named in an event's sentences (its victims), as ACLED names them: Russia's when the strike was
 * Ukraine's on Russian soil.
 */
function civiliansIn(c: Candidate, actors: readonly ActorMention[], actor1: string): ActorMention | null {
  const ev = evidenceOf(c.sentences);
  const civ = spanned(actors, ev).find((a) => a.kind === 'civilians');
  if (!civ) return null;
  const text = c.sentences.map((s) => s.text).join(' ');
  return /^Military Forces of Ukraine/.test(actor1) && RUSSIAN_SOIL.test(text)
    ? { ...civ, acledName: 'Civilians (Russia)' }
    : civ;
}

// Ground Ukraine does not hold: Russian-occupied towns, Crimea, and Russia itself (who fired there is not Russia by default)
const NOT_UKRAINIAN_HELD =
  /\b(?:(?:Russian-|temporarily )?occupied|occupation authorities|Russian-installed|Crimea|Sevastopol|Donetsk city|Horlivka|Makiivka|Luhansk city|Melitopol|Berdiansk|Mariupol|Nova Kakhovka|Tokmak|Enerhodar)\b/i;

/**
 * The side ACLED names for a shelling, missile or air strike whose reporting names none ("A missile strike on Izium
 * killed five"): on ground Ukraine holds, reported by Ukrainian authorities, the attacker is Russia's military; on
 * Russia's own soil, reported by Russian authorities, Ukraine's; on occupied ground the reporting does not make it
 * clear, and ACLED writes an unidentified armed group.
 */
function strikerOf(c: Candidate, notes: string): string | null {
  if (c.match.eventType !== 'Explosions/Remote violence') return null;
  if (
    c.match.subEventType !== 'Shelling/artillery/missile attack' &&
    c.match.subEventType !== 'Air/drone strike'
  )
    return null;
  const victim = c.match.actor2;
  // on Russia's own soil the reporting (Russia's authorities) attributes drone and missile strikes to Ukraine
  if (
    /\(Russia\)$/.test(victim?.acledName ?? '') ||
    (RUSSIAN_SOIL.test(notes) && !NOT_UKRAINIAN_HELD.test(notes))
  ) {
    const ukraine = 'Military Forces of Ukraine (2019-)';
    return c.match.subEventType === 'Air/drone strike' ? ukraine + AIR : ukraine;
  }
  if (victim && victim.side !== 'civilians' && victim.side !== 'ukraine') return ACLED_UNIDENTIFIED;
  if (NOT_UKRAINIAN_HELD.test(notes)) return ACLED_UNIDENTIFIED;
  const name = 'Military Forces of Russia (2000-)';
  return c.match.subEventType === 'Air/drone strike' ? name + AIR : name;
}

const ACLED_UNIDENTIFIED = 'Unidentified Armed Group (Ukraine)';
const RUSSIAN_SOIL =
  /\b(?:Kursk|Belgorod|Bryansk|Voronezh|Rostov|Krasnodar|Moscow|Shebekino|Oryol|Orel|Smolensk|Tula|Kaluga|Ryazan|Lipetsk|Tambov|Saratov|Samara|Volgograd|Astrakhan|Tatarstan|Udmurtia|Bashkortostan|Chuvashia|Leningrad|Tver|Yaroslavl|Novorossiysk|Tuapse|Taganrog|Engels|Syzran|Kstovo|Ust-Luga|Primorsko-Akhtarsk|Yeysk)\b|\bRussia['’]s (?!forces|troops|army|military|Defen|Ministry|President|war|invasion)\w+|\b(?:in|inside|into) Russia\b(?!['’]s)|\bRussian (?:territory|soil|village|town|city|border region|region|oblast)s?\b/;

interface Abroad {
  readonly country: string;
  readonly police: string;
}

// Countries where reporting on this war also places events (arrests of spies and saboteurs, strikes across a border),
// with the ACLED names of their police; the era is the government's, as for Ukraine's forces.
const ABROAD: ReadonlyArray<readonly [RegExp, Abroad]> = [
  [
    /\b(?:Moldova|Chi[sș]in[aă]u|Transnistria|Tiraspol|B[aă]l[tț]i|Gagauzia)\b/,
    { country: 'Moldova', police: 'Police Forces of Moldova (2020-)' },
  ],
  [
    /\b(?:Afghanistan|Kabul|Kandahar|Herat|Mazar-i-Sharif|Jalalabad)\b/,
    { country: 'Afghanistan', police: 'Police Forces of Afghanistan (2021-)' },
  ],
  [
    /\b(?:Belarus|Minsk|Gomel|Homel|Brest)\b/,
    { country: 'Belarus', police: 'Police Forces of Belarus (1994-)' },
  ],
  [
    /\b(?:Poland|Warsaw|Krak[oó]w|Rzesz[oó]w|Lublin)\b/,
    { country: 'Poland', police: 'Police Forces of Poland (2023-)' },
  ],
  [/\b(?:Georgia|Tbilisi)\b/, { country: 'Georgia', police: 'Police Forces of Georgia (2012-)' }],
];

/**
 * The country an event happened in when it is not Ukraine or Russia: named as where it happened ("in Chisinau", "in
 * Moldova"), or implied by a state force of that country among its actors. Null for Ukraine and Russia.
 */
function countryAbroad(notes: string, names: readonly string[]): Abroad | null {
  for (const [where, abroad] of ABROAD_WHERE) {
    if (names.some((n) => n.includes(`of ${abroad.country} (`))) return abroad;
    if (where.test(notes)) return abroad;
  }
  return null;
}

// Each country's names as the place where something happened ("in Chisinau", "in the capital, Minsk"): built once,
// not once per event.
const ABROAD_WHERE: ReadonlyArray<readonly [RegExp, Abroad]> = ABROAD.map(([re, abroad]) => [
  new RegExp(
    String.raw`\b(?:in|near|outside|at|across|from)\s+(?:the\s+)?(?:(?:[\w-]+\s+){0,2}(?:capital|city|town|region|village)(?:\s+of)?,?\s+)?` +
      re.source.slice(2),
  ),
  abroad,
]);

/** An actor name moved to the country of an event abroad: Ukraine's police, civilians and crowds become that country's. */
function localised(name: string, abroad: Abroad): string {
  if (/^Police Forces of Ukraine\b/.test(name)) return abroad.police;
  const people = /^(Civilians|Protesters|Rioters) \((?:Ukraine|Russia)\)$/.exec(name);
  if (people) return `${people[1]} (${abroad.country})`;
  return name;
}

// A toll that names the victim already told ("He later died", "The boy died in hospital")
const VICTIM_AGAIN =
  /^(?:He|She|They|The (?:victim|victims|boy|girl|man|woman|child|children|teenager|driver|farmer|pensioner|resident|injured|wounded)s?)\b/;

/** The longest evidence text read for counts and attribution and printed as notes. */
const MAX_NOTES = 4000;

const CASUALTY_ONLY =
  /\b(?:casualties|killed|wounded|injured|injuries|died|dead|victims?|fatalit(?:y|ies)|no one was|nobody was)\b/i;

/**
 * Codes an article's analysis into ACLED-typed events: one rule per sentence (the first in precedence that matches),
 * adjacent sentences of the same event merged, each event with its place, time, actors, counts and attribution.
 * Negative cases (hypotheticals, threats, denials, history) produce nothing. Events come in text order.
 *
 * @example codeEvents(analysis, { published: '2025-11-04', … }).events[0].subEventType → 'Other'
 */
export function codeEvents(
  analysis: Analysis,
  options: CodeOptions,
): { events: ChronicleEvent[]; issues: Issue[] } {
  const { article, sentences, actors } = analysis;
  // the lookups below binary-search by span start
  const bySpan = <T extends { readonly span?: Span }>(xs: readonly T[]): T[] =>
    [...xs].sort((a, b) => (a.span?.start ?? -1) - (b.span?.start ?? -1));
  const places = bySpan(analysis.places);
  const times = bySpan(analysis.times);
  const issues: Issue[] = [];
  const candidates: Candidate[] = [];
  let last: Candidate | null = null;
  // one sentence of circumstance after an event, through which a toll told of its victim still reaches it
  let gap: Sentence | null = null;
  // actors and sentences are both sorted by span: one walk hands each sentence its own (linear, not sentences × actors)
  const sorted = [...actors].sort((a, b) => a.span.start - b.span.start);
  let k = 0;
  for (const s of sentences) {
    while (k < sorted.length && sorted[k].span.start < s.span.start) k++;
    let e = k;
    while (e < sorted.length && sorted[e].span.start < s.span.end) e++;
    const v = view(s, sorted.slice(k, e));
    let found: Candidate | null = null;
    // the rules whose words the sentence holds (one bit per list of words a rule needs); page furniture is looked for
    // only once a rule matches, as it codes nothing either way (the rules only read)
    const held = heldWords(s.text, options.wordFlags);
    for (let r = 0; r < RULES.length; r++) {
      const rule = RULES[r];
      if ((held & RULE_BITS[r]) !== RULE_BITS[r] && !rule.needsOr?.test(s.text)) continue;
      const m = rule.match(v);
      if (!m) continue;
      if (isBoilerplate(s.text) || isNegative(v, m.trigger)) break;
      found = { match: m, sentences: [s], rule: rule.name };
      break;
    }
    // "adjacent" is the very next sentence, across a paragraph break too (a visit told over two paragraphs)
    const adjacent = last !== null && last.sentences[last.sentences.length - 1].index === s.index - 1;
    if (!found) {
      // a sentence that only reports the toll belongs to the event before it ("Casualties unknown."), also past one
      // sentence of circumstance when it names the victim told before ("A boy picked it up. He later died.")
      const afterGap = gap !== null && gap.index === s.index - 1 && VICTIM_AGAIN.test(s.text);
      if ((adjacent || afterGap) && last && CASUALTY_ONLY.test(s.text)) {
        last.sentences.push(s);
        gap = null;
      } else if (adjacent && last && gap === null && s.paragraph === last.sentences[0].paragraph) gap = s;
      else {
        last = null;
        gap = null;
      }
      continue;
    }
    gap = null;
    // a sentence of history ("In 2014, Russian forces clashed …") is its own (dropped) candidate, never part of the
    // news before it
    const past = spanned(times, s.span).filter((t) => !t.future);
    const history = past.length > 0 && past.every((t) => isStale(t, options.published));
    const merge = adjacent && last && !history ? absorbs(last, found, places) : 'no';
    // a trend statement is no event of its own, though it may go on telling the event before it
    if (merge === 'no' && isTrend(v, times, places)) {
      last = null;
      continue;
    }
    if (last && merge !== 'no') {
      last.sentences.push(s);
      // fighting reported right after the explosions at the same place: the explosions were part of the battle
      if (merge === 'upgrade') {
        last.match = {
          ...found.match,
          trigger: last.match.trigger,
          actor1: found.match.actor1 ?? last.match.actor1,
          actor2: found.match.actor2 ?? last.match.actor2,
        };
      }
      continue;
    }
    candidates.push(found);
    last = found;
  }

  const events: ChronicleEvent[] = [];
  const text = article.text;
  const codedNote = firstCodedNote(text, options.extractCasualties);
  for (const c of candidates) {
    const first = c.sentences[0];
    const ev = evidenceOf(c.sentences);
    const { place: picked, carried } = pickPlace(places, text, ev, sentences, first);
    const date = pickTime(
      times,
      ev,
      first.span.start + c.match.trigger,
      sentences,
      first,
      options.published,
      options.publicationTime,
      events.length > 0 ? events[events.length - 1].date : null,
    );
    // history: an event that ended more than a year before publication, or a range "since 2022", is background
    if (isStale(date, options.published)) continue;
    // a run-on "sentence" of megabytes is no evidence an analyst reads: the readers and the notes get a window of it
    // around the trigger, so one pathological article cannot stall a batch
    const trigger = first.span.start + c.match.trigger;
    const from = ev.end - ev.start > MAX_NOTES ? Math.max(ev.start, trigger - MAX_NOTES / 4) : ev.start;
    const to = Math.min(ev.end, from + MAX_NOTES);
    const notes = text.slice(from, to);
    let cas: Casualties = options.extractCasualties(notes);
    if (events.length === 0 && codedNote) cas = { ...cas, fatalities: codedNote.fatalities };
    const attribution: Attribution = options.extractAttribution(notes);
    const a1 = acledActor1(c, date.date, picked);
    // a strike told without its side: ACLED attributes it by the reporting (inferred, so less sure)
    const inferred = !a1.name && !c.match.actor1 ? strikerOf(c, notes) : null;
    if (inferred) a1.name = inEra(inferred, date.date);
    let a2name = acledActor2(c, date.date);
    // an event abroad (an arrest in Moldova) is that country's: its police and its civilians, never Ukraine's
    const abroad = countryAbroad(notes, [a1.name, a2name]);
    if (abroad) {
      a1.name = localised(a1.name, abroad);
      // "detained a Ukrainian citizen" in Belarus: ACLED names civilians abroad by their nationality when told
      const nationality = c.match.actor2
        ? text.slice(Math.max(0, c.match.actor2.span.start - 12), c.match.actor2.span.start)
        : '';
      if (!/\bUkrainian\s+$/.test(nationality)) a2name = localised(a2name, abroad);
    }
    // "arrested in Chisinau for spying for Russia": another country named in an event abroad is not where it happened
    const place =
      abroad && picked?.kind === 'country' && !picked.text.includes(abroad.country) ? null : picked;
    const actor1: ActorMention | null = c.match.actor1
      ? { ...c.match.actor1, acledName: a1.name }
      : a1.name
        ? {
            span: { start: ev.start, end: ev.start },
            text: '',
            kind: inferred ? 'force' : 'group',
            side: inferred && /of Russia/.test(inferred) ? 'russia' : 'unknown',
            name: a1.name,
            acledName: a1.name,
          }
        : null;
    let actor2: ActorMention | null = c.match.actor2 ? { ...c.match.actor2, acledName: a2name } : null;
    // "Ukraine downed 140 of 160 drones": what one side intercepts without a side named is the other side's air arm
    if (!actor2 && c.match.subEventType === 'Disrupted weapons use' && actor1) {
      const other = /^Military Forces of Ukraine/.test(actor1.acledName)
        ? 'Military Forces of Russia (2000-)'
        : /^Military Forces of Russia/.test(actor1.acledName)
          ? 'Military Forces of Ukraine (2019-)'
          : null;
      const told = c.sentences.map((x) => x.text).join(' ');
      if (
        other &&
        /\b(?:drones?|UAVs?|Shaheds?|missiles?|guided (?:aerial )?bombs?|glide bombs?)\b/i.test(told)
      ) {
        const name = inEra(other + AIR, date.date);
        actor2 = {
          span: { start: ev.start, end: ev.start },
          text: '',
          kind: 'force',
          side: other.includes('Russia') ? 'russia' : 'ukraine',
          name,
          acledName: name,
        };
      }
    }
    // "The enemy shelled Nikopol. A 62-year-old man was wounded.": civilians hurt in the sentences that tell the
    // event are its target even when the sentence with the weapon names nobody
    if (
      !actor2 &&
      c.match.eventType === 'Explosions/Remote violence' &&
      (cas.fatalities > 0 || cas.injured > 0)
    ) {
      const hurt = civiliansIn(c, sorted, a1.name);
      if (hurt) actor2 = abroad ? { ...hurt, acledName: localised(hurt.acledName, abroad) } : hurt;
    }
    const assoc2 = actor2?.assocName ? [inEra(actor2.assocName, date.date)] : [];
    let confidence = c.match.confidence;
    if (place && !carried) confidence += 0.1;
    else if (place) confidence += 0.03;
    else confidence -= 0.15;
    if (date.basis.implied.includes('date:publication')) confidence -= 0.1;
    if (attribution.hedged) confidence -= 0.1;
    if (!actor1) confidence -= 0.1;
    else if (inferred) confidence -= 0.1;
    confidence = Math.max(0.05, Math.min(0.98, Math.round(confidence * 1000) / 1000));
    const source = [attribution.claimant, article.outlet].filter((x): x is string => Boolean(x)).join('; ');
    if (!place)
      issues.push(
        issue('event-place-missing', `no resolved place for the ${c.match.subEventType} event`, ev),
      );
    events.push({
      id: hashId(article.id, c.match.subEventType, ev),
      articleId: article.id,
      eventType: c.match.eventType,
      subEventType: c.match.subEventType,
      date,
      place,
      actor1,
      actor2,
      assocActors1: a1.assoc,
      assocActors2: assoc2,
      fatalities: cas.fatalities,
      injured: cas.injured,
      fatalitiesUnknown: cas.unknown,
      quantities: options.extractCounts(notes),
      attribution,
      source,
      evidence: ev,
      notes,
      confidence,
    });
  }
  return { events, issues };
}

// A rule is tried on a sentence only when the sentence holds a word of each list the rule needs (`Rule.needs`): most
// sentences hold no trigger of most rules, and a rule not tried is a regular expression not run. One bit per list.
const WORD_BITS = new Map<string, number>();
const RULE_BITS: readonly number[] = (() => {
  let next = 0;
  return RULES.map((rule) => {
    let bits = 0;
    for (const any of rule.needs ?? []) {
      if (next > 30) throw new Error('code-events: more lists of rule words than bits in a mask');
      const bit = 1 << next++;
      bits |= bit;
      for (const w of any) WORD_BITS.set(w, (WORD_BITS.get(w) ?? 0) | bit);
    }
    return bits;
  });
})();
// Past this length a sentence is read by every rule: listing its words would cost more than the scans it saves.
const WORDS_MAX = 20_000;
const ALL_BITS = 0x7fffffff;

/** The mask of rule-word lists a sentence holds: every bit without a reader of words or for a very long sentence. */
function heldWords(
  text: string,
  wordFlags: ((text: string, flags: ReadonlyMap<string, number>) => number) | undefined,
): number {
  if (!wordFlags || text.length > WORDS_MAX) return ALL_BITS;
  return wordFlags(text, WORD_BITS);
}

/** ACLED's bracketed note on the split of a reported toll applies to the event it closes (the first one). */
function firstCodedNote(text: string, extract: (t: string) => Casualties): Casualties | null {
  const m =
    /\[[^\]]*fatalit[^\]]*(?:coded to this event|split (?:among|across|between) \d+ events)[^\]]*\]/i.exec(
      text,
    );
  if (!m) return null;
  const before = text.slice(Math.max(0, m.index - 400), m.index);
  return extract(before.slice(before.lastIndexOf('.', before.length - 2) + 1) + ' ' + m[0]);
}

/**
 * Whether the next sentence's event is the same event: the same type (or an explosion within an ongoing battle) at the
 * same place or with no place of its own. 'upgrade' when explosions are followed by fighting there: one battle.
 */
function absorbs(
  prev: Candidate,
  next: Candidate,
  places: readonly PlaceMention[],
): 'absorb' | 'upgrade' | 'no' {
  const upgrade =
    prev.match.eventType === 'Explosions/Remote violence' &&
    next.match.subEventType === 'Armed clash' &&
    prev.match.actor1?.side === (next.match.actor1?.side ?? prev.match.actor1?.side);
  const sameKind =
    upgrade ||
    prev.match.subEventType === next.match.subEventType ||
    (prev.match.eventType === 'Battles' && next.match.eventType === 'Explosions/Remote violence');
  if (!sameKind) return 'no';
  const verdict = upgrade ? 'upgrade' : 'absorb';
  const prevSpan = evidenceOf(prev.sentences);
  const nextSpan = next.sentences[0].span;
  const p1 = placesIn(places, prevSpan).filter((p) => PREFERRED_KINDS.has(p.kind));
  const p2 = placesIn(places, nextSpan).filter((p) => PREFERRED_KINDS.has(p.kind));
  // one side names no place of its own: the other sentence says where the same event happened
  if (p1.length === 0 || p2.length === 0) return verdict;
  const key = (p: PlaceMention): string => p.entry?.id ?? p.text.toLowerCase();
  return p1.some((a) => p2.some((b) => key(a) === key(b))) ? verdict : 'no';
}
