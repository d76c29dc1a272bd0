import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { featureKeySql } from '../../src/store/sqlite/feature-key.js';
import { CORPUS, analysisOf, bulkCorpus } from '../api/corpus.js';
import { scratch } from '../shared.js';

// The clustering key of event_features (migration 008), and the migration that re-keys a version-7 file.

const dir = scratch('store-feature-key');
mkdirSync(dir, { recursive: true });
let n = 0;
const fresh = (): string => join(dir, `k${++n}.db`);

const mem = new Database(':memory:');
/** The key of one event as SQLite computes it, as a BigInt (it needs 63 bits), or null. */
function key(lon: number | null, lat: number | null, date: string, seq: number): bigint | null {
  const row = mem
    .prepare(
      `SELECT ${featureKeySql('e')} AS k FROM (SELECT ? AS longitude, ? AS latitude, ? AS event_date, ? AS seq) e`,
    )
    .safeIntegers(true)
    .get(lon, lat, date, seq) as { k: bigint | null };
  return row.k;
}
const fields = (k: bigint) => ({
  cell: Number(k >> 45n),
  day: Number((k >> 29n) & 0xffffn),
  seq: Number(k & 0x1fffffffn),
});

describe('featureKeySql', () => {
  it('packs the half-degree cell, the day since 1970 and the seq, high to low', () => {
    const k = key(37.17612, 48.28219, '2025-11-04', 12345);
    expect(k).not.toBeNull();
    // Pokrovsk: lon cell (37.17612 + 180) * 2 = 434, lat cell (48.28219 + 90) * 2 = 276.
    expect(fields(k ?? 0n)).toEqual({
      cell: 434 * 360 + 276,
      day: Date.UTC(2025, 10, 4) / 86_400_000,
      seq: 12345,
    });
  });

  it('orders by cell first, then day, then seq: neighbours in space and time get neighbouring keys', () => {
    const a = key(37.1, 48.2, '2025-11-04', 900) ?? 0n;
    const b = key(37.3, 48.4, '2025-11-05', 10) ?? 0n; // same cell, the next day
    const c = key(37.6, 48.2, '2025-11-04', 11) ?? 0n; // the next cell east, same day
    expect(a < b && b < c).toBe(true);
    expect(fields(b).cell).toBe(fields(a).cell);
  });

  it('gives unplaced events the last cell, clamps odd dates and edges, and leaves huge seqs unkeyed', () => {
    expect(fields(key(null, null, '2025-11-04', 1) ?? 0n).cell).toBe(262143);
    expect(fields(key(180, 90, '2025-11-04', 1) ?? 0n).cell).toBe(719 * 360 + 359);
    expect(fields(key(-180, -90, '1900-01-01', 1) ?? 0n)).toEqual({ cell: 0, day: 0, seq: 1 });
    expect(fields(key(30, 50, 'not a date', 1) ?? 0n).day).toBe(0);
    expect(fields(key(30, 50, '2025-11-04T06:00:00Z', 1) ?? 0n).day).toBe(Date.UTC(2025, 10, 4) / 86_400_000);
    expect(key(30, 50, '2025-11-04', 2 ** 29 - 1)).not.toBeNull();
    expect(key(30, 50, '2025-11-04', 2 ** 29)).toBeNull();
  });
});

describe('migration 008', () => {
  it('re-keys the Features of a version-7 file, keeps every one, and serves the same pages', async () => {
    const path = fresh();
    const store = openSqliteStore(path);
    await store.putAnalyses([...CORPUS, ...bulkCorpus(200)].map(analysisOf));
    const want = Buffer.from((await store.queryEventFeatures({}, { limit: 1000 })).features).toString('utf8');
    const boxed = { bbox: [36.5, 47.5, 38.5, 49.5] as [number, number, number, number] };
    const wantBoxed = Buffer.from((await store.queryEventFeatures(boxed, { limit: 1000 })).features).toString(
      'utf8',
    );
    await store.close();

    // Back to the version-7 layout: Features keyed by seq, in seq order.
    const db = new Database(path);
    db.exec(`
      CREATE TABLE old_features (seq INTEGER PRIMARY KEY, feature TEXT NOT NULL);
      INSERT INTO old_features SELECT seq, feature FROM event_features ORDER BY seq;
      DROP TRIGGER event_features_delete;
      DROP TABLE event_features;
      ALTER TABLE old_features RENAME TO event_features;
      CREATE TRIGGER event_features_delete AFTER DELETE ON events BEGIN
        DELETE FROM event_features WHERE seq = old.seq;
      END;
      DELETE FROM schema_migrations WHERE version = 8;`);
    const count = db.prepare('SELECT count(*) FROM event_features').pluck().get() as number;
    expect(count).toBeGreaterThan(150);
    db.close();

    const reopened = openSqliteStore(path);
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM event_features').pluck().get()).toBe(count);
    // Every row's key is the one its event computes, so lookups by key find it.
    const mismatched = raw
      .prepare(
        `SELECT count(*) FROM event_features f JOIN events e ON e.seq = f.seq WHERE f.k IS NOT ${featureKeySql('e')}`,
      )
      .pluck()
      .get();
    expect(mismatched).toBe(0);
    raw.close();
    expect(
      Buffer.from((await reopened.queryEventFeatures({}, { limit: 1000 })).features).toString('utf8'),
    ).toBe(want);
    expect(
      Buffer.from((await reopened.queryEventFeatures(boxed, { limit: 1000 })).features).toString('utf8'),
    ).toBe(wantBoxed);
    await reopened.close();
  });
});
