import type { AcledRecord, ChronicleEvent, Claim, EventType } from '../domain/index.js';
import { ACLED_CSV_COLUMNS, toAcledRecord } from '../domain/index.js';

/** Our columns after ACLED's in CSV exports. */
export const EXTRA_CSV_COLUMNS = [
  'article_id',
  'date_start',
  'date_end',
  'injured',
  'confidence',
  'evidence_start',
  'evidence_end',
  'claimant',
  'channel',
  'hedged',
] as const;

const DISORDER: Readonly<Record<EventType, string>> = {
  Battles: 'Political violence',
  'Explosions/Remote violence': 'Political violence',
  'Violence against civilians': 'Political violence',
  Protests: 'Demonstrations',
  Riots: 'Demonstrations',
  'Strategic developments': 'Strategic developments',
};

const COUNTRIES: Readonly<Record<string, readonly [string, number]>> = {
  UA: ['Ukraine', 804],
  RU: ['Russia', 643],
  BY: ['Belarus', 112],
  MD: ['Moldova', 498],
  PL: ['Poland', 616],
  GE: ['Georgia', 268],
  AF: ['Afghanistan', 4],
};

/**
 * The country of an event: the one its actors are named after when that is neither Ukraine nor Russia ("Police Forces
 * of Moldova (2020-)", "Civilians (Moldova)": an arrest in Chisinau is Moldova's), else its place's, else Ukraine.
 */
function countryOf(e: ChronicleEvent, names: readonly string[]): readonly [string, number] {
  // the actors' country first: a place named in passing ("spying for Russia") does not move an arrest in Chisinau
  for (const [name, iso] of Object.values(COUNTRIES)) {
    if (name === 'Ukraine' || name === 'Russia') continue;
    if (names.some((n) => n.includes(`of ${name} (`) || n.endsWith(`(${name})`))) return [name, iso];
  }
  const code = e.place?.entry?.country;
  return (code ? COUNTRIES[code] : undefined) ?? COUNTRIES.UA;
}

/** ACLED's inter code of an actor: 1 state forces, 2 rebels, 4 identity (communal) militia, 5 rioters, 6 protesters, 7 civilians, 8 external forces. */
function interCode(name: string): number {
  if (!name) return 0;
  if (/^Military Forces of Russia|^Government of Russia/.test(name)) return 8;
  // a state's own forces at home; Russia's are external in Ukraine (above)
  if (/^(?:Military|Police) Forces of |^Government of /.test(name)) return 1;
  if (/^NAF/.test(name)) return 2;
  if (/Communal Militia/.test(name)) return 4;
  if (/^Rioters/.test(name)) return 5;
  if (/^Protesters/.test(name)) return 6;
  if (/^Civilians/.test(name)) return 7;
  return 3;
}

/**
 * An event as one row of values in `ACLED_CSV_COLUMNS` order followed by `EXTRA_CSV_COLUMNS`.
 *
 * @example toCsvValues(event)[1] → '2025-10-26' (event_date)
 */
export function toCsvValues(e: ChronicleEvent): Array<string | number> {
  const r: AcledRecord = toAcledRecord(e);
  const i1 = interCode(r.actor1);
  const i2 = interCode(r.actor2);
  const [country, iso] = countryOf(e, [r.actor1, r.actor2]);
  const acled: Record<(typeof ACLED_CSV_COLUMNS)[number], string | number> = {
    event_id_cnty: r.event_id,
    event_date: r.event_date,
    year: r.event_date.slice(0, 4),
    time_precision: r.time_precision,
    disorder_type: DISORDER[r.event_type],
    event_type: r.event_type,
    sub_event_type: r.sub_event_type,
    actor1: r.actor1,
    assoc_actor_1: r.assoc_actor_1,
    inter1: i1,
    actor2: r.actor2,
    assoc_actor_2: r.assoc_actor_2,
    inter2: i2,
    interaction: i2 === 0 ? i1 * 10 : Math.min(i1, i2) * 10 + Math.max(i1, i2),
    civilian_targeting: i2 === 7 ? 'Civilian targeting' : '',
    iso,
    region: 'Europe',
    country,
    admin1: r.admin1,
    admin2: r.admin2,
    admin3: r.admin3,
    location: r.location,
    latitude: r.latitude ?? '',
    longitude: r.longitude ?? '',
    geo_precision: r.geo_precision ?? '',
    source: r.source,
    source_scale: '',
    notes: r.notes,
    fatalities: r.fatalities,
    tags: e.fatalitiesUnknown ? 'casualties unknown' : '',
    timestamp: '',
  };
  return [
    ...ACLED_CSV_COLUMNS.map((c) => acled[c]),
    r.article_id,
    r.date_start,
    r.date_end,
    r.injured,
    r.confidence,
    r.evidence.start,
    r.evidence.end,
    r.attribution.claimant ?? '',
    r.attribution.channel ?? '',
    String(r.attribution.hedged),
  ];
}

/**
 * One CSV line (RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled), ending in CRLF.
 *
 * @example csvLine(['a', 'b,c', 'say "hi"']) → 'a,"b,c","say ""hi"""\r\n'
 */
export function csvLine(values: ReadonlyArray<string | number>): string {
  return (
    values
      .map((v) => {
        const s = String(v);
        return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      })
      .join(',') + '\r\n'
  );
}

/** The CSV header line: ACLED's columns, then ours. */
export function csvHeader(): string {
  return csvLine([...ACLED_CSV_COLUMNS, ...EXTRA_CSV_COLUMNS]);
}

/**
 * An event as a GeoJSON Feature: a Point when it has coordinates (else a null geometry), the JSONL record as
 * properties.
 *
 * @example toFeature(event).geometry → { type: 'Point', coordinates: [37.18293, 48.55281] }
 */
export function toFeature(e: ChronicleEvent): {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: AcledRecord;
} {
  const r = toAcledRecord(e);
  const geometry =
    r.latitude !== null && r.longitude !== null
      ? { type: 'Point' as const, coordinates: [r.longitude, r.latitude] as [number, number] }
      : null;
  return { type: 'Feature', id: r.event_id, geometry, properties: r };
}

/**
 * A claim as a JSON record beside events (`record: 'claim'`).
 *
 * @example claimRecord(claim) → { record: 'claim', kind: 'distance', from: 'Dobropillia', to: 'Pokrovsk', … }
 */
export function claimRecord(c: Claim): Record<string, unknown> {
  return { record: 'claim', ...c };
}
