import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeojsonCache } from '../../src/api/index.js';
import { ResponseCache, createApp } from '../../src/api/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import type { Store } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { scratch } from '../shared.js';
import { CORPUS, analysisOf, bulkCorpus } from './corpus.js';

// The `/api/events.geojson` body cache: a repeated view is served from memory with the same bytes and headers, a
// write empties it, and an app without it answers the same.

const dir = scratch('api-geojson-cache');
let store: Store;
let cache: GeojsonCache;
let app: FastifyInstance;
let uncached: FastifyInstance;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  store = await openStore(join(dir, 'cache.db'));
  await store.putAnalyses([...CORPUS, ...bulkCorpus(60)].map(analysisOf));
  cache = new ResponseCache(1024 * 1024);
  app = await createApp({ store, pipeline: createPipeline(), geojsonCache: cache });
  uncached = await createApp({ store, pipeline: createPipeline(), geojsonCache: null });
});

afterAll(async () => {
  await app?.close();
  await uncached?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/events.geojson body cache', () => {
  it('serves a repeated query from the cache with the bytes and Link of a fresh answer', async () => {
    const url = '/api/events.geojson?bbox=30,46,38,51&since=2024-01-02&limit=7';
    const first = await app.inject(url);
    const second = await app.inject(url);
    const fresh = await uncached.inject(url);
    expect(first.headers['x-cache']).toBe('miss');
    expect(second.headers['x-cache']).toBe('hit');
    expect(fresh.headers['x-cache']).toBe('miss');
    expect(second.body).toBe(fresh.body);
    expect(second.headers.link).toBe(fresh.headers.link);
    expect(second.headers['content-type']).toBe(fresh.headers['content-type']);
    expect(second.headers.etag).toBe(fresh.headers.etag);
  });

  it('treats parameter order and list order as the same query, other values as others', async () => {
    await app.inject(
      '/api/events.geojson?event_type=Battles,Strategic%20developments&limit=9&since=2024-01-01',
    );
    const same = await app.inject(
      '/api/events.geojson?since=2024-01-01&limit=9&event_type=Strategic%20developments&event_type=Battles',
    );
    expect(same.headers['x-cache']).toBe('hit');
    const other = await app.inject('/api/events.geojson?since=2024-01-01&limit=8&event_type=Battles');
    expect(other.headers['x-cache']).toBe('miss');
    const cursor = other.json<{ next: string }>().next;
    const nextPage = await app.inject(
      `/api/events.geojson?since=2024-01-01&limit=8&event_type=Battles&after=${cursor}`,
    );
    expect(nextPage.headers['x-cache']).toBe('miss');
    expect(nextPage.body).toBe(
      (
        await uncached.inject(
          `/api/events.geojson?since=2024-01-01&limit=8&event_type=Battles&after=${cursor}`,
        )
      ).body,
    );
  });

  it('forgets every body when a write changes the store', async () => {
    const url = '/api/events.geojson?limit=1000';
    await app.inject(url);
    const before = await app.inject(url);
    expect(before.headers['x-cache']).toBe('hit');
    await store.putAnalyses(bulkCorpus(61).slice(60).map(analysisOf));
    const after = await app.inject(url);
    expect(after.headers['x-cache']).toBe('miss');
    const n = (body: string): number => (JSON.parse(body) as { features: unknown[] }).features.length;
    expect(n(after.body)).toBe(n(before.body) + 1);
    expect(after.body).toBe((await uncached.inject(url)).body);
  });
});

describe('ResponseCache', () => {
  it('drops the least recently used bodies beyond its budget and keeps no body over a quarter of it', () => {
    const c = new ResponseCache<number>(400);
    const body = (n: number): Buffer => Buffer.alloc(n, 120);
    c.set('t', 'a', body(100), 1);
    c.set('t', 'b', body(100), 2);
    c.set('t', 'c', body(100), 3);
    expect(c.get('t', 'a')?.meta).toBe(1);
    c.set('t', 'd', body(100), 4);
    c.set('t', 'e', body(100), 5);
    expect(c.get('t', 'b')).toBeUndefined();
    expect(c.get('t', 'a')?.meta).toBe(1);
    expect(c.stats()).toMatchObject({ entries: 4, bytes: 400 });
    c.set('t', 'big', body(101), 6);
    expect(c.get('t', 'big')).toBeUndefined();
  });

  it('empties when the token changes', () => {
    const c = new ResponseCache<number>(1000);
    c.set('t1', 'a', Buffer.from('x'), 1);
    expect(c.get('t1', 'a')?.meta).toBe(1);
    expect(c.get('t2', 'a')).toBeUndefined();
    expect(c.get('t1', 'a')).toBeUndefined();
    expect(c.stats()).toMatchObject({ entries: 0, bytes: 0, hits: 1, misses: 2 });
  });

  it('remembers which keys were asked for under a token, the last 10,000 of them', () => {
    const c = new ResponseCache<number>(1000);
    expect(c.askedBefore('t1', 'a')).toBe(false);
    expect(c.askedBefore('t1', 'a')).toBe(true);
    expect(c.askedBefore('t2', 'a')).toBe(false);
    for (let i = 0; i < 10_000; i++) c.askedBefore('t2', `k${i}`);
    expect(c.askedBefore('t2', 'a')).toBe(false);
    expect(c.askedBefore('t2', 'k9999')).toBe(true);
  });

  it('refuses a budget that is not a size', () => {
    expect(() => new ResponseCache(-1)).toThrow(/maxBytes/);
    expect(() => new ResponseCache(Number.NaN)).toThrow(/maxBytes/);
  });
});
