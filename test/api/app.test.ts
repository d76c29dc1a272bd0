import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, CONTENT_SECURITY_POLICY, createApp, hashToken, routesOf } from '../../src/api/index.js';
import { ACLED_CSV_COLUMNS, fixedClock } from '../../src/domain/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import type { Store, StoredEvent } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { scratch } from '../shared.js';
import { CORPUS, analysisOf } from './corpus.js';

// The API over a real SQLite file filled with our hand-built corpus (test/api/corpus.ts): six events on
// 2025-09-01, -09-02, -10-18, -10-20, -11-02 and -11-03, one of them without a place.

const SECRET = 'test-secret-of-our-own-3f9a';
const dir = scratch('api');
let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  store = await openStore(join(dir, 'api.db'));
  await store.putAnalyses(CORPUS.map(analysisOf));
  await store.createToken('tester', hashToken(SECRET));
  app = await createApp({ store, pipeline: createPipeline(), clock: fixedClock('2025-11-05T09:00:00Z') });
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(url: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers });
}

async function dates(url: string): Promise<string[]> {
  const res = await get(url);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json<{ events: StoredEvent[] }>().events ?? []).map((e) => e.event_date).sort();
}

describe('GET /api/events', () => {
  it('lists every event in (date, id) order with a null cursor on the last page', async () => {
    const res = await get('/api/events');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ events: StoredEvent[]; next: string | null }>();
    expect(body.next).toBeNull();
    expect(body.events.map((e) => e.event_date)).toEqual([
      '2025-09-01',
      '2025-09-02',
      '2025-10-18',
      '2025-10-20',
      '2025-11-02',
      '2025-11-03',
    ]);
    const pokrovsk = body.events.find((e) => e.location === 'Pokrovsk');
    expect(pokrovsk).toMatchObject({
      event_type: 'Explosions/Remote violence',
      latitude: 48.28333,
      longitude: 37.18333,
    });
    expect(pokrovsk?.outlet).toBe('Steppe Herald');
  });

  const cases: [string, string[]][] = [
    ['bbox=36.5,47.5,38,49', ['2025-11-02', '2025-11-03']],
    ['bbox=30,46,31,51', ['2025-09-02', '2025-10-20']],
    ['since=2025-10-01', ['2025-10-18', '2025-10-20', '2025-11-02', '2025-11-03']],
    ['until=2025-09-30', ['2025-09-01', '2025-09-02']],
    ['since=2025-10-18&until=2025-10-20', ['2025-10-18', '2025-10-20']],
    ['event_type=Battles', ['2025-11-02']],
    ['event_type=Battles,Protests', ['2025-09-01', '2025-11-02']],
    ['event_type=Battles&event_type=Protests', ['2025-09-01', '2025-11-02']],
    ['sub_event_type=Air%2Fdrone%20strike', ['2025-09-02', '2025-11-03']],
    ['actor=forces%20of%20russia', ['2025-09-02', '2025-10-18', '2025-11-02', '2025-11-03']],
    ['actor=government', ['2025-10-20']],
    ['side=ukraine', ['2025-10-20', '2025-11-02']],
    ['side=civilians', ['2025-10-18', '2025-11-03']],
    ['outlet=Dnipro%20Daily', ['2025-10-18', '2025-10-20']],
    // Full text covers the article too, so a word of the headline selects both events of that article.
    ['q=glide', ['2025-11-02', '2025-11-03']],
    ['q=tram', ['2025-10-18']],
    ['q=dockers', ['2025-09-01']],
    ['min_confidence=0.65', ['2025-09-02', '2025-10-20', '2025-11-03']],
    ['since=2025-10-01&event_type=Explosions%2FRemote%20violence&min_confidence=0.5', ['2025-11-03']],
    ['limit=2', ['2025-09-01', '2025-09-02']],
  ];
  it.each(cases)('filters %s', async (query, expected) => {
    expect(await dates(`/api/events?${query}`)).toEqual(expected);
  });

  const bad: [string, string][] = [
    ['bbox=1,2,3', 'bbox'],
    ['bbox=a,b,c,d', 'bbox'],
    ['bbox=30,95,31,96', 'bbox'],
    ['bbox=38,48,37,49', 'bbox'],
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=ten', 'limit'],
    ['since=yesterday', 'since'],
    ['until=2025-13-45', 'until'],
    ['since=2025-11-01&until=2025-10-01', 'since'],
    ['event_type=Skirmish', 'event_type'],
    ['sub_event_type=Skirmish', 'sub_event_type'],
    ['side=martians', 'side'],
    ['min_confidence=2', 'min_confidence'],
    ['after=not-a-cursor', ''],
  ];
  it.each(bad)('answers 400 naming the field for %s', async (query, field) => {
    for (const path of ['/api/events', '/api/events.geojson', '/api/events.csv']) {
      const res = await get(`${path}?${query}`);
      expect(res.statusCode, `${path}?${query}: ${res.body}`).toBe(400);
      const body = res.json<{ error: string; message: string }>();
      expect(body.error).toBe('bad-request');
      expect(body.message).toContain(field);
    }
  });
});

