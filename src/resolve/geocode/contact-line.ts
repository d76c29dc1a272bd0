// Coarse lines along which war news happens. The main one: Ukraine's border with Russia from the Belarusian tri-point to the
// Luhansk border, then the 2023–24 front line through Kharkiv, Luhansk, Donetsk and Zaporizhzhia oblasts, then the
// Dnipro (Kakhovka reservoir and lower river) to its mouth. Points are approximate facts (lat, lon), north to south;
// accuracy of ~10 km is enough for a tie-breaker between same-named villages.
type Line = readonly (readonly [number, number])[];

const LINE: Line = [
  [52.37, 31.78], // tri-point Ukraine–Belarus–Russia
  [52.33, 32.4],
  [52.3, 32.55],
  [52.36, 33.2],
  [52.2, 34.05], // Seredyna-Buda
  [51.93, 34.38],
  [51.6, 34.45],
  [51.3, 34.85],
  [51.15, 35.2],
  [50.8, 35.35], // Krasnopillia
  [50.42, 35.5], // Velyka Pysarivka
  [50.36, 36.2], // Kozacha Lopan
  [50.3, 36.93], // Vovchansk
  [50.08, 37.6], // Velykyi Burluk border
  [50.0, 37.95],
  [49.8, 37.8], // east of Synkivka
  [49.6, 38.0], // east of Petropavlivka
  [49.45, 38.0],
  [49.23, 38.1],
  [49.05, 38.22], // Kreminna
  [48.9, 38.2], // Bilohorivka
  [48.8, 38.1],
  [48.68, 38.07], // Soledar
  [48.59, 37.98], // Bakhmut
  [48.5, 37.95],
  [48.35, 37.93], // Horlivka west
  [48.3, 37.85], // Toretsk
  [48.14, 37.75], // Avdiivka
  [48.03, 37.6],
  [47.94, 37.5], // Marinka
  [47.85, 37.42],
  [47.77, 37.25], // Vuhledar
  [47.72, 37.0],
  [47.8, 36.83], // Velyka Novosilka
  [47.72, 36.6], // Levadne
  [47.66, 36.26], // Huliaipole
  [47.54, 35.99],
  [47.45, 35.84], // Robotyne
  [47.5, 35.4], // Kamianske
  [47.55, 35.05],
  [47.55, 34.6], // Kakhovka reservoir by Marhanets
  [47.45, 34.2],
  [47.25, 33.9],
  [46.95, 33.55],
  [46.76, 33.37], // Nova Kakhovka
  [46.68, 32.95],
  [46.64, 32.6], // Kherson
  [46.52, 32.3],
  [46.47, 31.95], // Dnipro mouth
];

// The 2015–22 line in Donbas (reports of those years name its villages): from the Russian border along the Siverskyi
// Donets, west of Horlivka and Donetsk, to the Sea of Azov east of Mariupol. Same orientation: Russian-held on the left.
const DONBAS_2015: Line = [
  [48.72, 39.75],
  [48.66, 39.48], // Stanytsia Luhanska
  [48.74, 39.23], // Shchastia
  [48.72, 38.8],
  [48.7, 38.52], // Zolote
  [48.63, 38.38], // Popasna
  [48.43, 38.22], // Svitlodarsk
  [48.35, 38.0], // Maiorsk
  [48.38, 37.86], // Toretsk
  [48.14, 37.75], // Avdiivka
  [48.08, 37.65], // Pisky
  [47.94, 37.5], // Marinka
  [47.8, 37.55],
  [47.5, 37.55], // Pavlopil
  [47.25, 37.75],
  [47.09, 37.68], // Shyrokyne
  [47.03, 37.75],
];

/**
 * Which line a report's date puts the fighting along: `2015` (reports before the full-scale invasion of 24 February
 * 2022: the Donbas line alone), `2022` (after it: the border and the 2023–24 front), `any` (date unknown: both).
 */
export type ContactLineEra = '2015' | '2022' | 'any';

