import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import type { Store, StoredEvent } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { scratch } from '../shared.js';
import { CORPUS, analysisOf, bulkCorpus } from './corpus.js';

// OGC items' numberMatched counts the events the bbox and datetime select (not the whole layer, not the page), and
// is left out when more than the app's matchCountLimit match. Expected counts come from every stored event, filtered
// here in plain TypeScript.

interface Items {
  numberMatched?: number;
  numberReturned: number;
  features: unknown[];
}

const dir = scratch('api-ogc-count');
let store: Store;
let app: FastifyInstance;
let capped: FastifyInstance;
let all: readonly StoredEvent[] = [];

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  store = await openStore(join(dir, 'count.db'));
  await store.putAnalyses([...CORPUS, ...bulkCorpus(200)].map(analysisOf));
  app = await createApp({ store, pipeline: createPipeline() });
  capped = await createApp({ store, pipeline: createPipeline(), matchCountLimit: 30 });
  all = (await store.queryEvents({}, { limit: 1000 })).events;
});

afterAll(async () => {
  await app?.close();
  await capped?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function expected(bbox: readonly number[] | null, since?: string, until?: string): number {
  return all.filter((e) => {
    if (bbox) {
      const [minLon = 0, minLat = 0, maxLon = 0, maxLat = 0] = bbox;
      if (e.longitude === null || e.latitude === null) return false;
      if (e.longitude < minLon || e.longitude > maxLon || e.latitude < minLat || e.latitude > maxLat)
        return false;
    }
    return (since === undefined || e.event_date >= since) && (until === undefined || e.event_date <= until);
  }).length;
}

async function items(target: FastifyInstance, query: string): Promise<Items> {
  const res = await target.inject({
    url: `/collections/events/items?${query}`,
    headers: { host: 'gis.test' },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Items>();
}

const boxes: [string, number[]][] = [
  ['Pokrovsk and Dobropillia', [36.9, 48.1, 37.4, 48.6]],
  ['Pokrovsk alone', [37.1, 48.2, 37.3, 48.35]],
  ['Kyiv', [30.3, 50.3, 30.8, 50.6]],
  ['Kyiv to Kharkiv', [30, 49.5, 37, 51]],
  ['the open sea', [31.5, 44.5, 32.5, 45.5]],
];

describe('OGC items numberMatched', () => {
  it('the corpus is big enough for the counts to differ from the layer', () => {
    expect(all.length).toBeGreaterThan(200);
  });

  it.each(boxes)('bbox around %s counts the events inside it', async (_name, bbox) => {
    const n = expected(bbox);
    expect(n).toBeLessThan(all.length);
    const body = await items(app, `bbox=${bbox.join(',')}&limit=3`);
    expect(body.numberMatched).toBe(n);
    expect(body.numberReturned).toBe(Math.min(3, n));
  });

  it('bbox and datetime together count their intersection', async () => {
    const bbox = [36.9, 48.1, 37.4, 48.6];
    const n = expected(bbox, '2024-01-10', '2024-01-31');
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(expected(bbox));
    const body = await items(app, `bbox=${bbox.join(',')}&datetime=2024-01-10/2024-01-31&limit=1`);
    expect(body.numberMatched).toBe(n);
  });

  it('the count agrees with the features a client collects page by page', async () => {
    const bbox = [30, 49.5, 37, 51];
    const first = await items(app, `bbox=${bbox.join(',')}&limit=1000`);
    expect(first.numberMatched).toBe(first.features.length);
  });

  it('is left out above matchCountLimit and given at or below it', async () => {
    const wide = [36.9, 48.1, 37.4, 48.6];
    expect(expected(wide)).toBeGreaterThan(30);
    expect((await items(capped, `bbox=${wide.join(',')}&limit=5`)).numberMatched).toBeUndefined();
    const narrow = await items(capped, `bbox=${wide.join(',')}&datetime=2024-01-01/2024-01-10&limit=5`);
    const n = expected(wide, '2024-01-01', '2024-01-10');
    expect(n).toBeLessThanOrEqual(30);
    expect(narrow.numberMatched).toBe(n);
  });

  it('store.countEvents stops at max and says so with null', async () => {
    if (!store.countEvents) return;
    const bbox: [number, number, number, number] = [36.9, 48.1, 37.4, 48.6];
    const n = expected(bbox);
    expect(await store.countEvents({ bbox }, n)).toBe(n);
    expect(await store.countEvents({ bbox }, n - 1)).toBeNull();
    expect(await store.countEvents({ bbox, since: '2024-02-01' }, 1000)).toBe(expected(bbox, '2024-02-01'));
    expect(await store.countEvents({ outlet: 'Bulk Wire' }, 1000)).toBe(200);
  });
});