describe('GET /api/events.geojson and .csv', () => {
  it('gives a FeatureCollection of points [lon, lat], null geometry for the unplaced event', async () => {
    const res = await get('/api/events.geojson?since=2025-09-01');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    const fc = res.json<{
      type: string;
      features: { geometry: unknown; properties: Record<string, unknown> }[];
    }>();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(6);
    const kyiv = fc.features.find((f) => f.properties.location === 'Kyiv');
    expect(kyiv?.geometry).toEqual({ type: 'Point', coordinates: [30.52333, 50.45] });
    const rally = fc.features.find((f) => f.properties.event_type === 'Protests');
    expect(rally?.geometry).toBeNull();
  });

  it('applies the same filters', async () => {
    const res = await get('/api/events.geojson?bbox=36.5,47.5,38,49');
    expect(res.json<{ features: unknown[] }>().features).toHaveLength(2);
  });

  it('writes ACLED columns in ACLED order, then ours, one quoted row per event', async () => {
    const res = await get('/api/events.csv?event_type=Battles');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.split('\r\n').filter((l) => l !== '');
    expect(lines).toHaveLength(2);
    const header = (lines[0] ?? '').split(',');
    expect(header.slice(0, ACLED_CSV_COLUMNS.length)).toEqual([...ACLED_CSV_COLUMNS]);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(lines[1]).toContain(',2025-11-02,2025,1,Political violence,Battles,Armed clash,');
    // The evidence holds commas, so the notes field must be quoted.
    expect(lines[1]).toContain(
      '"Ukrainian infantry repelled an assault near Dobropillia on Sunday, the brigade said."',
    );
  });
});

