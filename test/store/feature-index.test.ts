import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventFilter, FeatureFrame, PutResult, SqliteStore } from '../../src/store/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { fillFeaturePieces } from '../../src/store/sqlite/event-features.js';
import { FEATURE_LOG_KEEP, FeatureIndex, RETRY_FIRST_MS } from '../../src/store/sqlite/feature-index.js';
import { CORPUS, analysisOf, bulkCorpus } from '../api/corpus.js';
import { mulberry32, scratch } from '../shared.js';

// The in-memory Feature index (src/store/sqlite/feature-index.ts) against SQL on the same file: the same pages (same
// Features, bytes and cursors; within a day in the index's own order), on random filters and after writes from this
// connection or another; and what it does when it cannot answer (over budget, events without Features, a log that no
// longer reaches back).

const dir = scratch('store-feature-index');
mkdirSync(dir, { recursive: true });
let n = 0;
const fresh = (): string => join(dir, `i${++n}.db`);
const GIB = 2 ** 30;

/** Deletes all but the newest 5 rows of the Feature log, as writers trimming it past a reader would. */
function trimLog(path: string): void {
  const db = new Database(path);
  db.exec('DELETE FROM feature_log WHERE id <= (SELECT max(id) FROM feature_log) - 5');
  db.close();
}

