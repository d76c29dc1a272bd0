import { ACLED_CSV_COLUMNS } from '../domain/index.js';
import type { EventType } from '../domain/index.js';
import type { StoredEvent } from '../store/store.js';

/** A GeoJSON Feature of one event: a Point (or null geometry when unplaced) and its flat ACLED-named properties. */
export interface EventFeature {
  readonly type: 'Feature';
  readonly id: string;
  readonly geometry: { readonly type: 'Point'; readonly coordinates: readonly [number, number] } | null;
  readonly properties: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * The flat properties of an event: ACLED's names first, then ours. Every value is a scalar so GIS clients (QGIS,
 * ArcGIS) see plain attribute columns; the evidence span becomes `evidence_start`/`evidence_end`.
 *
 * @example eventProperties(ev).event_type → 'Battles'
 */
export function eventProperties(e: StoredEvent): Record<string, string | number | boolean | null> {
  return {
    event_id: e.event_id,
    article_id: e.article_id,
    event_date: e.event_date,
    date_start: e.date_start,
    date_end: e.date_end,
    time_precision: e.time_precision,
    event_type: e.event_type,
    sub_event_type: e.sub_event_type,
    actor1: e.actor1,
    assoc_actor_1: e.assoc_actor_1,
    actor2: e.actor2,
    assoc_actor_2: e.assoc_actor_2,
    side1: e.side1,
    side2: e.side2,
    admin1: e.admin1,
    admin2: e.admin2,
    admin3: e.admin3,
    location: e.location,
    latitude: e.latitude,
    longitude: e.longitude,
    geo_precision: e.geo_precision,
    radius_km: e.radius_km,
    fatalities: e.fatalities,
    injured: e.injured,
    source: e.source,
    notes: e.notes,
    evidence_start: e.evidence.start,
    evidence_end: e.evidence.end,
    claimant: e.attribution.claimant,
    channel: e.attribution.channel,
    hedged: e.attribution.hedged,
    confidence: e.confidence,
    outlet: e.outlet,
    article_url: e.article_url,
    headline: e.headline,
  };
}

/**
 * One event as a GeoJSON Feature (RFC 7946: `[lon, lat]`, WGS 84). Unplaced events get `geometry: null`.
 *
 * @example toFeature(ev).geometry → { type: 'Point', coordinates: [37.17612, 48.28219] }
 */
export function toFeature(e: StoredEvent): EventFeature {
  const placed = e.latitude !== null && e.longitude !== null;
  return {
    type: 'Feature',
    id: e.event_id,
    geometry: placed ? { type: 'Point', coordinates: [e.longitude, e.latitude] } : null,
    properties: eventProperties(e),
  };
}

// ACLED's disorder_type is a function of the event type (ACLED codebook 2023, "Disorder type").
const DISORDER_TYPE: Record<EventType, string> = {
  Battles: 'Political violence',
  'Explosions/Remote violence': 'Political violence',
  'Violence against civilians': 'Political violence',
  Protests: 'Demonstrations',
  Riots: 'Political violence; Demonstrations',
  'Strategic developments': 'Strategic developments',
};

/** The columns of `/api/events.csv`: ACLED's names in ACLED's order (`ACLED_CSV_COLUMNS`), then ours. */
export const CSV_COLUMNS = [
  ...ACLED_CSV_COLUMNS,
  'event_id',
  'article_id',
  'date_start',
  'date_end',
  'injured',
  'radius_km',
  'side1',
  'side2',
  'claimant',
  'channel',
  'hedged',
  'confidence',
  'evidence_start',
  'evidence_end',
  'outlet',
  'article_url',
  'headline',
] as const;

/**
 * One event as a CSV record in `CSV_COLUMNS` order. ACLED columns we cannot know (inter codes, interaction, tags,
 * ACLED's own timestamp) are empty rather than guessed.
 */
export function csvRecord(e: StoredEvent): (string | number | boolean | null)[] {
  const p = eventProperties(e);
  const acled: Record<(typeof ACLED_CSV_COLUMNS)[number], string | number | boolean | null> = {
    event_id_cnty: e.event_id,
    event_date: e.event_date,
    year: e.event_date.slice(0, 4),
    time_precision: e.time_precision,
    disorder_type: DISORDER_TYPE[e.event_type] ?? '',
    event_type: e.event_type,
    sub_event_type: e.sub_event_type,
    actor1: e.actor1,
    assoc_actor_1: e.assoc_actor_1,
    inter1: '',
    actor2: e.actor2,
    assoc_actor_2: e.assoc_actor_2,
    inter2: '',
    interaction: '',
    civilian_targeting: e.event_type === 'Violence against civilians' ? 'Civilian targeting' : '',
    iso: '',
    region: '',
    country: '',
    admin1: e.admin1,
    admin2: e.admin2,
    admin3: e.admin3,
    location: e.location,
    latitude: e.latitude,
    longitude: e.longitude,
    geo_precision: e.geo_precision,
    source: e.source,
    source_scale: '',
    notes: e.notes,
    fatalities: e.fatalities,
    tags: '',
    timestamp: '',
  };
  return CSV_COLUMNS.map((c) => (c in acled ? acled[c as keyof typeof acled] : (p[c] ?? null)));
}

/**
 * One CSV field per RFC 4180. Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is
 * prefixed with `'`, as OWASP advises for CSV exports; numbers are written as they are.
 *
 * @example csvField('a "b", c') → '"a ""b"", c"'
 */
export function csvField(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v !== 'string') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A CSV line (CRLF-terminated, RFC 4180) of the given fields. */
export function csvLine(fields: readonly (string | number | boolean | null)[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}
