import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toFeature } from '../../src/api/features.js';
import type { EventFilter, SqliteStore } from '../../src/store/index.js';
import { openSqliteStore, storedEventFeatureJson } from '../../src/store/index.js';
import { fillEventFeatures } from '../../src/store/sqlite/event-features.js';
import { CORPUS, analysisOf, bulkCorpus } from '../api/corpus.js';
import { scratch } from '../shared.js';

// The pre-serialised Features (migration 005) against the API's own mapping, the change token, and the per-day
// counts (migration 006) against counting the events themselves.

const dir = scratch('store-event-features');
mkdirSync(dir, { recursive: true });
let n = 0;
const fresh = (): string => join(dir, `f${++n}.db`);

/** The page as the API serialised it before pre-serialisation: the reference bytes. */
async function reference(store: SqliteStore, filter: EventFilter, limit: number, after: string | null) {
  const p = await store.queryEvents(filter, { limit, after });
  return { text: p.events.map((e) => JSON.stringify(toFeature(e))).join(','), next: p.next };
}

async function stored(store: SqliteStore, filter: EventFilter, limit: number, after: string | null) {
  const p = await store.queryEventFeatures(filter, { limit, after });
  const text = Buffer.from(p.features).toString('utf8');
  expect(p.count).toBe(text === '' ? 0 : (JSON.parse(`[${text}]`) as unknown[]).length);
  return { text, next: p.next };
}

const FILTERS: readonly [string, EventFilter][] = [
  ['everything', {}],
  ['a bbox', { bbox: [36.5, 47.5, 38, 49] }],
  ['a bbox and dates', { bbox: [29, 44, 40, 52], since: '2024-01-10', until: '2024-03-01' }],
  ['dates only', { since: '2025-09-02', until: '2025-11-02' }],
  ['types', { eventType: ['Battles'] }],
  ['full text', { q: 'drone' }],
  ['no match', { bbox: [0, 0, 1, 1] }],
];

describe.each(['auto', 'rtree', 'date'] as const)('queryEventFeatures, bbox plan %s', (bboxPlan) => {
  let store: SqliteStore;
  beforeAll(async () => {
    store = openSqliteStore(fresh(), { bboxPlan });
    await store.putAnalyses([...CORPUS, ...bulkCorpus(120)].map(analysisOf));
  });
  afterAll(() => store.close());

  it.each(FILTERS)(
    'equals the API mapping of queryEvents byte for byte, page by page: %s',
    async (_, filter) => {
      let after: string | null = null;
      let pages = 0;
      do {
        const want = await reference(store, filter, 17, after);
        const got = await stored(store, filter, 17, after);
        expect(got).toEqual(want);
        after = got.next;
        pages++;
      } while (after !== null && pages < 20);
      expect(after).toBeNull();
    },
  );

  it('serves unplaced events, nulls, booleans and non-Latin text as JSON.stringify does', async () => {
    const all = await store.queryEvents({}, { limit: 1000 });
    expect(all.events.some((e) => e.latitude === null)).toBe(true);
    for (const e of all.events) expect(storedEventFeatureJson(e)).toBe(JSON.stringify(toFeature(e)));
  });
});

describe('event_features upkeep', () => {
  it('drops a Feature with its event, and serves a page whose Features are missing by building them', async () => {
    const path = fresh();
    const store = openSqliteStore(path);
    await store.putAnalyses(CORPUS.map(analysisOf));
    const before = await reference(store, {}, 100, null);
    const db = new Database(path);
    expect(db.prepare('SELECT count(*) FROM event_features').pluck().get()).toBe(6);
    // As a file written before migration 005 would be until it is filled.
    db.exec('DELETE FROM event_features WHERE seq % 2 = 0');
    expect(await stored(store, {}, 100, null)).toEqual(before);
    expect(fillEventFeatures(db)).toBe(3);
    expect(await stored(store, {}, 100, null)).toEqual(before);
    const first = (await store.queryEvents({}, { limit: 1 })).events[0];
    expect(await store.deleteArticle(first?.article_id ?? '')).toBe(true);
    const left = db.prepare('SELECT count(*) FROM event_features').pluck().get() as number;
    expect(left).toBe((await store.queryEvents({}, { limit: 100 })).events.length);
    db.close();
    await store.close();
  });
});

describe('changeToken', () => {
  it('changes on every write that changes reads, not on a duplicate, and differs between databases', async () => {
    const store = openSqliteStore(fresh());
    const other = openSqliteStore(fresh());
    const t0 = await store.changeToken();
    expect(await other.changeToken()).not.toBe(t0);
    const [first, ...rest] = CORPUS.map(analysisOf);
    await store.putAnalyses(first ? [first] : []);
    const t1 = await store.changeToken();
    expect(t1).not.toBe(t0);
    await store.putAnalyses(first ? [first] : []);
    expect(await store.changeToken()).toBe(t1);
    await store.putAnalyses(rest);
    const t2 = await store.changeToken();
    expect(t2).not.toBe(t1);
    expect(await store.deleteArticle(first?.article.id ?? '')).toBe(true);
    expect(await store.changeToken()).not.toBe(t2);
    await store.close();
    await other.close();
  });
});

describe('eventBuckets from the per-day counts', () => {
  it('equals counting the events, by day, week and month, with dates and types, and after a delete', async () => {
    const store = openSqliteStore(fresh());
    await store.putAnalyses([...CORPUS, ...bulkCorpus(60)].map(analysisOf));
    const counted = async (filter: EventFilter, bucket: 'day' | 'week' | 'month') => {
      // minConfidence 0 keeps every event but sends the query down the path that reads the events.
      return store.eventBuckets({ ...filter, minConfidence: 0 }, bucket);
    };
    const check = async (): Promise<void> => {
      for (const bucket of ['day', 'week', 'month'] as const) {
        for (const filter of [
          {},
          { since: '2024-01-05', until: '2025-09-02' },
          { eventType: ['Battles' as const] },
        ]) {
          expect(await store.eventBuckets(filter, bucket)).toEqual(await counted(filter, bucket));
        }
      }
    };
    await check();
    const first = (await store.queryEvents({}, { limit: 1 })).events[0];
    await store.deleteArticle(first?.article_id ?? '');
    await check();
    const day = await store.eventBuckets({}, 'day');
    expect(day.every((b) => b.count > 0)).toBe(true);
    await store.close();
  });
});
