import type {
  Gazetteer,
  GazetteerEntry,
  GeoPrecision,
  Issue,
  PlaceCandidate,
  PlaceKind,
  PlaceMention,
  Span,
} from '../../domain/index.js';
import { destinationPoint, distanceKm, issue, round5 } from '../../domain/index.js';
import type { ContactLineEra, ContactLineSide } from './contact-line.js';
import { contactLine, contactLineEra } from './contact-line.js';
import { countryEntry } from './countries.js';

/** Options of `resolvePlaces`. */
export interface ResolveOptions {
  /** Sentence spans of the text, so admin context in the same sentence weighs more than elsewhere. */
  readonly sentences?: readonly Span[];
  /** Gazetteer keys of regions the text implies without naming (see nlp `regionClues`): weak article context. */
  readonly regionKeys?: readonly string[];
  /** The publication day (`YYYY-MM-DD`): which contact line is the prior between namesakes (`contactLineEra`). */
  readonly published?: string | null;
}

const CATEGORY_WEIGHT: Readonly<Record<string, number>> = { K: 12, M: 10, X: 5, C: 0, P: 0 };
// How far an admin unit's centroid may be from a point inside it, when the gazetteer gives no radius.
const DEFAULT_RADIUS: Readonly<Record<string, number>> = {
  admin1: 100,
  admin2: 30,
  admin3: 10,
  district: 4,
  country: 500,
  settlement: 0,
};

interface Context {
  /** admin code → strongest weight it was stated with, per candidate index (immediate) or sentence or article. */
  readonly article: Map<string, number>;
  readonly bySentence: Map<number, Map<string, number>>;
  readonly immediate: Map<number, Set<string>>;
  /** Which contact line the ranking's prior measures to (from the publication day). */
  readonly era: ContactLineEra;
}

interface Choice {
  readonly entry: GazetteerEntry | undefined;
  readonly ranked: readonly { entry: GazetteerEntry; score: number }[];
  readonly stated: string[];
  readonly implied: string[];
  readonly issues: Issue[];
  readonly score: number;
}

