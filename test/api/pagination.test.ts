import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import type { Store, StoredEvent } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { scratch } from '../shared.js';
import { analysisOf, bulkCorpus } from './corpus.js';

// Keyset pagination over 237 events, four to a day: every page walk must see each event exactly once, in order.

const N = 237;
const dir = scratch('api-pages');
let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  store = await openStore(join(dir, 'pages.db'));
  const results = await store.putAnalyses(bulkCorpus(N).map(analysisOf));
  expect(results.filter((r) => r.outcome === 'new')).toHaveLength(N);
  app = await createApp({ store, pipeline: createPipeline() });
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One GET through inject; a named helper so loops that feed a response's links back in stay typed. */
async function fetchPath(url: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers });
}

async function walk(path: string, query: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const url: string = `${path}?${query}&limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const res = await app.inject(url);
    expect(res.statusCode, res.body).toBe(200);
    if (path.endsWith('.geojson')) {
      const fc = res.json<{ features: { id: string }[]; next: string | null }>();
      ids.push(...fc.features.map((f) => f.id));
      after = fc.next;
    } else {
      const body = res.json<{ events: StoredEvent[]; next: string | null }>();
      ids.push(...body.events.map((e) => e.event_id));
      after = body.next;
    }
    if (after === null) return ids;
    expect(res.headers.link).toContain('rel="next"');
  }
  throw new Error('pagination did not end');
}

describe('keyset pagination', () => {
  it.each([1, 7, 50, 100, 236, 237, 1000])(
    'walks all events with limit %i, none twice, none missed',
    async (limit) => {
      const all = (await app.inject('/api/events?limit=1000')).json<{ events: StoredEvent[] }>().events;
      expect(all).toHaveLength(N);
      const walked = await walk('/api/events', 'x=1', limit);
      expect(walked).toEqual(all.map((e) => e.event_id));
    },
  );

  it('walks a filtered listing the same way, in GeoJSON too', async () => {
    const filter = 'event_type=Battles&bbox=36,47,38,49';
    const all = (await app.inject(`/api/events?${filter}&limit=1000`)).json<{ events: StoredEvent[] }>()
      .events;
    expect(all.length).toBeGreaterThan(20);
    expect(all.every((e) => e.event_type === 'Battles')).toBe(true);
    expect(await walk('/api/events', filter, 9)).toEqual(all.map((e) => e.event_id));
    expect(await walk('/api/events.geojson', filter, 9)).toEqual(all.map((e) => e.event_id));
  });

  it('follows the Link header of the CSV listing', async () => {
    let url: string | null = '/api/events.csv?limit=100';
    let rows = 0;
    while (url !== null) {
      const res = await fetchPath(url);
      rows += res.body.split('\r\n').filter((l) => l !== '').length - 1;
      const link = res.headers.link;
      url = typeof link === 'string' ? (/^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? null) : null;
    }
    expect(rows).toBe(N);
  });

  it('walks OGC items by next links', async () => {
    let url: string | null = '/collections/events/items?limit=40';
    const ids: string[] = [];
    while (url !== null) {
      const res = await fetchPath(url, { host: 'gis.test' });
      const body = res.json<{
        features: { id: string }[];
        numberMatched?: number;
        links: { rel: string; href: string }[];
      }>();
      // Counted on the first page only; pages reached through a cursor leave it out.
      expect(body.numberMatched).toBe(ids.length === 0 ? N : undefined);
      ids.push(...body.features.map((f) => f.id));
      const next = body.links.find((l) => l.rel === 'next');
      url = next ? new URL(next.href).pathname + new URL(next.href).search : null;
    }
    expect(ids).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
  });
});
