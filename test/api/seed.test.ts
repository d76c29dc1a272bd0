import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, hashToken } from '../../src/api/index.js';
import { fixedClock } from '../../src/domain/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import type { Store, StoredEvent } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { scratch, sharedFile, skipReason } from '../shared.js';

// The seed article posted as text through the whole write path (reader detection, pipeline, store) and read back
// through every edge. Only what the API owns is asserted: metadata read from the scrape layout arrives intact, spans
// slice the stored text, and the same event is the same row in JSON, GeoJSON, CSV and OGC.

const SEED = 'seeds/000_52a6c90232f8ccf7.txt';
const seed = sharedFile(SEED);
const SECRET = 'seed-test-secret-41b2';
const dir = scratch('api-seed');
let store: Store;
let app: FastifyInstance;

describe.skipIf(!seed)(`the seed article through the API (${seed ? 'present' : skipReason(SEED)})`, () => {
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    store = await openStore(join(dir, 'seed.db'));
    await store.createToken('seed', hashToken(SECRET));
    app = await createApp({ store, pipeline: createPipeline(), clock: fixedClock('2025-11-05T08:00:00Z') });
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores it once and serves the same events on every edge', async () => {
    const text = readFileSync(seed as string, 'utf8');
    const post = () =>
      app.inject({
        method: 'POST',
        url: '/api/articles',
        headers: { authorization: `Bearer ${SECRET}` },
        payload: { text },
      });
    const res = await post();
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<{ id: string }>().id;
    expect((await post()).json<{ articles: { outcome: string }[] }>().articles[0]?.outcome).toBe('duplicate');

    const stored = (await app.inject(`/api/articles/${id}`)).json<{
      article: { text: string; headline: string; published: string };
      places: { span: { start: number; end: number }; text: string }[];
      events: StoredEvent[];
    }>();
    expect(stored.article.published).toBe('2025-11-04');
    expect(stored.article.headline).toBe(
      'Zelensky visits Azov National Guard troops fighting in the Pokrovsk sector',
    );
    for (const p of stored.places)
      expect(stored.article.text.slice(p.span.start, p.span.end)).toContain(p.text);
    for (const e of stored.events)
      expect(e.notes).toBe(stored.article.text.slice(e.evidence.start, e.evidence.end));

    const events = (await app.inject('/api/events?limit=1000')).json<{ events: StoredEvent[] }>().events;
    expect(events.map((e) => e.event_id).sort()).toEqual(stored.events.map((e) => e.event_id).sort());
    const geo = (await app.inject('/api/events.geojson?limit=1000')).json<{ features: { id: string }[] }>();
    expect(geo.features.map((f) => f.id).sort()).toEqual(events.map((e) => e.event_id).sort());
    const csv = (await app.inject('/api/events.csv?limit=1000')).body.split('\r\n').filter((l) => l !== '');
    expect(csv).toHaveLength(events.length + 1);
    const items = (await app.inject('/collections/events/items?limit=1000')).json<{
      numberMatched: number;
    }>();
    expect(items.numberMatched).toBe(events.length);
  });
});