const LINES: Readonly<Record<ContactLineEra, readonly Line[]>> = {
  '2015': [DONBAS_2015],
  '2022': [LINE],
  any: [LINE, DONBAS_2015],
};

/**
 * The era of a report published on `day` (`YYYY-MM-DD…`); `any` without a date.
 *
 * @example contactLineEra('2018-04-05') → '2015'; contactLineEra('2024-03-10') → '2022'
 */
export function contactLineEra(day: string | null | undefined): ContactLineEra {
  if (!day || !/^\d{4}-\d{2}-\d{2}/.test(day)) return 'any';
  return day.slice(0, 10) < '2022-02-24' ? '2015' : '2022';
}

/** Where a point lies relative to the contact line. */
export interface ContactLineSide {
  /** Approximate distance in km to the line. */
  readonly km: number;
  /** `russia` for the Russian-held side (Russia and occupied Ukraine), `ukraine` for the other. */
  readonly side: 'russia' | 'ukraine';
}

/**
 * Approximate distance in km from a point to the line along which the war news of an era happens (since 2022 the
 * Russian border and the 2023–24 front line; before, the 2015–22 line in Donbas; with no date, the nearer of both),
 * and which side of it the point lies on: a prior between same-named villages when nothing else in the text decides.
 * The lines run north to south with the Russian-held side on their left.
 *
 * @example contactLine(48.59, 37.98).km < 2 // Bakhmut
 */
export function contactLine(lat: number, lon: number, era: ContactLineEra = 'any'): ContactLineSide {
  // Exact for 5-decimal coordinates: latitude and longitude in separate digit ranges of one safe integer.
  const key = Math.round((lat + 90) * 1e5) * 4e7 + Math.round((lon + 180) * 1e5);
  const memo = memos[era];
  const hit = memo.get(key);
  if (hit) return hit;
  const found = measure(lat, lon, SEGMENTS[era]);
  if (memo.size > 100_000) memo.clear();
  memo.set(key, found);
  return found;
}

// Settlements are few and asked about again and again: remember each point's answer, per era.
const memos: Record<ContactLineEra, Map<number, ContactLineSide>> = {
  '2015': new Map(),
  '2022': new Map(),
  any: new Map(),
};

// Every segment of every line as (aLat, aLon, bLat, bLon), flat: the first articles of a process measure a thousand
// namesakes or more before the loop is optimised, and reading numbers from a typed array costs the interpreter far
// less than destructuring pairs (an iterator per pair).
const segments = (lines: readonly Line[]): Float64Array =>
  Float64Array.from(
    lines.flatMap((line) => line.slice(1).flatMap((b, i) => [line[i][0], line[i][1], b[0], b[1]])),
  );
const SEGMENTS: Record<ContactLineEra, Float64Array> = {
  '2015': segments(LINES['2015']),
  '2022': segments(LINES['2022']),
  any: segments(LINES.any),
};

function measure(lat: number, lon: number, SEGMENTS: Float64Array): ContactLineSide {
  const kx = 111.32 * Math.cos((lat * Math.PI) / 180);
  const ky = 110.57;
  let best = Infinity;
  let cross = 0;
  for (let s = 0; s < SEGMENTS.length; s += 4) {
    const ax = (SEGMENTS[s + 1] - lon) * kx;
    const ay = (SEGMENTS[s] - lat) * ky;
    const bx = (SEGMENTS[s + 3] - lon) * kx;
    const by = (SEGMENTS[s + 2] - lat) * ky;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
    const px = ax + t * dx;
    const py = ay + t * dy;
    const d = Math.sqrt(px * px + py * py);
    if (d < best) {
      best = d;
      cross = dy * ax - dx * ay;
    }
  }
  return { km: best, side: cross > 0 ? 'russia' : 'ukraine' };
}

/** Distance in km to the contact line (see `contactLine`). */
export function distanceToContactLine(lat: number, lon: number): number {
  return contactLine(lat, lon).km;
}
