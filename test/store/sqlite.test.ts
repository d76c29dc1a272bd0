import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/index.js';
import { openSqliteStore, openStore, sqlitePath } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/sqlite/index.js';
import { scratch } from '../shared.js';
import { analysis, article } from './build.js';
import { runStoreSuite } from './store-suite.js';

const dir = scratch('store-sqlite');
mkdirSync(dir, { recursive: true });
let n = 0;
const fresh = (): string => join(dir, `s${++n}.db`);

runStoreSuite('sqlite', () =>
  Promise.resolve(openSqliteStore(fresh(), { clock: fixedClock('2025-11-05T09:00:00Z') })),
);

// The same suite with every bbox page answered by walking the date index (the plan for bboxes with many events).
runStoreSuite('sqlite, bbox pages from the date index', () =>
  Promise.resolve(openSqliteStore(fresh(), { clock: fixedClock('2025-11-05T09:00:00Z'), bboxPlan: 'date' })),
);

describe('SqliteStore specifics', () => {
  it('creates the file in WAL mode with every migration recorded, and reopens without re-running them', async () => {
    const path = fresh();
    const store = openSqliteStore(path);
    await store.putAnalyses([analysis(article({ headline: 'One', paragraphs: ['A note about Izium.'] }))]);
    await store.close();
    expect(existsSync(path)).toBe(true);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
    const again = openSqliteStore(path);
    expect((await again.stats()).articles).toBe(1);
    await again.close();
  });

  it('opens read-only: reads work, writes fail, a missing file is an error', async () => {
    const path = fresh();
    await openSqliteStore(path).close();
    const ro = openSqliteStore(path, { readonly: true });
    expect((await ro.stats()).articles).toBe(0);
    await expect(
      ro.putAnalyses([analysis(article({ headline: 'Two', paragraphs: ['A note about Lyman.'] }))]),
    ).rejects.toThrow(/readonly/i);
    await ro.close();
    expect(() => openSqliteStore(join(dir, 'missing.db'), { readonly: true })).toThrow();
  });

  it('rolls a failed batch back entirely', async () => {
    const store = openSqliteStore(fresh());
    const good = analysis(article({ headline: 'Good', paragraphs: ['A note about Kupiansk.'] }));
    // A place without a span is a programmer's mistake; the whole batch must leave nothing behind.
    const bad = {
      ...analysis(article({ headline: 'Bad', paragraphs: ['A note about Siversk.'] })),
      places: [{}],
    };
    await expect(store.putAnalyses([good, bad as never])).rejects.toThrow();
    expect((await store.stats()).articles).toBe(0);
    await store.close();
  });

  it('openStore takes a path, a sqlite: URL or a file: URL', async () => {
    expect(sqlitePath('sqlite:/tmp/x.db')).toBe('/tmp/x.db');
    expect(sqlitePath('sqlite:///tmp/x.db')).toBe('/tmp/x.db');
    expect(sqlitePath('file:///tmp/a%20b.db')).toBe('/tmp/a b.db');
    expect(sqlitePath('./rel.db')).toBe('./rel.db');
    const path = fresh();
    const store = await openStore(`sqlite:${path}`);
    expect(store.backend).toBe('sqlite');
    await store.close();
    expect(existsSync(path)).toBe(true);
    await expect(openStore('')).rejects.toThrow(/url/);
  });
});