describe('GET /api/articles/:id, /api/search, /api/stats, /api/health', () => {
  it('returns the article with places and events whose spans point into its text', async () => {
    const id = analysisOf(CORPUS[0]).article.id;
    const res = await get(`/api/articles/${id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      article: { text: string; headline: string };
      places: { span: { start: number; end: number }; text: string }[];
      events: StoredEvent[];
    }>();
    expect(body.article.headline).toContain('Pokrovsk');
    expect(body.places.map((p) => body.article.text.slice(p.span.start, p.span.end))).toEqual([
      'Pokrovsk',
      'Dobropillia',
    ]);
    expect(body.events).toHaveLength(2);
    for (const e of body.events)
      expect(body.article.text.slice(e.evidence.start, e.evidence.end)).toBe(e.notes);
  });

  it('answers 404 as JSON for an unknown article', async () => {
    const res = await get('/api/articles/a_0000000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not-found' });
  });

  it('searches articles by text', async () => {
    const res = await get('/api/search?q=tram');
    expect(res.statusCode).toBe(200);
    const hits = res.json<{ hits: { headline: string }[] }>().hits;
    expect(hits.map((h) => h.headline)).toEqual(['Tram depot in Kharkiv hit by a missile']);
    expect((await get('/api/search')).statusCode).toBe(400);
  });

  it('counts events per day and type, with filters', async () => {
    const res = await get('/api/stats?bucket=day');
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      bucket: string;
      buckets: { bucket: string; event_type: string; count: number }[];
    }>();
    expect(body.bucket).toBe('day');
    expect(body.buckets.reduce((n, b) => n + b.count, 0)).toBe(6);
    expect(body.buckets).toContainEqual({ bucket: '2025-11-02', event_type: 'Battles', count: 1 });
    const month = (await get('/api/stats?bucket=month&outlet=Dnipro%20Daily')).json<typeof body>();
    expect(month.buckets.reduce((n, b) => n + b.count, 0)).toBe(2);
    expect((await get('/api/stats?bucket=year')).statusCode).toBe(400);
  });

  it('reports health, and 503 once the store is gone', async () => {
    const res = await get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      backend: 'sqlite',
      time: '2025-11-05T09:00:00.000Z',
      featureIndex: null,
    });
    const other = await openStore(join(dir, 'closed.db'));
    const lonely = await createApp({ store: other, pipeline: createPipeline() });
    try {
      await other.close();
      const down = await lonely.inject('/api/health');
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ error: 'unavailable' });
    } finally {
      await lonely.close();
    }
  });
});

describe('security', () => {
  it('sends the security headers on data, errors and the landing page', async () => {
    for (const url of ['/api/events', '/api/nothing-here', '/?f=json', '/api/events?limit=0']) {
      const res = await get(url);
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(String(res.headers['content-security-policy'])).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
  });

  it('widens connect-src and img-src, never script-src, for configured tile origins', async () => {
    const tiles = await createApp({
      store,
      pipeline: createPipeline(),
      tileOrigins: ['https://tile.example.org'],
    });
    try {
      const csp = String((await tiles.inject('/api/health')).headers['content-security-policy']);
      expect(csp).toContain("connect-src 'self' https://tile.example.org");
      expect(csp).toContain("img-src 'self' data: blob: https://tile.example.org");
      expect(csp).toContain("script-src 'self';");
    } finally {
      await tiles.close();
    }
    await expect(
      createApp({ store, pipeline: createPipeline(), tileOrigins: ["'unsafe-inline'"] }),
    ).rejects.toThrow(/tileOrigins/);
  });

  it('keeps CORS off by default and answers preflight for the configured origin', async () => {
    const plain = await get('/api/events', { origin: 'https://maps.example.org' });
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    const open = await createApp({ store, pipeline: createPipeline(), cors: 'https://maps.example.org' });
    try {
      const pre = await open.inject({
        method: 'OPTIONS',
        url: '/api/events',
        headers: { origin: 'https://maps.example.org', 'access-control-request-method': 'GET' },
      });
      expect(pre.statusCode).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBe('https://maps.example.org');
      const res = await open.inject({ url: '/api/events', headers: { origin: 'https://maps.example.org' } });
      expect(res.headers['access-control-allow-origin']).toBe('https://maps.example.org');
    } finally {
      await open.close();
    }
  });

  it('answers 401 without a token and 403 with a wrong one, for writes only', async () => {
    const post = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/api/articles',
        headers,
        payload: { text: 'Shelling hit a village.' },
      });
    const none = await post({});
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ error: 'unauthorized' });
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect((await post({ authorization: 'Basic dXNlcjpwYXNz' })).statusCode).toBe(401);
    expect((await post({ authorization: 'Bearer wrong-secret' })).statusCode).toBe(403);
    const del = await app.inject({
      method: 'DELETE',
      url: `/api/articles/${analysisOf(CORPUS[1]).article.id}`,
    });
    expect(del.statusCode).toBe(401);
    expect((await get('/api/events')).json<{ events: unknown[] }>().events).toHaveLength(6);
  });

  it('answers 413 for a body over the limit, before looking at the token', async () => {
    const payload = JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) });
    for (const headers of [{}, { authorization: `Bearer ${SECRET}` }]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/articles',
        headers: { ...headers, 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ error: 'payload-too-large' });
    }
  });

  it('answers 400 for a body with none of text, html, url', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/articles',
      headers: { authorization: `Bearer ${SECRET}` },
      payload: { headline: 'Nothing else' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'bad-request' });
  });
});

describe('writes with a token', () => {
  it('posts text through the pipeline into the store, then deletes it', async () => {
    const auth = { authorization: `Bearer ${SECRET}` };
    const text =
      'Kramatorsk, Nov. 4 — Two guided bombs hit the city centre on Tuesday morning, officials said.\n\n' +
      'Rescuers worked through the day at the damaged library.';
    const res = await app.inject({
      method: 'POST',
      url: '/api/articles',
      headers: auth,
      payload: {
        text,
        headline: 'Guided bombs hit Kramatorsk library',
        outlet: 'Our Test Desk',
        published: '2025-11-04',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ id: string; articles: { id: string; outcome: string; events: unknown[] }[] }>();
    expect(body.articles).toHaveLength(1);
    expect(body.articles[0]?.outcome).toBe('new');
    const stored = await get(`/api/articles/${body.id}`);
    expect(stored.statusCode).toBe(200);
    expect(stored.json()).toMatchObject({
      article: {
        headline: 'Guided bombs hit Kramatorsk library',
        outlet: 'Our Test Desk',
        published: '2025-11-04',
      },
    });
    const again = await app.inject({
      method: 'POST',
      url: '/api/articles',
      headers: auth,
      payload: { text },
    });
    expect(again.json<{ articles: { outcome: string }[] }>().articles[0]?.outcome).not.toBe('new');

    const del = await app.inject({ method: 'DELETE', url: `/api/articles/${body.id}`, headers: auth });
    expect(del.statusCode).toBe(204);
    expect((await get(`/api/articles/${body.id}`)).statusCode).toBe(404);
    const twice = await app.inject({ method: 'DELETE', url: `/api/articles/${body.id}`, headers: auth });
    expect(twice.statusCode).toBe(404);
  });
});

describe('compression', () => {
  const GZIP = { 'accept-encoding': 'gzip, deflate, br' };

  it.each(['/api/events', '/api/events.csv', '/api/openapi.json', '/collections/events/items'])(
    'gzips %s for a client that takes gzip, and only then',
    async (url) => {
      const plain = await get(url);
      const zipped = await get(url, GZIP);
      expect(zipped.statusCode).toBe(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toMatch(/accept-encoding/i);
      expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
      expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length);
      expect(plain.headers['content-encoding']).toBeUndefined();
      // Only gzip is offered: a client that takes brotli alone gets the text.
      const br = await get(url, { 'accept-encoding': 'br' });
      expect(br.headers['content-encoding']).toBeUndefined();
      expect(br.body).toBe(plain.body);
    },
  );

  it('leaves bodies under 1 KiB as they are', async () => {
    const res = await get('/api/health', GZIP);
    expect(res.rawPayload.length).toBeLessThan(1024);
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('does not inflate a gzipped request body: its bytes are what the body limit and the parser see', async () => {
    const body = gzipSync(JSON.stringify({ text: 'A short report of our own about Pokrovsk.' }));
    const res = await app.inject({
      method: 'POST',
      url: '/api/articles',
      headers: {
        authorization: `Bearer ${SECRET}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      payload: body,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'bad-request' });
    expect((await get('/api/events')).json<{ events: unknown[] }>().events).toHaveLength(6);
  });
});

