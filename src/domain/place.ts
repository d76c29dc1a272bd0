import type { Issue } from './issue.js';
import type { Span } from './span.js';

/** What a place mention names. `relative` is "30 km north of X"; `route` is "the X–Y highway". */
export type PlaceKind = 'settlement' | 'admin' | 'district' | 'route' | 'relative' | 'country';

/**
 * ACLED's geo_precision: 1 the town itself, 2 near a town or a part of a region, 3 only the region or larger.
 */
export type GeoPrecision = 1 | 2 | 3;

/** Settlement category as in the Ukrainian codifier: M city, X urban-type settlement, C village, K special city. */
export type SettlementCategory = 'M' | 'X' | 'C' | 'K' | 'P';

/** A gazetteer entry: one settlement, admin unit, district or country. */
export interface GazetteerEntry {
  /** Stable id: a pcode (`UA1416007001`), a GeoNames id (`gn:709930`) or our own (`ua-district:kyiv-obolonskyi`). */
  readonly id: string;
  readonly name: string;
  readonly kind: 'settlement' | 'admin1' | 'admin2' | 'admin3' | 'district' | 'country';
  readonly lat: number;
  readonly lon: number;
  readonly category?: SettlementCategory;
  /** ISO 3166-1 alpha-2 country code. */
  readonly country: string;
  readonly admin1?: string;
  readonly admin2?: string;
  readonly admin3?: string;
  readonly admin1Code?: string;
  readonly admin2Code?: string;
  readonly admin3Code?: string;
  readonly population?: number;
  /** True for a hromada (admin3) seat. */
  readonly isAdminSeat?: boolean;
  /** For an admin unit or district, an approximate radius in km (how far its centroid may be from a point in it). */
  readonly radiusKm?: number;
}

/** Which parts of a resolved place the text stated and which we filled in (chrono's assign vs imply). */
export interface PlaceBasis {
  /** e.g. `['name', 'admin1', 'distance', 'bearing']` */
  readonly stated: readonly string[];
  /** e.g. `['point:centroid', 'admin1:from-article']` */
  readonly implied: readonly string[];
}

/**
 * A place mention in an article, resolved (or not) to coordinates. `lat`/`lon` are null when unresolved, and then
 * `issues` says why.
 */
export interface PlaceMention {
  readonly kind: PlaceKind;
  readonly span: Span;
  /** The text as written, e.g. "Pokrovsk's" → "Pokrovsk". */
  readonly text: string;
  readonly lat: number | null;
  readonly lon: number | null;
  /** How far the true place may be from the point; 0 for a settlement point. */
  readonly radiusKm: number;
  readonly geoPrecision: GeoPrecision;
  readonly entry?: GazetteerEntry;
  /** Named parts, for routes ("Kramatorsk–Dobropillia highway") and relative places ("north of Pokrovsk"). */
  readonly parts?: readonly PlaceMention[];
  /** For relative places: distance and bearing from the anchor. */
  readonly offset?: {
    readonly km: number;
    readonly bearingDeg: number | null;
    readonly approximate: boolean;
  };
  /** For "near X", "outskirts of X", "X direction", "X district": the qualifier as found. */
  readonly qualifier?:
    'near' | 'outskirts' | 'direction' | 'sector' | 'district' | 'community' | 'oblast' | 'in';
  readonly basis: PlaceBasis;
  /** True when the text pins the event to this place: ACLED's "(coded to X, Y region)". */
  readonly pinned?: boolean;
  /** In [0, 1]. */
  readonly score: number;
  readonly alternatives: readonly GazetteerEntry[];
  readonly issues: readonly Issue[];
}

/** Great-circle distance in km (haversine, mean Earth radius 6371.0088 km). */
export function distanceKm(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const r = 6371.0088;
  const toRad = Math.PI / 180;
  const dLat = (bLat - aLat) * toRad;
  const dLon = (bLon - aLon) * toRad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(aLat * toRad) * Math.cos(bLat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The point `km` away from (lat, lon) on initial bearing `bearingDeg` (0 = north, 90 = east). */
export function destinationPoint(lat: number, lon: number, km: number, bearingDeg: number): [number, number] {
  const r = 6371.0088;
  const toRad = Math.PI / 180;
  const d = km / r;
  const b = bearingDeg * toRad;
  const p1 = lat * toRad;
  const l1 = lon * toRad;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 =
    l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return [p2 / toRad, ((l2 / toRad + 540) % 360) - 180];
}

/** Rounds a coordinate to 5 decimals (about 1 m), as every output does. */
export function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
