export { json, num, numOrNull, str, strOrNull, toStoredEvent } from '../event-row.js';
export type { Row } from '../event-row.js';
/** A bound SQL parameter. */
export type Param = string | number | null;

/** The columns of a StoredEvent over `events e JOIN articles a`, as `toStoredEvent` (../event-row.ts) reads them. */
export const EVENT_COLUMNS = `e.event_id, e.article_id, e.event_date, e.date_start, e.date_end, e.time_precision,
  e.event_type, e.sub_event_type, e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2, e.admin1, e.admin2,
  e.admin3, e.location, e.latitude, e.longitude, e.geo_precision, e.fatalities, e.injured, e.source, e.notes,
  e.evidence_start, e.evidence_end, e.claimant, e.channel, e.hedged, e.confidence, e.side1, e.side2, e.radius_km,
  e.outlet, coalesce(a.canonical_url, a.url) AS article_url, a.headline`;
