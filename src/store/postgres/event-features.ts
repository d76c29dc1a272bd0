import type { PoolClient } from 'pg';
import { storedEventFeatureJson } from '../event-feature.js';
import type { Row } from '../event-row.js';
import { toStoredEvent } from '../event-row.js';

/** The columns of a StoredEvent over `events e JOIN articles a`, as `toStoredEvent` (../event-row.ts) reads them. */
export const EVENT_COLUMNS = `e.event_id, e.article_id, e.event_date, e.date_start, e.date_end, e.time_precision,
  e.event_type, e.sub_event_type, e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2, e.admin1, e.admin2,
  e.admin3, e.location, e.latitude, e.longitude, e.geo_precision, e.fatalities, e.injured, e.source, e.notes,
  e.evidence_start, e.evidence_end, e.claimant, e.channel, e.hedged, e.confidence, e.side1, e.side2, e.radius_km,
  e.outlet, COALESCE(a.canonical_url, a.url) AS article_url, a.headline`;

/**
 * Inserts the GeoJSON Feature text of each event row (as read back, joined with its article's url and headline) into
 * `event_features`; a Feature already there stays. The text is `JSON.stringify(storedEventFeature(toStoredEvent(r)))`,
 * the bytes `/api/events.geojson` would serialise from `queryEvents`.
 *
 * @example await insertEventFeatures(client, rows) // rows of `SELECT ${EVENT_COLUMNS} …`
 */
export async function insertEventFeatures(client: PoolClient, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const features = rows.map((r) => ({
    event_id: r.event_id,
    feature: storedEventFeatureJson(toStoredEvent(r)),
  }));
  await client.query(
    `INSERT INTO event_features (event_id, feature)
     SELECT event_id, feature FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, feature text)
     ON CONFLICT (event_id) DO NOTHING`,
    [JSON.stringify(features)],
  );
}

/**
 * Writes the Feature of every event that has none (a database migrated from before `event_features`), in chunks of
 * 5,000 events by `seq` so memory stays flat. Returns how many it wrote.
 *
 * @example await fillEventFeatures(client) → 1_000_000
 */
export async function fillEventFeatures(client: PoolClient): Promise<number> {
  let after = '0';
  let n = 0;
  for (;;) {
    const { rows } = await client.query<Row>(
      `SELECT e.seq::text AS seq, ${EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id
       WHERE e.seq > $1::bigint AND NOT EXISTS (SELECT 1 FROM event_features f WHERE f.event_id = e.event_id)
       ORDER BY e.seq LIMIT 5000`,
      [after],
    );
    if (rows.length === 0) return n;
    await insertEventFeatures(client, rows);
    n += rows.length;
    after = String(rows.at(-1)?.seq);
  }
}
