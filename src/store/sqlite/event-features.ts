import type Database from 'better-sqlite3';
import { storedEventFeatureJson } from '../event-feature.js';
import type { Row } from './event-rows.js';
import { EVENT_COLUMNS, toStoredEvent } from './event-rows.js';

/**
 * Writes the pre-serialised GeoJSON Feature (`event_features`, migration 005) of every event that has none, for one
 * article or (no id) for the whole store. The Feature is built from the event as it reads back (`EVENT_COLUMNS`
 * through `toStoredEvent`), so the text equals `JSON.stringify(toFeature(e))` of what `queryEvents` returns. Call it
 * inside the writing transaction; `prepare` lets a caller reuse its cached statements.
 *
 * @example fillEventFeatures(db, 'a_1f2e…') // after inserting the article's events → 3
 */
export function fillEventFeatures(
  db: Database.Database,
  articleId?: string,
  prepare: (sql: string) => Database.Statement = (sql) => db.prepare(sql),
): number {
  const missing = `NOT EXISTS (SELECT 1 FROM event_features f WHERE f.seq = e.seq)`;
  const insert = prepare('INSERT INTO event_features (seq, feature) VALUES (?, ?)');
  if (articleId !== undefined) {
    const rows = prepare(
      `SELECT e.seq, ${EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id
         WHERE e.article_id = ? AND ${missing}`,
    ).all(articleId) as Row[];
    for (const r of rows) insert.run(r.seq, storedEventFeatureJson(toStoredEvent(r)));
    return rows.length;
  }
  // The whole store (a migration on an existing file): in seq chunks, so memory stays flat on millions of events.
  const chunk = prepare(
    `SELECT e.seq, ${EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id
       WHERE e.seq > ? AND ${missing} ORDER BY e.seq LIMIT 5000`,
  );
  let after = -Infinity;
  let n = 0;
  for (;;) {
    const rows = chunk.all(after) as Row[];
    if (rows.length === 0) return n;
    for (const r of rows) insert.run(r.seq, storedEventFeatureJson(toStoredEvent(r)));
    n += rows.length;
    after = Number(rows.at(-1)?.seq);
  }
}
