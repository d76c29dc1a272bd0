import type { StoredEvent } from './store.js';

/** A row as a database driver returns it. */
export type Row = Record<string, unknown>;

/** A TEXT value, or '' for anything else. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
/** A TEXT value, or null. */
export function strOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
/** A number (0 for NULL). */
export function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}
/** A number, or null for NULL. */
export function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}
/** Parsed JSON text, or the fallback for NULL. */
export function json<T>(v: unknown, fallback: T): T {
  return typeof v === 'string' ? (JSON.parse(v) as T) : fallback;
}

/**
 * An events row (joined with its article's url and headline) as a StoredEvent, on either backend: what every event
 * read returns, and what the pre-serialised Features are built from, so all see the same values.
 */
export function toStoredEvent(r: Row): StoredEvent {
  return {
    article_id: str(r.article_id),
    event_id: str(r.event_id),
    event_date: str(r.event_date),
    date_start: str(r.date_start),
    date_end: str(r.date_end),
    time_precision: num(r.time_precision) as StoredEvent['time_precision'],
    event_type: str(r.event_type) as StoredEvent['event_type'],
    sub_event_type: str(r.sub_event_type) as StoredEvent['sub_event_type'],
    actor1: str(r.actor1),
    assoc_actor_1: str(r.assoc_actor_1),
    actor2: str(r.actor2),
    assoc_actor_2: str(r.assoc_actor_2),
    admin1: str(r.admin1),
    admin2: str(r.admin2),
    admin3: str(r.admin3),
    location: str(r.location),
    latitude: numOrNull(r.latitude),
    longitude: numOrNull(r.longitude),
    geo_precision: numOrNull(r.geo_precision) as StoredEvent['geo_precision'],
    fatalities: num(r.fatalities),
    injured: num(r.injured),
    source: str(r.source),
    notes: str(r.notes),
    evidence: { start: num(r.evidence_start), end: num(r.evidence_end) },
    attribution: {
      claimant: strOrNull(r.claimant),
      channel: strOrNull(r.channel),
      // SQLite stores 0/1, PostgreSQL a boolean.
      hedged: r.hedged === true || num(r.hedged) === 1,
    },
    confidence: num(r.confidence),
    outlet: strOrNull(r.outlet),
    article_url: strOrNull(r.article_url),
    headline: str(r.headline),
    radius_km: num(r.radius_km),
    side1: str(r.side1),
    side2: str(r.side2),
  };
}
