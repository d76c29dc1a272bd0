import { ACLED_CSV_COLUMNS } from '../domain/index.js';
import type { EventType } from '../domain/index.js';
import { storedEventFeature } from '../store/event-feature.js';
import type { StoredEventFeature } from '../store/event-feature.js';
import type { StoredEvent } from '../store/store.js';

/** A GeoJSON Feature of one event: a Point (or null geometry when unplaced) and its flat ACLED-named properties. */
export type EventFeature = StoredEventFeature;

/**
 * One event as a GeoJSON Feature (RFC 7946: `[lon, lat]`, WGS 84); unplaced events get `geometry: null`. The
 * mapping lives with the store, which serialises it once at write time, so both paths serve the same bytes.
 *
 * @example toFeature(ev).geometry → { type: 'Point', coordinates: [37.17612, 48.28219] }
 */
export function toFeature(e: StoredEvent): EventFeature {
  return storedEventFeature(e);
}

/**
 * The flat properties of an event: ACLED's names first, then ours, every value a scalar so GIS clients see plain
 * attribute columns.
 *
 * @example eventProperties(ev).event_type → 'Battles'
 */
export function eventProperties(e: StoredEvent): Readonly<Record<string, string | number | boolean | null>> {
  return storedEventFeature(e).properties;
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