function sentenceOf(sentences: readonly Span[], at: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sentences[mid];
    if (at < s.start) hi = mid - 1;
    else if (at >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

function uniqueById(entries: Iterable<GazetteerEntry>): GazetteerEntry[] {
  const seen = new Map<string, GazetteerEntry>();
  for (const e of entries) if (!seen.has(e.id)) seen.set(e.id, e);
  return [...seen.values()];
}

function adminLevelOf(kind: GazetteerEntry['kind']): 'admin1' | 'admin2' | 'admin3' | null {
  return kind === 'admin1' || kind === 'admin2' || kind === 'admin3' ? kind : null;
}

/**
 * Resolves recognised place names to gazetteer entries and points, with ACLED's geo_precision and an honest
 * radius. Disambiguation, strongest first: admin context stated next to the name ("Hirnyk, Donetsk"), in its
 * sentence, in the article; settlement category (city > urban-type > village) and hromada seat; coherence with the
 * article's other places; the article's focus region. Never drops a candidate: one the gazetteer cannot place comes
 * back with `lat`/`lon` null and a `place-unresolved` issue. Routes and relative places add a mention of their own
 * (kind `route`/`relative`) beside the named ones. Output is sorted by span.
 *
 * @example resolvePlaces(recognisePlaces(text, matcher), gazetteer)
 *   → [{ text: 'Dobropillia', kind: 'settlement', entry: { id: 'UA1416007001', … }, geoPrecision: 1, … }]
 */
export function resolvePlaces(
  candidates: readonly PlaceCandidate[],
  gazetteer: Gazetteer | null,
  options: ResolveOptions = {},
): PlaceMention[] {
  const sentences = options.sentences ?? [];
  if (gazetteer) prefetchLookups(gazetteer, candidates, options.regionKeys ?? []);
  // Each distinct name is looked up once per article, however often it is repeated.
  const byName = new Map<string, GazetteerEntry[]>();
  const lookups = candidates.map((c) => {
    if (!gazetteer) return [];
    const k = [c.level === 'country' ? (c.country ?? '-') : '', c.exact ? 1 : 0, ...c.keys].join('\u0001');
    let found = byName.get(k);
    if (!found) {
      found = entriesOf(c, gazetteer);
      byName.set(k, found);
    }
    return found;
  });
  const isContext = candidates.map((c, i) => validContext(candidates, lookups, i));
  const ctx = collectContext(
    candidates,
    lookups,
    isContext,
    sentences,
    gazetteer,
    contactLineEra(options.published),
  );
  for (const key of options.regionKeys ?? []) {
    for (const e of gazetteer ? cachedLookup(gazetteer, key) : []) {
      if (e.kind === 'admin1' && !ctx.article.has(e.id)) ctx.article.set(e.id, 1);
    }
  }

  // Pass 1 without coherence gives anchors; pass 2 adds coherence with them and the article's focus region.
  // Only places named as places anchor the others: "Kherson" in "Mykhailivka, Kherson" is the oblast. The others are
  // not ranked in pass 1 (their rankings could not be shared with these: the memo key holds the level).
  const firstRankings: Rankings = new Map();
  // what of a ranking's memo key depends on the candidate alone, built once though each candidate is ranked twice
  const memoKeys: (string | undefined)[] = new Array<string | undefined>(candidates.length);
  const anchors: Anchor[] = [];
  candidates.forEach((c, i) => {
    if (isContext[i] || c.level !== 'settlement') return;
    const ch = choose(c, i, lookups[i], false, ctx, sentences, NO_COHERENCE, null, firstRankings, memoKeys);
    const e = ch.entry;
    if (!e || e.kind !== 'settlement') return;
    if (ch.ranked.length === 1 || ch.score >= 0.8)
      anchors.push({ index: i, lat: e.lat, lon: e.lon, admin1: e.admin1Code });
  });
  const focus = focusRegion(anchors);
  const coherence = createCoherence(anchors);
  const rankings: Rankings = new Map();
  const chosen = candidates.map((c, i) =>
    choose(c, i, lookups[i], isContext[i], ctx, sentences, coherence, focus, rankings, memoKeys),
  );

  const out: PlaceMention[] = [];
  const mentions = candidates.map((c, i) => toMention(c, chosen[i], isContext[i], gazetteer));
  // A one-edit guess the stated region did not confirm was never a recognised name: it is left out, not kept.
  out.push(...mentions.filter((m, i) => !candidates[i].fuzzy || m.entry !== undefined));
  candidates.forEach((c, i) => {
    const base = mentions[i];
    if (c.offset) out.push(relativeMention(c, base));
    if (c.routeTo !== undefined && c.routeSpan)
      out.push(routeMention(c.routeSpan, base, mentions[c.routeTo]));
  });
  return out.sort(
    (a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.kind < b.kind ? -1 : 1),
  );
}

// War news repeats its names: lookups are cached per gazetteer (entries are immutable), up to a bound.
const lookupCache = new WeakMap<Gazetteer, Map<string, readonly GazetteerEntry[]>>();
const LOOKUP_CACHE_MAX = 50_000;

function cachedLookup(gaz: Gazetteer, key: string): readonly GazetteerEntry[] {
  let cache = lookupCache.get(gaz);
  if (!cache) {
    cache = new Map();
    lookupCache.set(gaz, cache);
  }
  let found = cache.get(key);
  if (!found) {
    found = gaz.lookup(key);
    if (cache.size >= LOOKUP_CACHE_MAX) cache.clear();
    cache.set(key, found);
  }
  return found;
}

/**
 * Fills the lookup cache with every key `entriesOf` will read for these candidates, in one gazetteer query per round
 * instead of one per key (an article's first resolution meets a hundred names or more). Only a cache: `entriesOf`
 * stays the rule and looks up whatever this left out.
 */
function prefetchLookups(
  gaz: Gazetteer,
  candidates: readonly PlaceCandidate[],
  regionKeys: readonly string[],
): void {
  const lookupMany = gaz.lookupMany?.bind(gaz);
  if (!lookupMany) return;
  let cache = lookupCache.get(gaz);
  if (!cache) {
    cache = new Map();
    lookupCache.set(gaz, cache);
  }
  const fetch = (keys: Set<string>): void => {
    if (keys.size < 2 || !cache || cache.size + keys.size > LOOKUP_CACHE_MAX) return;
    for (const [key, found] of lookupMany([...keys])) cache.set(key, found);
  };
  const first = new Set<string>();
  const want = (key: string): void => {
    if (!cache?.has(key)) first.add(key);
  };
  for (const c of candidates) {
    // The spelling as written first: its variants are read only when it names nothing (see entriesOf).
    if (c.exact && c.level !== 'country' && c.keys.length > 0) want(c.keys[0]);
    else for (const k of c.keys) want(k);
  }
  for (const k of regionKeys) want(k);
  fetch(first);
  const second = new Set<string>();
  for (const c of candidates) {
    if (!c.exact || c.level === 'country' || c.keys.length < 2) continue;
    if (cache.get(c.keys[0])?.length !== 0) continue;
    for (const k of c.keys) if (!cache.has(k)) second.add(k);
  }
  fetch(second);
}

function entriesOf(c: PlaceCandidate, gaz: Gazetteer): GazetteerEntry[] {
  if (c.level === 'country') {
    const found = c.keys.flatMap((k) => cachedLookup(gaz, k)).filter((e) => e.kind === 'country');
    const own = c.country ? countryEntry(c.country) : undefined;
    return found.length > 0 ? found : own ? [own] : [];
  }
  // The spelling as written wins over its variants: "Lyman" is not also every "Liman".
  if (c.exact && c.keys.length > 0) {
    const own = cachedLookup(gaz, c.keys[0]);
    if (own.length > 0) return [...own];
  }
  const out: GazetteerEntry[] = [];
  for (const k of c.keys) out.push(...cachedLookup(gaz, k));
  return uniqueById(out);
}

/** "Hirnyk, Donetsk": the second names a region only when some reading of the first lies in it. */
function validContext(
  candidates: readonly PlaceCandidate[],
  lookups: readonly GazetteerEntry[][],
  i: number,
): boolean {
  const c = candidates[i];
  if (c.contextOf === undefined) return false;
  const codes = regionCodes(c, lookups[i]);
  if (codes.size === 0) return false;
  const target = lookups[c.contextOf];
  if (target.length === 0) return true;
  return target.some((e) => [e.admin1Code, e.admin2Code, e.admin3Code, e.id].some((x) => x && codes.has(x)));
}

/** The admin codes a candidate names as a region: its admin entries, else its main city's region. */
function regionCodes(c: PlaceCandidate, entries: readonly GazetteerEntry[]): Set<string> {
  const want = c.level === 'settlement' ? 'admin1' : c.level;
  const codes = new Set<string>();
  for (const e of entries) if (e.kind === want) codes.add(e.id);
  if (codes.size > 0) return codes;
  const admins = entries.filter((e) => adminLevelOf(e.kind));
  if (admins.length > 0 && c.level === 'settlement') {
    for (const e of admins) codes.add(e.id);
    return codes;
  }
  // "Donetsk" after a settlement, "Pokrovsk district", "Marinka community": the unit named after its main town.
  const towns = entries
    .filter((e) => e.kind === 'settlement')
    .sort((a, b) => rankTown(b) - rankTown(a) || (a.id < b.id ? -1 : 1));
  const top = towns[0];
  if (!top) return codes;
  if (rankTown(top) < 10 && want === 'admin1') return codes;
  const code = want === 'admin1' ? top.admin1Code : want === 'admin2' ? top.admin2Code : top.admin3Code;
  if (code) codes.add(code);
  return codes;
}

// An entry's town rank depends on the entry alone, and the same namesakes are ranked again and again: once each.
const townRanks = new WeakMap<GazetteerEntry, number>();

function rankTown(e: GazetteerEntry): number {
  let rank = townRanks.get(e);
  if (rank === undefined) {
    rank =
      (CATEGORY_WEIGHT[e.category ?? 'C'] ?? 0) + (e.isAdminSeat ? 3 : 0) + (isOblastCapital(e) ? 15 : 0);
    townRanks.set(e, rank);
  }
  return rank;
}

/**
 * A city that names its oblast (Zaporizhzhia, Sumy, Kherson): what a bare mention of the name means, whatever
 * villages share it.
 */
function isOblastCapital(e: GazetteerEntry): boolean {
  if (e.kind !== 'settlement' || (e.category !== 'M' && e.category !== 'K') || !e.admin1) return false;
  const a = e.admin1.toLowerCase();
  const n = e.name.toLowerCase();
  return a === n || a.startsWith(`${n} `) || a.startsWith(`${n} (`);
}

function collectContext(
  candidates: readonly PlaceCandidate[],
  lookups: readonly GazetteerEntry[][],
  isContext: readonly boolean[],
  sentences: readonly Span[],
  _gaz: Gazetteer | null,
  era: ContactLineEra,
): Context {
  const article = new Map<string, number>();
  const bySentence = new Map<number, Map<string, number>>();
  const immediate = new Map<number, Set<string>>();
  candidates.forEach((c, i) => {
    const explicitAdmin = c.level === 'admin1' || c.level === 'admin2' || c.level === 'admin3';
    const ownAdmins =
      lookups[i].some((e) => adminLevelOf(e.kind)) && !lookups[i].some((e) => e.kind === 'settlement');
    if (!isContext[i] && !explicitAdmin && !ownAdmins) return;
    const codes = regionCodes(c, lookups[i]);
    if (codes.size === 0) return;
    if (isContext[i] && c.contextOf !== undefined) immediate.set(c.contextOf, codes);
    const s = sentenceOf(sentences, c.span.start);
    let inSentence = bySentence.get(s);
    if (!inSentence) {
      inSentence = new Map();
      bySentence.set(s, inSentence);
    }
    for (const code of codes) {
      inSentence.set(code, 1);
      article.set(code, (article.get(code) ?? 0) + 1);
    }
  });
  return { article, bySentence, immediate, era };
}

function focusRegion(anchors: readonly { admin1?: string }[]): string | null {
  const counts = new Map<string, number>();
  for (const a of anchors) if (a.admin1) counts.set(a.admin1, (counts.get(a.admin1) ?? 0) + 1);
  let best: string | null = null;
  let n = 0;
  for (const [k, v] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (v > n) {
      best = k;
      n = v;
    }
  }
  return n >= 2 ? best : null;
}

interface Anchor {
  readonly index: number;
  readonly lat: number;
  readonly lon: number;
  readonly admin1?: string;
}

/**
 * Coherence of a reading with the article's anchor places: the distance from it to the nearest other anchor, each
 * distinct point counted once however often the article repeats it. Computed once per entry and article (war news
 * repeats its names), so an article of 10,000 names costs distinct entries × distinct points, not mentions².
 */
interface Coherence {
  readonly size: number;
  anchorAt(index: number): Anchor | undefined;
  /** Distance in km from `e` to the nearest anchor point other than the one only mention `index` stands on. */
  nearestKm(e: GazetteerEntry, index: number): number;
  /** Whether mention `index` alone stands on an anchor point (its coherence is then its own). */
  isSole(index: number): boolean;
}

/** Beyond this distance another place adds nothing to a reading's coherence. */
const COHERENCE_KM = 150;
// degrees of latitude a point may differ by and still be within COHERENCE_KM (1° ≥ 111.19 km), with a margin
const LAT_WINDOW = COHERENCE_KM / 111 + 0.01;

const NO_COHERENCE: Coherence = {
  size: 0,
  anchorAt: () => undefined,
  nearestKm: () => Infinity,
  isSole: () => false,
};

/** Rankings shared by mentions that score alike (same name, level, sentence and words around it), per pass. */
type Rankings = Map<string, readonly { entry: GazetteerEntry; score: number }[]>;

function createCoherence(anchors: readonly Anchor[]): Coherence {
  const byIndex = new Map<number, Anchor>();
  // distinct points; `sole` is the one mention standing on a point, -1 when several do
  const points = new Map<string, { lat: number; lon: number; sole: number }>();
  for (const a of anchors) {
    byIndex.set(a.index, a);
    const k = `${a.lat},${a.lon}`;
    const p = points.get(k);
    if (p) p.sole = -1;
    else points.set(k, { lat: a.lat, lon: a.lon, sole: a.index });
  }
  // by latitude: only points within COHERENCE_KM of a reading's latitude can add to its score
  const list = [...points.values()].sort((a, b) => a.lat - b.lat);
  // each point's cos(latitude), as distanceKm computes it
  const cosLat = list.map((p) => Math.cos(p.lat * TO_RAD));
  const sole = new Set<number>();
  for (const p of list) if (p.sole >= 0) sole.add(p.sole);
  // An article of more than 512 distinct places: a grid, searched ring by ring from the reading outwards.
  const grid = list.length > 512 ? gridOf(list) : null;
  // per entry: the nearest point, and the nearest but that one (for the mention that alone stands on the nearest)
  const memo = new Map<string, Nearest>();
  return {
    size: list.length,
    anchorAt: (index) => byIndex.get(index),
    isSole: (index) => sole.has(index),
    nearestKm(e, index) {
      let m = memo.get(e.id);
      if (!m && grid && Math.abs(e.lat) <= 80) {
        m = nearestInGrid(grid, list, e.lat, e.lon);
        memo.set(e.id, m);
      }
      if (!m) {
        let d1 = Infinity;
        let p1 = -1;
        let d2 = Infinity;
        let h1 = Infinity;
        // the haversine term of d2: distanceKm grows with it, so a point whose term is larger (by more than any
        // rounding) cannot be nearer than d2 and needs no asin
        let h2 = Infinity;
        const cosE = Math.cos(e.lat * TO_RAD);
        // A point farther in latitude alone than COHERENCE_KM (with a margin) scores nothing, as no point does.
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (list[mid].lat < e.lat - LAT_WINDOW) lo = mid + 1;
          else hi = mid;
        }
        for (let j = lo; j < list.length && list[j].lat <= e.lat + LAT_WINDOW; j++) {
          // distanceKm(list[j].lat, list[j].lon, e.lat, e.lon), the same operations in the same order
          const dLat = (e.lat - list[j].lat) * TO_RAD;
          const dLon = (e.lon - list[j].lon) * TO_RAD;
          const h = Math.sin(dLat / 2) ** 2 + cosLat[j] * cosE * Math.sin(dLon / 2) ** 2;
          if (h > h2 * H_MARGIN) continue;
          const d = 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
          if (d < d1) {
            d2 = d1;
            h2 = h1;
            d1 = d;
            h1 = h;
            p1 = j;
          } else if (d < d2) {
            d2 = d;
            h2 = h;
          }
        }
        m = { d1, p1, d2 };
        memo.set(e.id, m);
      }
      return m.p1 >= 0 && list[m.p1].sole === index ? m.d2 : m.d1;
    },
  };
}

interface Nearest {
  readonly d1: number;
  /** Index of the nearest point in the list, -1 when none is near. */
  readonly p1: number;
  readonly d2: number;
}

const CELL_DEG = 0.5;
const COLUMNS = 360 / CELL_DEG;
// distanceKm's radius and degree factor
const EARTH_KM = 6371.0088;
const TO_RAD = Math.PI / 180;
// asin and sqrt are correctly rounded to within an ulp: a haversine term this much larger never gives a smaller
// distance
const H_MARGIN = 1 + 1e-9;

function cellKey(row: number, col: number): number {
  return row * COLUMNS + (((col % COLUMNS) + COLUMNS) % COLUMNS);
}

function gridOf(list: readonly { lat: number; lon: number }[]): Map<number, number[]> {
  const grid = new Map<number, number[]>();
  list.forEach((p, j) => {
    const k = cellKey(Math.floor(p.lat / CELL_DEG), Math.floor(p.lon / CELL_DEG));
    const cell = grid.get(k);
    if (cell) cell.push(j);
    else grid.set(k, [j]);
  });
  return grid;
}

/**
 * The two nearest points to (lat, lon), exact where it matters: the search stops once no unvisited cell can hold a
 * point nearer than the second found or than COHERENCE_KM (farther points score nothing). After ring r every
 * unvisited point differs by more than r cells in latitude or in longitude; haversine distance is at least R·Δφ, and
 * at least 2R·asin(cos φmax · sin(Δλ/2)) with φmax the larger |latitude| of the two.
 */
function nearestInGrid(
  grid: ReadonlyMap<number, readonly number[]>,
  list: readonly { lat: number; lon: number }[],
  lat: number,
  lon: number,
): Nearest {
  const row0 = Math.floor(lat / CELL_DEG);
  const col0 = Math.floor(lon / CELL_DEG);
  let d1 = Infinity;
  let p1 = -1;
  let d2 = Infinity;
  const visit = (row: number, col: number): void => {
    for (const j of grid.get(cellKey(row, col)) ?? []) {
      const d = distanceKm(list[j].lat, list[j].lon, lat, lon);
      if (d < d1 || (d === d1 && j < p1)) {
        d2 = d1;
        d1 = d;
        p1 = j;
      } else if (d < d2) d2 = d;
    }
  };
  for (let r = 0; r <= COLUMNS / 2; r++) {
    if (r === 0) visit(row0, col0);
    else {
      for (let dc = -r; dc <= r; dc++) {
        visit(row0 - r, col0 + dc);
        visit(row0 + r, col0 + dc);
      }
      for (let dr = -r + 1; dr <= r - 1; dr++) {
        visit(row0 + dr, col0 - r);
        visit(row0 + dr, col0 + r);
      }
    }
    const span = (r * CELL_DEG * Math.PI) / 180;
    const phiMax = Math.min(90, Math.abs(lat) + r * CELL_DEG + CELL_DEG);
    const byLat = EARTH_KM * span;
    const byLon =
      2 * EARTH_KM * Math.asin(Math.cos((phiMax * Math.PI) / 180) * Math.sin(Math.min(span, Math.PI) / 2));
    // 0.999: a margin for rounding, so a bound never exceeds a distance it stands for
    if (Math.min(byLat, byLon) * 0.999 >= Math.min(d2, COHERENCE_KM)) break;
  }
  return { d1, p1, d2 };
}

// What a unit (admin1, admin2, admin3) stated anywhere in the article adds to a namesake in it.
const ARTICLE_UNIT_SCORE = [8, 5, 2] as const;

function choose(
  c: PlaceCandidate,
  index: number,
  entries: readonly GazetteerEntry[],
  isContext: boolean,
  ctx: Context,
  sentences: readonly Span[],
  coherence: Coherence,
  focus: string | null,
  rankings: Rankings,
  memoKeys: (string | undefined)[],
): Choice {
  const issues: Issue[] = [];
  const stated = c.keys.length > 0 || c.level === 'country' ? ['name'] : [];
  const implied: string[] = [];
  if (entries.length === 0) {
    issues.push(
      issue(
        'place-unresolved',
        c.keys.length === 0 ? `"${c.text}" is not in the gazetteer` : `no gazetteer entry for "${c.text}"`,
        c.span,
      ),
    );
    return { entry: undefined, ranked: [], stated, implied, issues, score: 0 };
  }
  const wantLevel = isContext && c.level === 'settlement' ? 'admin1' : c.level;
  const pool = cachedPool(entries, wantLevel);
  if (pool.length === 0) {
    issues.push(issue('place-unresolved', `no ${wantLevel} named "${c.text}" in the gazetteer`, c.span));
    return { entry: undefined, ranked: [], stated, implied, issues, score: 0 };
  }
  const s = sentenceOf(sentences, c.span.start);
  const inSentence = ctx.bySentence.get(s);
  const near = ctx.immediate.get(index);
  const exactKey = c.exact ? c.keys[0] : undefined;
  // "Donetsk - Kirovskyi": the district of that city, not a namesake elsewhere.
  const city = c.districtOf === undefined ? undefined : coherence.anchorAt(c.districtOf);
  // "Novopavlivka near Pokrovsk": the namesake close to the place the sentence puts it by.
  const nearTo = c.nearOf === undefined ? undefined : coherence.anchorAt(c.nearOf);
  // War news repeats its names: a mention scored like an earlier one (nothing tied to it alone) shares its ranking.
  const shareable = !near && !city && !nearTo && !coherence.isSole(index);
  // The sentence counts only through the units stated in it: mentions in sentences that state none share a ranking.
  const memoKey = shareable
    ? `${wantLevel}\u0001${inSentence ? s : ''}\u0001${(memoKeys[index] ??= candidateKey(c, exactKey))}`
    : '';
  let ranked = shareable ? rankings.get(memoKey) : undefined;
  if (!ranked) {
    // the mention's lower case, once for the whole pool (not once per entry)
    const lowerText = c.text.toLowerCase();
    ranked = pool
      .map((e) => {
        const facts = factsOf(e);
        let score = facts.rank;
        // A unit stated elsewhere in the article says less the smaller it is: a hromada two paragraphs away is
        // usually another place's, an oblast is the article's.
        for (let level = 0; level < 3; level++) {
          const code = level === 0 ? e.admin1Code : level === 1 ? e.admin2Code : e.admin3Code;
          if (!code) continue;
          if (near?.has(code)) score += 100;
          if (inSentence?.has(code)) score += 40 + 5 * level;
          if (ctx.article.has(code)) score += ARTICLE_UNIT_SCORE[level];
        }
        if (c.typeWord === 'village') score += e.category === 'C' ? 6 : -4;
        if (c.typeWord === 'town' || c.typeWord === 'city') score += e.category === 'C' ? -4 : 4;
        if (exactKey && e.name && facts.lowerName === lowerText) score += 2;
        // A city district is where its city is: coherence places it as it places a town.
        if (coherence.size > 0 && (e.kind === 'settlement' || e.kind === 'district')) {
          score += 9 * Math.max(0, 1 - coherence.nearestKm(e, index) / COHERENCE_KM);
        }
        if (focus && e.admin1Code === focus) score += 3;
        if (city) score += 50 * Math.max(0, 1 - distanceKm(city.lat, city.lon, e.lat, e.lon) / 30);
        if (nearTo) score += 50 * Math.max(0, 1 - distanceKm(nearTo.lat, nearTo.lon, e.lat, e.lon) / 40);
        // War news happens near the front and the border: the weakest prior, a tie-breaker between namesakes.
        if (e.kind === 'settlement' && e.country === 'UA') {
          const line = lineOf(facts, e, ctx.era);
          score += 10 * Math.max(0, 1 - line.km / 60);
          // Within a few km the coarse line cannot tell the sides apart: either may hold the place.
          if (c.heldBy && line.km < 60) score += line.side === c.heldBy || line.km < 6 ? 5 : 0;
        }
        return { entry: e, score };
      })
      .sort((a, b) => b.score - a.score || (a.entry.id < b.entry.id ? -1 : 1));
    if (shareable) rankings.set(memoKey, ranked);
  }
  const top = ranked[0];
  const second = ranked[1];
  const inStated = (e: GazetteerEntry): boolean =>
    [e.admin1Code, e.admin2Code, e.admin3Code, e.id].some((x) => x !== undefined && near?.has(x) === true);
  if (c.fuzzy && !inStated(top.entry)) {
    // A guessed spelling counts only where the text's own region confirms it.
    issues.push(
      issue('place-unresolved', `"${c.text}" is no gazetteer name in the region stated beside it`, c.span),
    );
    return { entry: undefined, ranked: [], stated, implied, issues, score: 0 };
  }
  if (c.fuzzy) implied.push('name:one-edit');
  let conf = second ? 1 / (1 + Math.exp(-(top.score - second.score) / 4)) : 0.97;
  if (!c.exact) conf *= 0.9;
  if (
    near &&
    ![top.entry.admin1Code, top.entry.admin2Code, top.entry.admin3Code, top.entry.id].some(
      (x) => x && near.has(x),
    )
  ) {
    issues.push(
      issue('place-context-conflict', `no "${c.text}" lies in the region stated beside it`, c.span),
    );
    conf *= 0.5;
  }
  if (near) stated.push('admin');
  else if (
    inSentence &&
    [top.entry.admin1Code, top.entry.admin2Code, top.entry.admin3Code].some((x) => x && inSentence.has(x))
  )
    stated.push('admin');
  else if ([top.entry.admin1Code].some((x) => x && ctx.article.has(x))) implied.push('admin1:from-article');
  if (c.typeWord) stated.push('category');
  if (second && top.score - second.score < 1) {
    issues.push(issue('place-ambiguous', `"${c.text}" fits ${ranked.length} places about equally`, c.span));
  }
  if (ranked.length > 1) implied.push('entry:ranked');
  return { entry: top.entry, ranked, stated, implied, issues, score: conf };
}

/** What of a ranking's memo key depends on the candidate alone. */
function candidateKey(c: PlaceCandidate, exactKey: string | undefined): string {
  return [
    c.level,
    c.country ?? '',
    c.typeWord ?? '',
    c.heldBy ?? '',
    exactKey ?? '',
    c.text.toLowerCase(),
    ...c.keys,
  ].join('\u0001');
}

/** What a ranking reads of an entry that depends on the entry alone. */
interface EntryFacts {
  readonly rank: number;
  readonly lowerName: string;
  /** For a Ukrainian settlement, its side of each era's contact line, as first asked. */
  readonly lines: Partial<Record<ContactLineEra, ContactLineSide>>;
}

function lineOf(facts: EntryFacts, e: GazetteerEntry, era: ContactLineEra): ContactLineSide {
  return (facts.lines[era] ??= contactLine(e.lat, e.lon, era));
}

// The same namesakes are ranked again and again: their facts are worked out once each.
const entryFacts = new WeakMap<GazetteerEntry, EntryFacts>();

function factsOf(e: GazetteerEntry): EntryFacts {
  let facts = entryFacts.get(e);
  if (!facts) {
    facts = {
      rank: rankTown(e),
      lowerName: e.name ? e.name.toLowerCase() : '',
      lines: {},
    };
    entryFacts.set(e, facts);
  }
  return facts;
}

// Lookups are shared by every mention of a name (see resolvePlaces): so is the pool each level draws from them.
const pools = new WeakMap<readonly GazetteerEntry[], Map<string, readonly GazetteerEntry[]>>();

function cachedPool(
  entries: readonly GazetteerEntry[],
  level: PlaceCandidate['level'],
): readonly GazetteerEntry[] {
  let byLevel = pools.get(entries);
  if (!byLevel) {
    byLevel = new Map();
    pools.set(entries, byLevel);
  }
  let pool = byLevel.get(level);
  if (!pool) {
    pool = poolFor(entries, level);
    byLevel.set(level, pool);
  }
  return pool;
}

/** The entries a candidate of a level may be: the unit itself, else the town it is named after. */
function poolFor(
  entries: readonly GazetteerEntry[],
  level: PlaceCandidate['level'],
): readonly GazetteerEntry[] {
  const of = (...kinds: GazetteerEntry['kind'][]): GazetteerEntry[] =>
    entries.filter((e) => kinds.includes(e.kind));
  switch (level) {
    case 'admin1':
      // "Samara Oblast" is Russia's, not the oblast of a Ukrainian village Samara: only a city names an oblast.
      return (
        [
          of('admin1'),
          entries.filter((e) => e.kind === 'settlement' && (e.category === 'M' || e.category === 'K')),
        ].find((p) => p.length > 0) ?? []
      );
    case 'admin3':
      return [of(level), of('settlement'), entries].find((p) => p.length > 0) ?? [];
    case 'admin2':
      return [of('admin2'), of('district'), of('settlement'), entries].find((p) => p.length > 0) ?? [];
    case 'district':
      // A district the gazetteer does not know stays unresolved; its city is a mention of its own.
      return of('district');
    case 'settlement':
      return [of('settlement', 'district'), entries].find((p) => p.length > 0) ?? [];
    default:
      return entries;
  }
}

function unitFor(
  entry: GazetteerEntry,
  level: PlaceCandidate['level'],
  gaz: Gazetteer | null,
): GazetteerEntry {
  if (entry.kind !== 'settlement' || !gaz) return entry;
  const code =
    level === 'admin1'
      ? entry.admin1Code
      : level === 'admin2'
        ? entry.admin2Code
        : level === 'admin3'
          ? entry.admin3Code
          : undefined;
  if (!code) return entry;
  return gaz.get(code) ?? entry;
}

function toMention(c: PlaceCandidate, ch: Choice, isContext: boolean, gaz: Gazetteer | null): PlaceMention {
  const level = isContext && c.level === 'settlement' ? 'admin1' : c.level;
  let entry = ch.entry;
  if (entry && (level === 'admin1' || level === 'admin2' || level === 'admin3'))
    entry = unitFor(entry, level, gaz);
  const kind: PlaceKind =
    level === 'country'
      ? 'country'
      : level === 'district' || entry?.kind === 'district'
        ? 'district'
        : entry && entry.kind !== 'settlement'
          ? 'admin'
          : level === 'settlement'
            ? 'settlement'
            : 'admin';
  let geo: GeoPrecision = 1;
  let radius = 0;
  const implied = [...ch.implied];
  if (entry) {
    const k = entry.kind === 'settlement' && kind === 'admin' ? 'settlement' : entry.kind;
    radius = entry.radiusKm ?? DEFAULT_RADIUS[k] ?? 0;
    if (entry.kind === 'settlement' && kind === 'admin') {
      // The unit itself is missing from the gazetteer: its main town stands in, with a unit-sized radius.
      radius = DEFAULT_RADIUS[level] ?? 30;
      implied.push(`point:${level}-from-town`);
    } else implied.push('point:centroid');
    // A city district is as precise as a town (ACLED codes "Donetsk - Kirovskyi" at precision 1).
    if (kind === 'country' || entry.kind === 'admin1') geo = 3;
    else if (kind === 'admin' || (kind === 'district' && entry.kind !== 'district')) geo = 2;
  }
  if (c.qualifier === 'near' || c.qualifier === 'outskirts') {
    geo = geo === 1 ? 2 : geo;
    radius = Math.max(radius, c.qualifier === 'near' ? 5 : 3);
  } else if (c.qualifier === 'direction' || c.qualifier === 'sector') {
    geo = geo === 1 ? 2 : geo;
    radius = Math.max(radius, 20);
  }
  const m: PlaceMention = {
    kind,
    span: c.span,
    text: c.text,
    lat: entry ? round5(entry.lat) : null,
    lon: entry ? round5(entry.lon) : null,
    radiusKm: Math.round(radius * 10) / 10,
    geoPrecision: geo,
    ...(entry ? { entry } : {}),
    ...(c.qualifier ? { qualifier: c.qualifier } : {}),
    ...(c.pinned ? { pinned: true } : {}),
    basis: { stated: ch.stated, implied },
    score: Math.round(ch.score * 1000) / 1000,
    alternatives: ch.ranked.slice(1, 4).map((r) => r.entry),
    issues: ch.issues,
  };
  return m;
}

function relativeMention(c: PlaceCandidate, anchor: PlaceMention): PlaceMention {
  const off = c.offset;
  if (!off) return anchor;
  const stated = ['distance', ...(off.bearingDeg === null ? [] : ['bearing']), 'anchor'];
  let lat: number | null = null;
  let lon: number | null = null;
  // A stated distance is rounded by the writer: a quarter of it (at least 2 km) is how far the point may be off.
  let radius = Math.max(2, off.km * (off.approximate ? 0.25 : 0.15));
  if (anchor.lat !== null && anchor.lon !== null) {
    if (off.bearingDeg === null) {
      lat = anchor.lat;
      lon = anchor.lon;
      radius = off.km;
    } else {
      const [la, lo] = destinationPoint(anchor.lat, anchor.lon, off.km, off.bearingDeg);
      lat = round5(la);
      lon = round5(lo);
    }
  }
  return {
    kind: 'relative',
    span: off.span,
    text: c.text,
    lat,
    lon,
    radiusKm: Math.round(radius * 10) / 10,
    geoPrecision: 2,
    parts: [anchor],
    offset: { km: off.km, bearingDeg: off.bearingDeg, approximate: off.approximate },
    basis: { stated, implied: ['point:computed'] },
    score: anchor.score,
    alternatives: [],
    issues:
      anchor.lat === null
        ? [issue('place-unresolved', `the anchor "${c.text}" is unresolved`, off.span)]
        : [],
  };
}

function routeMention(at: Span, a: PlaceMention, b: PlaceMention): PlaceMention {
  const ok = a.lat !== null && a.lon !== null && b.lat !== null && b.lon !== null;
  const lat = ok ? round5(((a.lat ?? 0) + (b.lat ?? 0)) / 2) : null;
  const lon = ok ? round5(((a.lon ?? 0) + (b.lon ?? 0)) / 2) : null;
  const half = ok ? distanceKm(a.lat ?? 0, a.lon ?? 0, b.lat ?? 0, b.lon ?? 0) / 2 : 0;
  return {
    kind: 'route',
    span: at,
    text: `${a.text}–${b.text}`,
    lat,
    lon,
    radiusKm: Math.round(half * 10) / 10,
    geoPrecision: 2,
    parts: [a, b],
    basis: { stated: ['ends'], implied: ['point:midpoint'] },
    score: Math.min(a.score, b.score),
    alternatives: [],
    issues: ok ? [] : [issue('place-unresolved', 'an end of the route is unresolved', at)],
  };
}
