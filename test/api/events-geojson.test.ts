import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/index.js';
import { acceptsGzip } from '../../src/api/feature-pages.js';
import { fixedClock } from '../../src/domain/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import type { Store } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { scratch } from '../shared.js';
import { CORPUS, analysisOf, bulkCorpus } from './corpus.js';
import { byDateAndId, withoutOptional } from './feature-stores.js';

// `/api/events.geojson` from the store's pre-serialised Features against the same route over a store without them
// (the fallback every backend has), and its ETag / If-None-Match handling.

const dir = scratch('api-geojson');
let store: Store;
let indexedStore: Store;
let app: FastifyInstance;
let plainApp: FastifyInstance;
let indexedApp: FastifyInstance;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  store = await openStore(join(dir, 'geojson.db'));
  await store.putAnalyses([...CORPUS, ...bulkCorpus(40)].map(analysisOf));
  const clock = fixedClock('2025-11-05T09:00:00Z');
  app = await createApp({ store, pipeline: createPipeline(), clock });
  plainApp = await createApp({ store: withoutOptional(store), pipeline: createPipeline(), clock });
  // The same file through a second connection that keeps its Features in memory, as `litopys serve` opens it.
  indexedStore = await openStore(join(dir, 'geojson.db'), { featureIndexBytes: 2 ** 30 });
  for (let i = 0; i < 500 && indexedStore.featureIndex?.()?.state === 'loading'; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  indexedApp = await createApp({ store: indexedStore, pipeline: createPipeline(), clock });
});