/** Waits until the store's index has finished loading, and returns its state. */
async function settled(store: SqliteStore): Promise<string | undefined> {
  for (let i = 0; i < 500 && store.featureIndex()?.state === 'loading'; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return store.featureIndex()?.state;
}

interface Paged {
  readonly pages: string[];
  readonly fromMemory: boolean[];
  /** Which pages came as gzip (read back to text in `pages`). */
  readonly gzipped: boolean[];
  /** The pages' text as sent, Features in the order they came. */
  readonly raw: string[];
}

/** The frame the API puts around a page. */
const FRAME: FeatureFrame = {
  head: Buffer.from('{"type":"FeatureCollection","features":['),
  tail: (next) => Buffer.from(`],"next":${JSON.stringify(next)}}`),
};

interface FeatureJson {
  readonly id: string;
  readonly properties: { readonly event_date: string };
}

/**
 * A page's text with its Features sorted by (date, id), after checking that they come in date order: the index sends
 * a day's Features in the order they lie in memory, SQL in id order, and which Features a page holds is the same.
 */
function byDateAndId(text: string, framed: boolean): string {
  type Doc = { features: FeatureJson[] };
  const doc = framed ? (JSON.parse(text) as Doc) : { features: JSON.parse(`[${text}]`) as FeatureJson[] };
  const dates = doc.features.map((f) => f.properties.event_date);
  expect(dates).toEqual([...dates].sort());
  const key = (f: FeatureJson): string => `${f.properties.event_date} ${f.id}`;
  doc.features.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return JSON.stringify(doc);
}

/**
 * Every page of a filter, following the cursors, as text (with the frame when given; gunzipped if gzip), its
 * Features in (date, id) order, with the count, the cursor and the page's length in bytes.
 */
async function pagesOf(
  store: SqliteStore,
  filter: EventFilter,
  limit: number,
  frame?: FeatureFrame,
): Promise<Paged> {
  const pages: string[] = [];
  const fromMemory: boolean[] = [];
  const gzipped: boolean[] = [];
  const raw: string[] = [];
  let after: string | null = null;
  do {
    const p = await store.queryEventFeatures(filter, { limit, after, frame });
    const bytes = p.encoding === 'gzip' ? gunzipSync(p.features) : Buffer.from(p.features);
    pages.push(
      `${byDateAndId(bytes.toString('utf8'), frame !== undefined)}|${p.count}|${p.next}|${bytes.length}`,
    );
    fromMemory.push(p.fromMemory === true);
    gzipped.push(p.encoding === 'gzip');
    raw.push(bytes.toString('utf8'));
    after = p.next;
  } while (after !== null && pages.length < 200);
  return { pages, fromMemory, gzipped, raw };
}

/** Every 4-event page of the whole file, asked for gzip from a fresh store's index once it is ready. */
async function gzipPagesOf(path: string): Promise<Paged> {
  const store = openSqliteStore(path, { featureIndexBytes: GIB });
  expect(await settled(store)).toBe('ready');
  const pages = await pagesOf(store, {}, 4, { ...FRAME, gzip: true });
  await store.close();
  return pages;
}

const TYPES = [
  'Battles',
  'Explosions/Remote violence',
  'Strategic developments',
  'Violence against civilians',
] as const;
const SUBS = ['Armed clash', 'Shelling/artillery/missile attack', 'Other', 'Air/drone strike'];

/** A random filter of the keys the index answers. */
function randomFilter(rand: () => number): EventFilter {
  const f: Record<string, unknown> = {};
  if (rand() < 0.7) {
    const lon = 22 + rand() * 16;
    const lat = 44 + rand() * 7;
    f.bbox = [lon, lat, lon + rand() * 10, lat + rand() * 5];
  }
  const day = (d: number): string =>
    new Date(Date.UTC(2023, 11, 1) + d * 86_400_000).toISOString().slice(0, 10);
  if (rand() < 0.5) f.since = day(Math.floor(rand() * 120));
  if (rand() < 0.5) f.until = day(Math.floor(rand() * 700));
  if (rand() < 0.3) f.eventType = TYPES.filter(() => rand() < 0.5);
  if (rand() < 0.2) f.subEventType = SUBS.filter(() => rand() < 0.5);
  if (rand() < 0.2) f.minConfidence = Math.round(rand() * 100) / 100;
  return f;
}

describe('FeatureIndex', () => {
  let path: string;
  let indexed: SqliteStore;
  let plain: SqliteStore;
  beforeAll(async () => {
    path = fresh();
    const writer = openSqliteStore(path);
    await writer.putAnalyses([...CORPUS, ...bulkCorpus(400)].map(analysisOf));
    await writer.close();
    indexed = openSqliteStore(path, { featureIndexBytes: GIB });
    plain = openSqliteStore(path);
    expect(await settled(indexed)).toBe('ready');
  });
  afterAll(async () => {
    await indexed.close();
    await plain.close();
  });

  it('holds every event and reports what it holds', () => {
    const status = indexed.featureIndex();
    expect(status).toMatchObject({ state: 'ready', events: 406, maxBytes: GIB, reason: null });
    expect(status?.bytes).toBeGreaterThan(406 * 300);
    expect(status?.loadMs).toBeGreaterThanOrEqual(0);
    expect(plain.featureIndex()).toBeNull();
  });

  it('answers 300 random filters with the pages SQL gives: the same Features, bytes, dates and cursors', async () => {
    const rand = mulberry32(20251104);
    let nonEmpty = 0;
    let reordered = 0;
    for (let i = 0; i < 300; i++) {
      const filter = randomFilter(rand);
      const limit = 1 + Math.floor(rand() * 60);
      const got = await pagesOf(indexed, filter, limit);
      const want = await pagesOf(plain, filter, limit);
      expect(got.pages, JSON.stringify({ filter, limit })).toEqual(want.pages);
      expect(got.fromMemory.every(Boolean)).toBe(true);
      expect(want.fromMemory.some(Boolean)).toBe(false);
      // Asked for gzip, the index joins compressed pieces that read back as the same framed page; SQL sends text.
      if (i % 3 === 0) {
        const gz = await pagesOf(indexed, filter, limit, { ...FRAME, gzip: true });
        expect(gz.pages, JSON.stringify({ filter, limit })).toEqual(
          (await pagesOf(plain, filter, limit, FRAME)).pages,
        );
        expect(gz.gzipped.every(Boolean)).toBe(true);
        expect((await pagesOf(plain, filter, limit, { ...FRAME, gzip: true })).gzipped.some(Boolean)).toBe(
          false,
        );
      }
      if (!want.pages[0]?.startsWith('{"features":[]}')) nonEmpty++;
      if (got.raw.join() !== want.raw.join()) reordered++;
    }
    // Some pages come in another order within a day than SQL's (by place, as the Features lie in memory).
    expect(reordered).toBeGreaterThan(10);
    // The filters are not all empty ones.
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it('includes unplaced events when there is no box, and puts the frame around the Features', async () => {
    const frame: FeatureFrame = {
      head: Buffer.from('{"features":['),
      tail: (next) => Buffer.from(`],"next":${JSON.stringify(next)}}`),
    };
    for (const filter of [{}, { since: '2025-01-01' }, { bbox: [0, 0, 1, 1] as const }]) {
      const got = await pagesOf(indexed, filter, 50, frame);
      expect(got.pages).toEqual((await pagesOf(plain, filter, 50, frame)).pages);
      for (const page of got.pages) {
        const body = JSON.parse(page.split('|')[0] ?? '') as { features: { geometry: unknown }[] };
        expect(Array.isArray(body.features)).toBe(true);
      }
    }
    const all = (await pagesOf(indexed, {}, 1000)).pages.join('');
    expect(all).toContain('"geometry":null');
  });

  it('leaves filters it does not hold to SQL', async () => {
    expect(FeatureIndex.covers({ bbox: [30, 45, 40, 52], since: '2024-01-01', eventType: ['Battles'] })).toBe(
      true,
    );
    for (const filter of [
      { actor: 'russia' },
      { q: 'drone' },
      { side: 'ukraine' as const },
      { outlet: 'Bulk Wire' },
    ]) {
      expect(FeatureIndex.covers(filter)).toBe(false);
      const got = await pagesOf(indexed, filter, 25);
      expect(got.fromMemory.some(Boolean)).toBe(false);
      expect(got.pages).toEqual((await pagesOf(plain, filter, 25)).pages);
    }
  });

  it('rejects a bad box and a bad cursor as SQL does', async () => {
    await expect(indexed.queryEventFeatures({ bbox: [40, 50, 30, 45] })).rejects.toThrow(/bbox/);
    await expect(indexed.queryEventFeatures({}, { after: 'nonsense!' })).rejects.toThrow(/after/);
  });
});

describe('FeatureIndex after writes', () => {
  it('follows puts and deletes from its own connection and from another process, as SQL reads them', async () => {
    const path = fresh();
    const bulk = bulkCorpus(160).map(analysisOf);
    const writer = openSqliteStore(path);
    await writer.putAnalyses([...CORPUS.map(analysisOf), ...bulk.slice(0, 80)]);
    const indexed = openSqliteStore(path, { featureIndexBytes: GIB });
    const plain = openSqliteStore(path);
    expect(await settled(indexed)).toBe('ready');
    const same = async (): Promise<void> => {
      for (const filter of [
        {},
        { bbox: [36, 47, 39, 50] as const },
        { since: '2024-01-20', until: '2024-02-10' },
      ]) {
        const got = await pagesOf(indexed, filter, 30);
        expect(got.pages).toEqual((await pagesOf(plain, filter, 30)).pages);
        expect(got.fromMemory.every(Boolean)).toBe(true);
        const gz = await pagesOf(indexed, filter, 30, { ...FRAME, gzip: true });
        expect(gz.pages).toEqual((await pagesOf(plain, filter, 30, FRAME)).pages);
        expect(gz.gzipped.every(Boolean)).toBe(true);
      }
    };
    await same();
    // Another connection (as another process would) puts and deletes.
    await writer.putAnalyses(bulk.slice(80, 120));
    await same();
    const victim = bulk[3]?.article.id ?? '';
    expect(await writer.deleteArticle(victim)).toBe(true);
    await same();
    // Deleted and put again: the same event ids come back.
    await writer.putAnalyses(bulk.slice(3, 4));
    await same();
    // The indexed store's own writes.
    await indexed.putAnalyses(bulk.slice(120));
    expect(await indexed.deleteArticle(bulk[100]?.article.id ?? '')).toBe(true);
    await same();
    expect(indexed.featureIndex()).toMatchObject({ state: 'ready', events: 6 + 160 - 1 });
    await Promise.all([writer.close(), indexed.close(), plain.close()]);
  });

  it('applies a large write to one day, and deletes among it, in one look at the log', async () => {
    const path = fresh();
    const writer = openSqliteStore(path);
    await writer.putAnalyses(CORPUS.map(analysisOf));
    const indexed = openSqliteStore(path, { featureIndexBytes: GIB });
    const plain = openSqliteStore(path);
    expect(await settled(indexed)).toBe('ready');
    // 600 reports of one day, then 50 of them deleted, before the index looks again.
    const day = bulkCorpus(600).map((spec, i) => ({ ...spec, url: `https://example.org/one-day/${i}` }));
    const sameDay = day.map((spec) => ({
      ...spec,
      published: '2024-03-01',
      events: spec.events.map((e) => ({ ...e, date: '2024-03-01' })),
    }));
    const analyses = sameDay.map(analysisOf);
    await writer.putAnalyses(analyses);
    for (const a of analyses.slice(100, 150)) await writer.deleteArticle(a.article.id);
    for (const filter of [
      {},
      { since: '2024-03-01', until: '2024-03-01' },
      { bbox: [36, 47, 39, 50] as const },
    ]) {
      const got = await pagesOf(indexed, filter, 97);
      expect(got.pages).toEqual((await pagesOf(plain, filter, 97)).pages);
      expect(got.fromMemory.every(Boolean)).toBe(true);
    }
    expect(indexed.featureIndex()?.events).toBe(6 + 550);
    await Promise.all([writer.close(), indexed.close(), plain.close()]);
  });

  it('reloads when the log no longer reaches back to what it applied, and answers from SQL meanwhile', async () => {
    const path = fresh();
    const bulk = bulkCorpus(60).map(analysisOf);
    const writer = openSqliteStore(path);
    await writer.putAnalyses(bulk.slice(0, 30));
    const indexed = openSqliteStore(path, { featureIndexBytes: GIB });
    const plain = openSqliteStore(path);
    expect(await settled(indexed)).toBe('ready');
    await writer.putAnalyses(bulk.slice(30));
    // As if writers had trimmed the log past what this reader applied.
    trimLog(path);
    const first = await pagesOf(indexed, {}, 100);
    expect(first.fromMemory.some(Boolean)).toBe(false);
    expect(first.pages).toEqual((await pagesOf(plain, {}, 100)).pages);
    expect(await settled(indexed)).toBe('ready');
    const again = await pagesOf(indexed, {}, 100);
    expect(again.fromMemory.every(Boolean)).toBe(true);
    expect(again.pages).toEqual(first.pages);
    expect(indexed.featureIndex()?.events).toBe(60);
    await Promise.all([writer.close(), indexed.close(), plain.close()]);
  });

  it('reloads when the log was trimmed past its start while it loaded (the reload is a new load)', async () => {
    const path = fresh();
    const bulk = bulkCorpus(2100).map(analysisOf);
    const writer = openSqliteStore(path);
    await writer.putAnalyses(bulk.slice(0, 2050));
    // The load's first step (2,000 Features) runs as the store opens; the rest after a turn of the event loop.
    const indexed = openSqliteStore(path, { featureIndexBytes: GIB });
    expect(indexed.featureIndex()?.state).toBe('loading');
    await writer.putAnalyses(bulk.slice(2050));
    trimLog(path);
    expect(await settled(indexed)).toBe('ready');
    const page = await indexed.queryEventFeatures({}, { limit: 10 });
    expect(page.fromMemory).toBe(true);
    expect(indexed.featureIndex()?.events).toBe(2100);
    await Promise.all([writer.close(), indexed.close()]);
  });

  it('keeps the newest FEATURE_LOG_KEEP log rows on every write', async () => {
    const path = fresh();
    const writer = openSqliteStore(path);
    const db = new Database(path);
    db.prepare(
      `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
       INSERT INTO feature_log (seq, op) SELECT i, 1 FROM k`,
    ).run(FEATURE_LOG_KEEP + 500);
    await writer.putAnalyses(CORPUS.map(analysisOf));
    expect(db.prepare('SELECT count(*) FROM feature_log').pluck().get()).toBe(FEATURE_LOG_KEEP);
    db.close();
    await writer.close();
  });
});

describe('FeatureIndex gives up', () => {
  it('over its budget, leaving every page to SQL', async () => {
    const path = fresh();
    const writer = openSqliteStore(path);
    await writer.putAnalyses([...CORPUS, ...bulkCorpus(50)].map(analysisOf));
    await writer.close();
    const small = openSqliteStore(path, { featureIndexBytes: 2000 });
    const plain = openSqliteStore(path);
    expect(await settled(small)).toBe('over-budget');
    expect(small.featureIndex()).toMatchObject({
      events: 0,
      bytes: 0,
      reason: expect.stringMatching(/exceed/) as unknown,
    });
    const got = await pagesOf(small, { bbox: [30, 45, 40, 52] }, 20);
    expect(got.fromMemory.some(Boolean)).toBe(false);
    expect(got.pages).toEqual((await pagesOf(plain, { bbox: [30, 45, 40, 52] }, 20)).pages);
    await Promise.all([small.close(), plain.close()]);
  });

  /**
   * A file of 56 events, its writer, and a store on it whose index (20,000 bytes) gave up over budget, on a clock the
   * test sets: `ask(at)` reads a page at that time and returns the index's state once settled.
   */
  async function overBudget(): Promise<{
    path: string;
    writer: SqliteStore;
    bulk: PutResult[];
    small: SqliteStore;
    t0: number;
    ask: (at: number) => Promise<string | undefined>;
  }> {
    const path = fresh();
    const writer = openSqliteStore(path);
    const bulk = await writer.putAnalyses([...CORPUS, ...bulkCorpus(50)].map(analysisOf));
    const t0 = Date.parse('2025-11-05T09:00:00Z');
    let now = t0;
    const small = openSqliteStore(path, { featureIndexBytes: 20_000, clock: { now: () => new Date(now) } });
    expect(await settled(small)).toBe('over-budget');
    const ask = async (at: number): Promise<string | undefined> => {
      now = at;
      await small.queryEventFeatures({}, { limit: 10 });
      return settled(small);
    };
    return { path, writer, bulk, small, t0, ask };
  }

  it('and loads again once its wait is over and something was written, waiting twice as long after each try', async () => {
    const { writer, bulk, small, t0, ask } = await overBudget();
    // A write, then the first wait over: it tries again, and gives up again (still over budget).
    await writer.putAnalyses(bulkCorpus(51).slice(50).map(analysisOf));
    expect(await ask(t0 + RETRY_FIRST_MS)).toBe('over-budget');
    // Deletes bring it under budget; its next try is twice the wait after the last one, not before.
    for (const r of bulk.slice(CORPUS.length)) await writer.deleteArticle(r.articleId);
    expect(await ask(t0 + 3 * RETRY_FIRST_MS - 1)).toBe('over-budget');
    expect(await ask(t0 + 3 * RETRY_FIRST_MS)).toBe('ready');
    const left = bulk.slice(0, CORPUS.length).reduce((n, r) => n + r.events, 0) + 1;
    expect(small.featureIndex()?.events).toBe(left);
    const page = await small.queryEventFeatures({}, { limit: 10 });
    expect(page.fromMemory).toBe(true);
    expect(page.count).toBe(left);
    await Promise.all([small.close(), writer.close()]);
  });

  it('and stays given up, after its wait, while nothing is written', async () => {
    const { path, writer, bulk, small, t0, ask } = await overBudget();
    // Shrunk by another connection that moves no generation on: only a write the store records counts.
    const db = new Database(path);
    const seqs = db
      .prepare('SELECT seq FROM events ORDER BY seq LIMIT -1 OFFSET ?')
      .pluck()
      .all(CORPUS.length);
    db.prepare('DELETE FROM event_features WHERE seq IN (SELECT value FROM json_each(?))').run(
      JSON.stringify(seqs),
    );
    db.prepare('DELETE FROM events WHERE seq IN (SELECT value FROM json_each(?))').run(JSON.stringify(seqs));
    db.close();
    expect(await ask(t0 + 10 * RETRY_FIRST_MS)).toBe('over-budget');
    // The next recorded write lets it try, and it now fits.
    await writer.deleteArticle(bulk.at(-1)?.articleId ?? '');
    expect(await ask(t0 + 10 * RETRY_FIRST_MS)).toBe('ready');
    await Promise.all([small.close(), writer.close()]);
  });

  it('when some events have no stored Feature, which SQL then builds', async () => {
    const path = fresh();
    const writer = openSqliteStore(path);
    await writer.putAnalyses(CORPUS.map(analysisOf));
    await writer.close();
    const db = new Database(path);
    db.exec('DELETE FROM event_features WHERE seq % 2 = 0');
    db.close();
    const indexed = openSqliteStore(path, { featureIndexBytes: GIB });
    expect(await settled(indexed)).toBe('incomplete');
    expect(indexed.featureIndex()?.reason).toMatch(/3 of 6 events have no stored Feature/);
    const page = await indexed.queryEventFeatures({}, { limit: 10 });
    expect(page.count).toBe(6);
    await indexed.close();
  });

  it('to send gzip, but not text, while some Feature has no compressed piece (written before migration 009)', async () => {
    const path = fresh();
    const writer = openSqliteStore(path);
    await writer.putAnalyses(CORPUS.map(analysisOf));
    const db = new Database(path);
    db.exec('UPDATE event_features SET feature_deflate = NULL, feature_crc = NULL WHERE seq % 2 = 0');
    const indexed = openSqliteStore(path, { featureIndexBytes: GIB });
    const plain = openSqliteStore(path);
    expect(await settled(indexed)).toBe('ready');
    const text = await pagesOf(plain, {}, 4, FRAME);
    const got = await pagesOf(indexed, {}, 4, { ...FRAME, gzip: true });
    expect(got.pages).toEqual(text.pages);
    expect(got.fromMemory.every(Boolean)).toBe(true);
    expect(got.gzipped.some(Boolean)).toBe(false);
    // Once the pieces are written (as migration 009 does) and the index reloads, it sends gzip again.
    expect(fillFeaturePieces(db)).toBe(3);
    db.close();
    const again = await gzipPagesOf(path);
    expect(again.pages).toEqual(text.pages);
    expect(again.gzipped.every(Boolean)).toBe(true);
    await Promise.all([writer.close(), indexed.close(), plain.close()]);
  });

  it('gets the pieces from migration 009 when a file from before it is opened', async () => {
    const path = fresh();
    const writer = openSqliteStore(path);
    await writer.putAnalyses(CORPUS.map(analysisOf));
    const text = await pagesOf(writer, {}, 4, FRAME);
    await writer.close();
    const db = new Database(path);
    // The file as migration 008 left it.
    db.exec(`ALTER TABLE event_features DROP COLUMN feature_crc;
      ALTER TABLE event_features DROP COLUMN feature_deflate;
      DELETE FROM schema_migrations WHERE version = 9`);
    db.close();
    const got = await gzipPagesOf(path);
    expect(got.pages).toEqual(text.pages);
    expect(got.gzipped.every(Boolean)).toBe(true);
  });

  it('is not made for an in-memory database or a zero budget', async () => {
    const memory = openSqliteStore(':memory:', { featureIndexBytes: GIB });
    expect(memory.featureIndex()).toBeNull();
    const off = openSqliteStore(fresh(), { featureIndexBytes: 0 });
    expect(off.featureIndex()).toBeNull();
    await Promise.all([memory.close(), off.close()]);
  });
});
