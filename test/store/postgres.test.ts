import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { MIGRATIONS, PostgresStore, openPostgresStore } from '../../src/store/postgres/index.js';
import type { TestDatabase } from '../scale/pg.js';
import { PG_SKIP_REASON, PG_URL, createTestDatabase } from '../scale/pg.js';
import { toFeature } from '../../src/api/features.js';
import { CORPUS, analysisOf } from '../api/corpus.js';
import { analysis, article } from './build.js';
import { runStoreSuite } from './store-suite.js';

/** A store on a fresh database that is dropped when the store closes. */
async function freshStore(): Promise<Store> {
  const db = await createTestDatabase();
  const store = await openPostgresStore(db.url);
  const close = store.close.bind(store);
  return Object.assign(store, {
    close: async () => {
      await close();
      await db.drop();
    },
  });
}

if (PG_URL) {
  runStoreSuite('postgres', freshStore);
} else {
  describe.skip(`Store suite: postgres (${PG_SKIP_REASON})`, () => {
    it('runs on PostgreSQL', () => undefined);
  });
}

describe.skipIf(!PG_URL)(`PostgresStore specifics${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('migrates once when many processes open the store at the same moment', async () => {
    const stores = await Promise.all(Array.from({ length: 5 }, () => openStore(db.url)));
    expect(stores.every((s) => s.backend === 'postgres')).toBe(true);
    await Promise.all(stores.map((s) => s.close()));
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    await c.end();
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('stores a story once when two writers receive it at the same time, and links its near-duplicate', async () => {
    const [s1, s2] = await Promise.all([openPostgresStore(db.url), openPostgresStore(db.url)]);
    try {
      const body = [
        'Russian forces struck the outskirts of Kramatorsk overnight with guided aerial bombs, the city council said.',
        'Two residential buildings and a school were damaged; rescuers worked until morning to clear the rubble.',
        'The regional governor said one man was injured and taken to hospital in nearby Sloviansk.',
      ];
      const items = Array.from({ length: 20 }, (_, i) =>
        analysis(
          article({
            url: `https://wire.example/${i}`,
            headline: `Report ${i} from Donetsk Oblast`,
            paragraphs: [...body.map((p) => `${p} Item ${i} of the day, ref ${i * 7919}.`), `Filed as ${i}.`],
          }),
        ),
      );
      const copy = analysis(
        article({
          url: 'https://mirror.example/kramatorsk',
          headline: items[3].article.headline,
          paragraphs: [...items[3].article.paragraphs.slice(0, -1), 'Filed as 3, republished.'],
        }),
      );
      const [r1, r2, r3] = await Promise.all([
        s1.putAnalyses(items),
        s2.putAnalyses([...items].reverse()),
        s2.putAnalyses([copy]),
      ]);
      const outcomes = [...r1, ...r2].map((r) => r.outcome);
      expect(outcomes.filter((o) => o === 'new')).toHaveLength(20);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(20);
      const s = await s1.stats();
      expect(s.articles).toBe(20);
      // The copy raced its original: it is either linked to it or, if it won, the original is linked to it.
      expect(r3[0].outcome === 'near-duplicate' || outcomes.includes('near-duplicate')).toBe(true);
      expect(s.nearDuplicates).toBe(1);
    } finally {
      await Promise.all([s1.close(), s2.close()]);
    }
  });

  it('gives events stored before migration 3 their Features, and builds a page whose Features are missing', async () => {
    const own = await createTestDatabase();
    try {
      const s1 = await openPostgresStore(own.url);
      await s1.putAnalyses(CORPUS.map(analysisOf));
      const want = (await s1.queryEvents({}, { limit: 100 })).events.map((e) => JSON.stringify(toFeature(e)));
      await s1.close();
      const c = new pg.Client({ connectionString: own.url });
      await c.connect();
      // Back to the schema before migration 3, with events in it.
      await c.query(
        'DROP TABLE event_features; DROP TABLE store_meta; DELETE FROM schema_migrations WHERE version = 3',
      );
      const s2 = await PostgresStore.open(own.url);
      const count = async (): Promise<number> =>
        Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM event_features')).rows[0]?.n);
      expect(await count()).toBe(want.length);
      const page = async (): Promise<string> =>
        Buffer.from((await s2.queryEventFeatures({}, { limit: 100 })).features).toString('utf8');
      expect(await page()).toBe(want.join(','));
      await c.query(
        `DELETE FROM event_features WHERE event_id IN (SELECT event_id FROM events WHERE seq % 2 = 0)`,
      );
      expect(await count()).toBeLessThan(want.length);
      expect(await page()).toBe(want.join(','));
      await c.end();
      await s2.close();
    } finally {
      await own.drop();
    }
  });

  it('says how it searches and filters by place', async () => {
    const s = await openPostgresStore(db.url);
    try {
      expect((await s.stats()).features).toMatchObject({ fts: 'tsvector', spatial: 'btree' });
    } finally {
      await s.close();
    }
  });
});