afterAll(async () => {
  await app?.close();
  await plainApp?.close();
  await indexedApp?.close();
  await store?.close();
  await indexedStore?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/events.geojson from stored Features', () => {
  it.each([
    '/api/events.geojson',
    '/api/events.geojson?limit=1000',
    '/api/events.geojson?bbox=36.5,47.5,38,49&limit=7',
    '/api/events.geojson?since=2024-01-03&until=2024-01-09&limit=5',
    '/api/events.geojson?bbox=0,0,1,1',
    '/api/events.geojson?event_type=Battles&q=Report',
  ])('sends the bytes, type and Link of the serialising fallback: %s', async (url) => {
    let next: string | null = url;
    let pages = 0;
    while (next !== null && pages < 20) {
      const path: string = next;
      const fast = await app.inject(path);
      const plain = await plainApp.inject(path);
      const memory = await indexedApp.inject(path);
      expect(fast.statusCode).toBe(200);
      expect(fast.body).toBe(plain.body);
      // The same Features and bytes; within a day, the index's order is its own.
      expect(byDateAndId(memory.body)).toBe(byDateAndId(plain.body));
      expect(memory.rawPayload.length).toBe(plain.rawPayload.length);
      expect(fast.headers['content-type']).toBe(plain.headers['content-type']);
      expect(memory.headers['content-type']).toBe(plain.headers['content-type']);
      expect(fast.headers.link).toBe(plain.headers.link);
      expect(memory.headers.link).toBe(plain.headers.link);
      const cursor: string | null = fast.json<{ next: string | null }>().next;
      next = cursor === null ? null : `${url}${url.includes('?') ? '&' : '?'}after=${cursor}`;
      pages++;
    }
    expect(next).toBeNull();
  });

  it('answers If-None-Match with the current ETag by 304 and no body, until a write changes it', async () => {
    const url = '/api/events.geojson?bbox=36.5,47.5,38,49';
    const first = await app.inject(url);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[0-9a-f]+\.\d+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    for (const header of [String(etag), `W/${String(etag)}`, `"other", ${String(etag)}`, '*']) {
      const again = await app.inject({ url, headers: { 'if-none-match': header } });
      expect(again.statusCode, header).toBe(304);
      expect(again.body).toBe('');
    }
    expect((await app.inject({ url, headers: { 'if-none-match': '"other"' } })).statusCode).toBe(200);
    // Bad input stays a 400 whatever the validator says.
    const bad = await app.inject({
      url: `${url}&since=2025-02-30`,
      headers: { 'if-none-match': String(etag) },
    });
    expect(bad.statusCode).toBe(400);
    await store.putAnalyses(bulkCorpus(41).slice(40).map(analysisOf));
    const after = await app.inject({ url, headers: { 'if-none-match': String(etag) } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
  });

  it('keeps a page from the Feature index in the body cache only once its view is asked for again', async () => {
    expect(indexedStore.featureIndex?.()?.state).toBe('ready');
    const url = '/api/events.geojson?bbox=36.5,47.5,38,49&limit=3';
    const asked = [];
    for (let i = 0; i < 3; i++) asked.push(await indexedApp.inject(url));
    expect(asked.map((r) => r.headers['x-cache'])).toEqual(['miss', 'miss', 'hit']);
    expect(new Set(asked.map((r) => r.body)).size).toBe(1);
    for (const limit of [4, 5, 6]) {
      expect(
        (await indexedApp.inject(`${url.replace('limit=3', `limit=${limit}`)}`)).headers['x-cache'],
      ).toBe('miss');
    }
    // A filter the index does not hold is read from SQL and cached as before.
    const q = '/api/events.geojson?q=Report&limit=3';
    expect((await indexedApp.inject(q)).headers['x-cache']).toBe('miss');
    expect((await indexedApp.inject(q)).headers['x-cache']).toBe('hit');
    const health = (await indexedApp.inject('/api/health')).json<{ featureIndex: { state: string } }>();
    expect(health.featureIndex).toMatchObject({ state: 'ready', events: expect.any(Number) as number });
  });

  it('sends no ETag from a store without a change token', async () => {
    const res = await plainApp.inject('/api/events.geojson');
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBeUndefined();
  });
});

describe('GET /api/events.geojson as gzip', () => {
  const GZIP = { 'accept-encoding': 'gzip, deflate, br' };

  it("joins the Feature index's compressed pieces into a gzip body that reads back as the text page", async () => {
    for (const url of [
      '/api/events.geojson?limit=1000',
      '/api/events.geojson?bbox=36.5,47.5,38,49&limit=7',
      '/api/events.geojson?bbox=0,0,1,1',
    ]) {
      const text = await indexedApp.inject(url);
      const gz = await indexedApp.inject({ url, headers: GZIP });
      expect(gz.statusCode).toBe(200);
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers.vary).toBe('accept-encoding');
      expect(gz.headers['content-type']).toBe('application/geo+json; charset=utf-8');
      expect(gz.headers.link).toBe(text.headers.link);
      expect(Number(gz.headers['content-length'])).toBe(gz.rawPayload.length);
      expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(text.body);
      expect(byDateAndId(text.body)).toBe(byDateAndId((await plainApp.inject(url)).body));
      // Not asked for gzip, or refusing it, a client gets the text.
      for (const headers of [{}, { 'accept-encoding': 'gzip;q=0, identity' }, { 'accept-encoding': 'br' }]) {
        const plain = await indexedApp.inject({ url, headers });
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(plain.headers.vary).toBe('accept-encoding');
        expect(plain.body).toBe(text.body);
      }
    }
    const full = await indexedApp.inject({ url: '/api/events.geojson?limit=1000', headers: GZIP });
    const fullText = await indexedApp.inject('/api/events.geojson?limit=1000');
    expect(full.rawPayload.length).toBeLessThan(fullText.rawPayload.length * 0.7);
  });

  it('gives the gzip body its own ETag, and answers either ETag of the current view by 304', async () => {
    const url = '/api/events.geojson?bbox=36.5,47.5,38,49&limit=5';
    const gz = await indexedApp.inject({ url, headers: GZIP });
    const text = await indexedApp.inject(url);
    expect(text.headers.etag).toMatch(/^"[0-9a-f]+\.\d+"$/);
    expect(gz.headers.etag).toBe(`${String(text.headers.etag).slice(0, -1)}-gz"`);
    for (const etag of [gz.headers.etag, text.headers.etag]) {
      const again = await indexedApp.inject({ url, headers: { ...GZIP, 'if-none-match': String(etag) } });
      expect(again.statusCode).toBe(304);
      expect(again.headers.etag).toBe(gz.headers.etag);
    }
  });

  it('compresses a page once for the body cache when the view is asked again, and serves that from then on', async () => {
    const url = '/api/events.geojson?bbox=36.5,47.5,38,49&limit=1000&event_type=Battles';
    const text = (await app.inject(url)).body;
    // The SQL path has no pieces: its page goes into the cache at once, compressed whole.
    const asked = [];
    for (let i = 0; i < 3; i++) asked.push(await app.inject({ url, headers: GZIP }));
    expect(asked.map((r) => r.headers['x-cache'])).toEqual(['miss', 'hit', 'hit']);
    expect(asked.map((r) => r.headers['content-encoding'])).toEqual(['gzip', 'gzip', 'gzip']);
    for (const r of asked) expect(gunzipSync(r.rawPayload).toString('utf8')).toBe(text);
    // From memory, a new view is joined pieces; asked again, it is compressed whole and kept.
    const indexed = [];
    for (let i = 0; i < 3; i++) indexed.push(await indexedApp.inject({ url, headers: GZIP }));
    expect(indexed.map((r) => r.headers['x-cache'])).toEqual(['miss', 'miss', 'hit']);
    expect(indexed.map((r) => r.headers['content-encoding'])).toEqual(['gzip', 'gzip', 'gzip']);
    for (const r of indexed)
      expect(byDateAndId(gunzipSync(r.rawPayload).toString('utf8'))).toBe(byDateAndId(text));
    // Compressed whole, the kept body is smaller than the joined pieces.
    expect(indexed[2]?.rawPayload.length).toBeLessThan(indexed[0]?.rawPayload.length ?? 0);
  });
});

describe('GET /api/events.geojson and OGC items as gzip with geojsonGzip: whole', () => {
  it('compresses the text whole instead of joining pieces: the same document in fewer bytes', async () => {
    const whole = await createApp({
      store: indexedStore,
      pipeline: createPipeline(),
      clock: fixedClock('2025-11-05T09:00:00Z'),
      geojsonGzip: 'whole',
    });
    try {
      // Views no earlier test asked for, so neither app has a body of them in its cache.
      for (const url of ['/api/events.geojson?limit=999', '/collections/events/items?limit=999']) {
        const headers = { 'accept-encoding': 'gzip' };
        const pieces = await indexedApp.inject({ url, headers });
        const zipped = await whole.inject({ url, headers });
        const text = await whole.inject(url);
        expect(zipped.headers['content-encoding']).toBe('gzip');
        expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(text.body);
        expect(gunzipSync(pieces.rawPayload).toString('utf8')).toBe(text.body);
        expect(zipped.rawPayload.length).toBeLessThan(pieces.rawPayload.length / 2);
      }
    } finally {
      await whole.close();
    }
  });
});

describe('GET /api/events.geojson as gzip from a store without a change token', () => {
  it('compresses the text page for each request, since nothing is kept', async () => {
    const noToken = await createApp({
      store: withoutOptional(store, ['changeToken']),
      pipeline: createPipeline(),
      clock: fixedClock('2025-11-05T09:00:00Z'),
    });
    try {
      const url = '/api/events.geojson?limit=1000';
      const text = await noToken.inject(url);
      expect(text.headers['content-encoding']).toBeUndefined();
      expect(text.headers.etag).toBeUndefined();
      const gz = await noToken.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers['x-cache']).toBe('miss');
      expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(text.body);
      expect(gz.rawPayload.length).toBeLessThan(text.rawPayload.length / 4);
    } finally {
      await noToken.close();
    }
  });
});

describe('acceptsGzip', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['gzip', true],
    ['GZIP', true],
    ['deflate, gzip;q=0.5', true],
    ['x-gzip', true],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['*', true],
    ['*;q=0', false],
    ['gzip;q=0, *', false],
    ['br, identity', false],
  ])('%s → %s', (header, want) => {
    expect(acceptsGzip(header)).toBe(want);
  });
});
