import type Database from 'better-sqlite3';
import { storedEventFeatureJson } from '../event-feature.js';
import { crc32, deflatePiece } from '../gzip-member.js';
import type { Row } from './event-rows.js';
import { EVENT_COLUMNS, toStoredEvent } from './event-rows.js';

/** A Feature's text with its compressed piece and the CRC-32 of the text: the three columns written together. */
function featureColumns(text: string): [string, Buffer, number] {
  const bytes = Buffer.from(text, 'utf8');
  return [text, deflatePiece(bytes), crc32(bytes)];
}

/**
 * Writes the pre-serialised GeoJSON Feature (`event_features`, migration 005) of every event that has none, for one
 * article or (no id) for the whole store. The Feature is built from the event as it reads back (`EVENT_COLUMNS`
 * through `toStoredEvent`), so the text equals `JSON.stringify(toFeature(e))` of what `queryEvents` returns. The
 * text's raw DEFLATE piece and CRC-32 (migration 009) are written beside it, unless `pieces` is false (migration 005,
 * which runs before those columns exist). Call it inside the writing transaction; `prepare` lets a caller reuse its
 * cached statements.
 *
 * @example fillEventFeatures(db, { articleId: 'a_1f2e…' }) // after inserting the article's events → 3
 */
export function fillEventFeatures(
  db: Database.Database,
  options: {
    readonly articleId?: string;
    readonly prepare?: (sql: string) => Database.Statement;
    readonly pieces?: boolean;
  } = {},
): number {
  const { articleId, prepare = (sql: string) => db.prepare(sql), pieces = true } = options;
  const missing = `NOT EXISTS (SELECT 1 FROM event_features f WHERE f.seq = e.seq)`;
  const insert = pieces
    ? prepare('INSERT INTO event_features (seq, feature, feature_deflate, feature_crc) VALUES (?, ?, ?, ?)')
    : prepare('INSERT INTO event_features (seq, feature) VALUES (?, ?)');
  const write = (r: Row): void => {
    const text = storedEventFeatureJson(toStoredEvent(r));
    if (pieces) insert.run(r.seq, ...featureColumns(text));
    else insert.run(r.seq, text);
  };
  if (articleId !== undefined) {
    const rows = prepare(
      `SELECT e.seq, ${EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id
         WHERE e.article_id = ? AND ${missing}`,
    ).all(articleId) as Row[];
    for (const r of rows) write(r);
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
    for (const r of rows) write(r);
    n += rows.length;
    after = Number(rows.at(-1)?.seq);
  }
}

/**
 * Writes the raw DEFLATE piece and CRC-32 of every stored Feature that lacks them (migration 009 on an existing
 * file), in seq chunks.
 *
 * @example fillFeaturePieces(db) → 1_000_000
 */
export function fillFeaturePieces(db: Database.Database): number {
  const chunk = db.prepare(
    `SELECT seq, feature FROM event_features WHERE seq > ? AND feature_deflate IS NULL ORDER BY seq LIMIT 5000`,
  );
  const update = db.prepare('UPDATE event_features SET feature_deflate = ?, feature_crc = ? WHERE seq = ?');
  let after = -Infinity;
  let n = 0;
  for (;;) {
    const rows = chunk.all(after) as { seq: number; feature: string }[];
    if (rows.length === 0) return n;
    for (const r of rows) {
      const [, piece, crc] = featureColumns(r.feature);
      update.run(piece, crc, r.seq);
    }
    n += rows.length;
    after = Number(rows.at(-1)?.seq);
  }
}