describe('the web UI and the landing page', () => {
  it('serves web/dist with index.html at / for browsers and JSON for clients', async () => {
    const web = join(dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(
      join(web, 'index.html'),
      '<!doctype html><title>map</title><script src="/assets/app.js"></script>',
    );
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1);');
    const withWeb = await createApp({ store, pipeline: createPipeline(), webRoot: web });
    try {
      const html = await withWeb.inject({
        url: '/',
        headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      });
      expect(html.statusCode).toBe(200);
      expect(html.headers['content-type']).toContain('text/html');
      expect(html.body).toContain('<title>map</title>');
      const js = await withWeb.inject({ url: '/assets/app.js' });
      expect(js.statusCode).toBe(200);
      expect(js.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      // A script of 1 KiB or more goes gzipped to a browser.
      writeFileSync(join(web, 'assets', 'big.js'), `console.log(${JSON.stringify('map '.repeat(600))});`);
      const big = await withWeb.inject({ url: '/assets/big.js', headers: { 'accept-encoding': 'gzip' } });
      expect(big.statusCode).toBe(200);
      expect(big.headers['content-encoding']).toBe('gzip');
      expect(big.headers.etag).toMatch(/^W\//);
      expect(gunzipSync(big.rawPayload).toString('utf8')).toContain('map map');
      const json = await withWeb.inject({ url: '/', headers: { accept: 'application/json' } });
      expect(json.json<{ links: { rel: string }[] }>().links.map((l) => l.rel)).toContain('conformance');
      const missing = await withWeb.inject({ url: '/assets/none.js' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ error: 'not-found' });
    } finally {
      await withWeb.close();
    }
  });

  it('without a built UI gives a plain HTML page of links to browsers', async () => {
    const res = await get('/', { accept: 'text/html' });
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('/collections/events/items');
    expect(res.body).not.toContain('<script');
  });
});

describe('OpenAPI', () => {
  it('describes every route the app serves, and nothing it does not', async () => {
    const res = await get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toMatch(/^3\.0\./);
    const served = routesOf(app)
      .filter((r) => r.url !== '/*')
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    const described = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(served.length).toBeGreaterThanOrEqual(16);
    expect(described).toEqual(served);
  });
});
