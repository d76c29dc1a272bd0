import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/index.js';
import { fixedClock } from '../../src/domain/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import type { Store } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { scratch } from '../shared.js';
import { CORPUS, analysisOf, bulkCorpus } from './corpus.js';
import { byDateAndId, withoutOptional } from './feature-stores.js';

// OGC API – Features over the hand-built corpus: what QGIS asks for when a layer is added by URL.

interface Link {
  href: string;
  rel: string;
  type?: string;
}
interface Items {
  type: string;
  numberMatched: number;
  numberReturned: number;
  features: { id: string; geometry: { coordinates: number[] } | null; properties: Record<string, unknown> }[];
  links: Link[];
}

const dir = scratch('api-ogc');
let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  store = await openStore(join(dir, 'ogc.db'));
  await store.putAnalyses(CORPUS.map(analysisOf));
  app = await createApp({ store, pipeline: createPipeline() });
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function json<T>(
  url: string,
  accept = 'application/json',
): Promise<{ status: number; type: string; body: T }> {
  const res = await app.inject({ url, headers: { accept, host: 'gis.test:8080' } });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: res.json<T>() };
}

/** The path and query of a link, for following it through inject. */
function local(href: string): string {
  const u = new URL(href);
  expect(u.host).toBe('gis.test:8080');
  return u.pathname + u.search;
}

describe('OGC API – Features', () => {
  it('landing page: JSON for clients, with the links QGIS follows', async () => {
    for (const url of ['/?f=json', '/']) {
      const res = await json<{ title: string; links: Link[] }>(url);
      expect(res.status).toBe(200);
      expect(res.type).toContain('application/json');
      const rels = Object.fromEntries(res.body.links.map((l) => [l.rel, l]));
      expect(rels['service-desc']?.href).toBe('http://gis.test:8080/api/openapi.json');
      expect(rels.conformance?.href).toBe('http://gis.test:8080/conformance');
      expect(rels.data?.href).toBe('http://gis.test:8080/collections');
    }
    const html = await app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(html.headers['content-type']).toContain('text/html');
  });

  it('conformance lists core, geojson and oas30', async () => {
    const res = await json<{ conformsTo: string[] }>('/conformance');
    expect(res.body.conformsTo).toEqual([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
    ]);
  });

  it('collections and the events collection carry extent and an items link', async () => {
    const all = await json<{ collections: { id: string; links: Link[] }[] }>('/collections');
    expect(all.body.collections.map((c) => c.id)).toEqual(['events']);
    const one = await json<{
      id: string;
      itemType: string;
      extent: { temporal: { interval: (string | null)[][] }; spatial: { bbox: number[][] } };
      links: Link[];
    }>('/collections/events');
    expect(one.body.id).toBe('events');
    expect(one.body.itemType).toBe('feature');
    expect(one.body.extent.temporal.interval).toEqual([['2025-09-01', null]]);
    expect(one.body.extent.spatial.bbox[0]).toHaveLength(4);
    const items = one.body.links.find((l) => l.rel === 'items');
    expect(items).toMatchObject({
      href: 'http://gis.test:8080/collections/events/items',
      type: 'application/geo+json',
    });
  });

  it('items: GeoJSON with numberMatched, numberReturned and self link', async () => {
    const res = await json<Items>('/collections/events/items');
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/geo+json');
    expect(res.body.type).toBe('FeatureCollection');
    expect(res.body.numberMatched).toBe(6);
    expect(res.body.numberReturned).toBe(6);
    expect(res.body.links.map((l) => l.rel)).toContain('self');
    expect(res.body.links.map((l) => l.rel)).not.toContain('next');
  });

  const filters: [string, number][] = [
    ['bbox=36.5,47.5,38,49', 2],
    ['datetime=2025-10-20', 1],
    ['datetime=2025-10-20T12:00:00Z', 1],
    ['datetime=2025-10-01/2025-10-31', 2],
    ['datetime=2025-10-01/..', 4],
    ['datetime=../2025-09-30', 2],
    ['datetime=/2025-09-30', 2],
    ['bbox=30,46,38,51&datetime=2025-10-01/..', 4],
  ];
  it.each(filters)('items filter %s', async (query, n) => {
    const res = await json<Items>(`/collections/events/items?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.numberReturned).toBe(n);
    expect(res.body.numberMatched).toBe(n);
  });

  it('items: limit and offset page through, next/prev links included, next links followable', async () => {
    const first = await json<Items>('/collections/events/items?limit=4');
    expect(first.body.numberReturned).toBe(4);
    const next = first.body.links.find((l) => l.rel === 'next');
    expect(next).toBeDefined();
    const second = await json<Items>(local(next!.href));
    expect(second.body.numberReturned).toBe(2);
    expect(second.body.links.find((l) => l.rel === 'next')).toBeUndefined();
    expect(second.body.links.find((l) => l.rel === 'prev')).toBeDefined();
    const ids = [...first.body.features, ...second.body.features].map((f) => f.id);
    expect(new Set(ids).size).toBe(6);

    const byOffset = await json<Items>('/collections/events/items?limit=2&offset=3');
    expect(byOffset.body.features.map((f) => f.id)).toEqual(ids.slice(3, 5));
    const big = await json<Items>('/collections/events/items?limit=5000');
    expect(big.status).toBe(200);
    expect(big.body.numberReturned).toBe(6);
    expect(big.body.links.find((l) => l.rel === 'self')?.href).toContain('limit=5000');
    const past = await json<Items>('/collections/events/items?offset=10');
    expect(past.body.numberReturned).toBe(0);
    expect(past.body.numberMatched).toBe(6);
  });

  const bad = [
    'bbox=1,2,3',
    'datetime=yesterday',
    'datetime=2025-11-01/2025-10-01',
    'datetime=../..',
    'limit=0',
    'limit=2000000',
    'offset=-1',
  ];
  it.each(bad)('items answer 400 for %s', async (query) => {
    const res = await json<{ error: string }>(`/collections/events/items?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('bad-request');
  });

  it('one feature by id, 404 for an unknown one', async () => {
    const list = await json<Items>('/collections/events/items');
    for (const f of list.body.features) {
      const res = await json<{ id: string; type: string; links: Link[] }>(
        `/collections/events/items/${f.id}`,
      );
      expect(res.status, `feature ${f.id}`).toBe(200);
      expect(res.type).toContain('application/geo+json');
      expect(res.body).toMatchObject({ type: 'Feature', id: f.id });
    }
    const none = await json<{ error: string }>('/collections/events/items/e_nope');
    expect(none.status).toBe(404);
    expect(none.body.error).toBe('not-found');
  });
});

describe('OGC items from stored Features', () => {
  // QGIS walks a layer through `next` links; the pages come from the store's stored Features (read by SQL, or copied
  // from the Feature index), and must say what the serialised document says.
  const featuresDir = scratch('api-ogc-features');
  const clock = fixedClock('2025-11-05T09:00:00Z');
  let sqlStore: Store;
  let indexedStore: Store;
  const apps: Record<'serialised' | 'sql' | 'memory', FastifyInstance | undefined> = {
    serialised: undefined,
    sql: undefined,
    memory: undefined,
  };

  beforeAll(async () => {
    mkdirSync(featuresDir, { recursive: true });
    const file = join(featuresDir, 'items.db');
    sqlStore = await openStore(file);
    await sqlStore.putAnalyses([...CORPUS, ...bulkCorpus(60)].map(analysisOf));
    indexedStore = await openStore(file, { featureIndexBytes: 2 ** 30 });
    for (let i = 0; i < 500 && indexedStore.featureIndex?.()?.state === 'loading'; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const pipeline = createPipeline();
    apps.serialised = await createApp({ store: withoutOptional(sqlStore), pipeline, clock });
    apps.sql = await createApp({ store: sqlStore, pipeline, clock });
    apps.memory = await createApp({ store: indexedStore, pipeline, clock });
  });

  afterAll(async () => {
    for (const app of Object.values(apps)) await app?.close();
    await sqlStore?.close();
    await indexedStore?.close();
    rmSync(featuresDir, { recursive: true, force: true });
  });

  /** Every page of a view, following `next` links, as the response bodies and their Vary headers. */
  async function walk(
    app: FastifyInstance | undefined,
    query: string,
  ): Promise<{ bodies: string[]; vary: (string | undefined)[] }> {
    if (app === undefined) throw new Error('app not created');
    const bodies: string[] = [];
    const vary: (string | undefined)[] = [];
    let url: string | undefined = `/collections/events/items?${query}`;
    while (url !== undefined && bodies.length < 50) {
      const res: { statusCode: number; body: string; headers: Record<string, unknown> } = await app.inject({
        url,
        headers: { host: 'gis.test:8080' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(String(res.headers['content-type'])).toBe('application/geo+json; charset=utf-8');
      bodies.push(res.body);
      vary.push(res.headers.vary as string | undefined);
      const next: Link | undefined = (JSON.parse(res.body) as Items).links.find((l) => l.rel === 'next');
      url = next === undefined ? undefined : local(next.href);
    }
    return { bodies, vary };
  }

  it('loads the Feature index, so the memory app answers from it', () => {
    expect(indexedStore.featureIndex?.()?.state).toBe('ready');
  });

  const views: [string, number][] = [
    ['', 1],
    ['limit=7', 10],
    ['limit=7&offset=14', 8],
    ['bbox=36.5,47.5,38,49&limit=5', 6],
    ['datetime=2024-01-05/2024-01-10&limit=9', 3],
    ['offset=5000', 1],
  ];
  it.each(views)(
    '%s: pages say what the serialised document says, from SQL and from memory',
    async (query, pages) => {
      const serialised = await walk(apps.serialised, query);
      const sql = await walk(apps.sql, query);
      const memory = await walk(apps.memory, query);
      expect(serialised.bodies).toHaveLength(pages);
      expect(serialised.vary.every((v) => v === undefined)).toBe(true);
      expect(sql.bodies).toHaveLength(pages);
      expect(memory.bodies).toHaveLength(pages);
      serialised.bodies.forEach((body, k) => {
        const want = JSON.parse(body) as Items;
        expect(JSON.parse(sql.bodies[k] ?? ''), `page ${k} from SQL`).toEqual(want);
        expect(JSON.parse(byDateAndId(memory.bodies[k] ?? '')), `page ${k} from memory`).toEqual(want);
        expect(want.numberReturned).toBe(want.features.length);
      });
      // An empty page (offset past the end) is the serialised one; every other page is the stored Features'.
      const stored = serialised.bodies.map((b) => (JSON.parse(b) as Items).numberReturned > 0);
      expect(sql.vary).toEqual(stored.map((s) => (s ? 'accept-encoding' : undefined)));
      expect(memory.vary).toEqual(stored.map((s) => (s ? 'accept-encoding' : undefined)));
    },
  );

  it('sends gzip to a client that takes it: pieces joined from memory, text compressed from SQL', async () => {
    const url = '/collections/events/items?limit=20&offset=20';
    const headers = { host: 'gis.test:8080', 'accept-encoding': 'gzip' };
    const text = await apps.memory?.inject({ url, headers: { host: 'gis.test:8080' } });
    const zipped = await apps.memory?.inject({ url, headers });
    expect(zipped?.headers['content-encoding']).toBe('gzip');
    expect(zipped?.headers.vary).toBe('accept-encoding');
    const unzipped = gunzipSync(zipped?.rawPayload ?? Buffer.alloc(0)).toString('utf8');
    expect(unzipped).toBe(text?.body);
    expect((JSON.parse(unzipped) as Items).numberReturned).toBe(20);
    const fromSql = await apps.sql?.inject({ url, headers });
    expect(fromSql?.headers['content-encoding']).toBe('gzip');
    const sqlText = gunzipSync(fromSql?.rawPayload ?? Buffer.alloc(0)).toString('utf8');
    expect(JSON.parse(sqlText)).toEqual(JSON.parse(byDateAndId(unzipped)));
    // A serialised page (a store without stored Features) is compressed on its way out, like any other response.
    const serialised = await apps.serialised?.inject({ url, headers });
    expect(serialised?.headers['content-encoding']).toBe('gzip');
    const serialisedText = gunzipSync(serialised?.rawPayload ?? Buffer.alloc(0)).toString('utf8');
    expect(JSON.parse(serialisedText)).toEqual(JSON.parse(sqlText));
  });
});
