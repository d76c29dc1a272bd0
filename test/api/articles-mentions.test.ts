import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, hashToken } from '../../src/api/index.js';
import type { ActorMention, TimeRef } from '../../src/domain/index.js';
import { fixedClock } from '../../src/domain/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import type { Store } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { TestDatabase } from '../scale/pg.js';
import { PG_SKIP_REASON, PG_URL, createTestDatabase } from '../scale/pg.js';
import { scratch } from '../shared.js';
import { actorMention, analysis, article, time } from '../store/build.js';

// GET /api/articles/:id with the article's time and actor mentions (issue 5: "the Article plus its mentions and
// events with spans"), over a real SQLite file and, when LITOPYS_TEST_PG_URL is set, a real PostgreSQL database.

const SECRET = 'mentions-test-secret-7c1e';
const auth = { authorization: `Bearer ${SECRET}` };

interface ArticleAnswer {
  article: { id: string; text: string };
  places: { span: { start: number; end: number }; text: string }[];
  times: TimeRef[];
  actors: ActorMention[];
  events: { event_id: string; evidence: { start: number; end: number } }[];
}

const HAND = article({
  url: 'https://our-test-desk.example/2025/11/04/siversk',
  outlet: 'Our Test Desk',
  published: '2025-11-04',
  headline: 'Assault near Siversk repelled',
  paragraphs: [
    'Ukrainian troops repelled an assault near Siversk on Sunday, the 54th Mechanized Brigade said.',
    'Russian forces shelled the town again in early November, local officials said.',
  ],
});
const HAND_ANALYSIS = analysis(HAND, {
  times: [
    time(HAND, 'on Sunday', '2025-11-02'),
    time(HAND, 'in early November', '2025-11-01', '2025-11-10', 2),
  ],
  actors: [
    actorMention(
      HAND,
      'Ukrainian troops',
      'ukraine',
      'Ukrainian forces',
      'Military Forces of Ukraine (2019-)',
    ),
    actorMention(
      HAND,
      'the 54th Mechanized Brigade',
      'ukraine',
      '54th Separate Mechanized Brigade',
      'Military Forces of Ukraine (2019-)',
      'Military Forces of Ukraine (2019-) 54th Separate Mechanized Brigade',
    ),
    actorMention(HAND, 'Russian forces', 'russia', 'Russian forces', 'Military Forces of Russia (2000-)'),
  ],
});

// The first line is the headline, as the reader takes it from posted plain text.
const POSTED =
  'Kramatorsk shelled\n\n' +
  'Russian forces shelled the centre of Kramatorsk on Oct. 26, the General Staff of the Armed Forces of Ukraine ' +
  'said on Telegram.\n\nUkrainian troops repelled two assaults near Dobropillia overnight, officials said. ' +
  `A post quoted in the report read <script>alert("x")</script> and nothing else.`;

interface Backend {
  readonly name: string;
  open(): Promise<{ store: Store; done: () => Promise<void>; countRows?: (id: string) => number }>;
}

const sqliteDir = scratch('api-mentions');

const backends: Backend[] = [
  {
    name: 'sqlite',
    open: () => {
      rmSync(sqliteDir, { recursive: true, force: true });
      mkdirSync(sqliteDir, { recursive: true });
      const path = join(sqliteDir, 'mentions.db');
      return openStore(path).then((store) => ({
        store,
        done: () => store.close(),
        // The rows themselves, read from the file: a delete must leave none behind.
        countRows: (id: string) => {
          const db = new Database(path, { readonly: true });
          try {
            const n = (table: string): number =>
              db.prepare(`SELECT count(*) FROM ${table} WHERE article_id = ?`).pluck().get(id) as number;
            return n('time_mentions') + n('actor_mentions');
          } finally {
            db.close();
          }
        },
      }));
    },
  },
];
if (PG_URL) {
  backends.push({
    name: 'postgres',
    open: async () => {
      const db: TestDatabase = await createTestDatabase();
      const store = await openPostgresStore(db.url);
      return {
        store,
        done: async () => {
          await store.close();
          await db.drop();
        },
      };
    },
  });
}

for (const backend of backends) {
  describe(`GET /api/articles/:id mentions (${backend.name})`, () => {
    let store: Store;
    let done: () => Promise<void>;
    let countRows: ((id: string) => number) | undefined;
    let app: FastifyInstance;

    beforeAll(async () => {
      ({ store, done, countRows } = await backend.open());
      await store.putAnalyses([HAND_ANALYSIS]);
      await store.createToken('tester', hashToken(SECRET));
      app = await createApp({ store, pipeline: createPipeline(), clock: fixedClock('2025-11-05T09:00:00Z') });
    });
    afterAll(async () => {
      await app?.close();
      await done?.();
    });

    const get = async (id: string): Promise<{ status: number; body: ArticleAnswer }> => {
      const res = await app.inject({ method: 'GET', url: `/api/articles/${id}` });
      return { status: res.statusCode, body: res.json<ArticleAnswer>() };
    };

    it('returns the time and actor mentions as stored, each span covering its text', async () => {
      const { status, body } = await get(HAND.id);
      expect(status).toBe(200);
      expect(body.times).toEqual(HAND_ANALYSIS.times);
      expect(body.actors).toEqual(HAND_ANALYSIS.actors);
      const text = body.article.text;
      for (const m of [...body.times, ...body.actors]) {
        expect(m.span && text.slice(m.span.start, m.span.end)).toBe(m.text);
      }
      expect(body.times[1]).toMatchObject({ start: '2025-11-01', end: '2025-11-10', precision: 2 });
      expect(body.actors.map((a) => [a.name, a.side, a.acledName])).toEqual([
        ['Ukrainian forces', 'ukraine', 'Military Forces of Ukraine (2019-)'],
        ['54th Separate Mechanized Brigade', 'ukraine', 'Military Forces of Ukraine (2019-)'],
        ['Russian forces', 'russia', 'Military Forces of Russia (2000-)'],
      ]);
      expect(body.actors[1].assocName).toBe(
        'Military Forces of Ukraine (2019-) 54th Separate Mechanized Brigade',
      );
    });

    it('keeps what the pipeline found in a posted article; posting it again changes nothing; delete takes it all', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/articles',
        headers: auth,
        payload: {
          text: POSTED,
          headline: 'Kramatorsk shelled',
          outlet: 'Our Test Desk',
          published: '2025-11-04',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json<{ id: string }>().id;
      const first = await get(id);
      expect(first.status).toBe(200);
      const text = first.body.article.text;
      expect(first.body.times).toContainEqual(
        expect.objectContaining({ text: 'Oct. 26', start: '2025-10-26', end: '2025-10-26', precision: 1 }),
      );
      expect(first.body.actors).toContainEqual(
        expect.objectContaining({
          text: 'Russian forces',
          side: 'russia',
          acledName: 'Military Forces of Russia (2000-)',
        }),
      );
      for (const m of [...first.body.places, ...first.body.times, ...first.body.actors]) {
        expect(m.span && text.slice(m.span.start, m.span.end)).toBe(m.text);
      }
      // Mentions come in text order and as JSON values, never markup: the script is part of the text only.
      const starts = first.body.times.map((t) => t.span?.start ?? -1);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(text).toContain('<script>alert("x")</script>');

      const again = await app.inject({
        method: 'POST',
        url: '/api/articles',
        headers: auth,
        payload: { text: POSTED },
      });
      expect(again.json<{ articles: { outcome: string }[] }>().articles[0]?.outcome).toBe('duplicate');
      expect((await get(id)).body).toEqual(first.body);

      if (countRows) expect(countRows(id)).toBe(first.body.times.length + first.body.actors.length);
      const del = await app.inject({ method: 'DELETE', url: `/api/articles/${id}`, headers: auth });
      expect(del.statusCode).toBe(204);
      expect((await get(id)).status).toBe(404);
      if (countRows) expect(countRows(id)).toBe(0);
      // The hand-built article is untouched by the other's delete.
      expect((await get(HAND.id)).body.times).toHaveLength(2);
    });

    it('describes times and actors in the OpenAPI document', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
        components: { schemas: Record<string, { properties: Record<string, unknown> }> };
      }>();
      const s = doc.components.schemas;
      expect(s.StoredArticle.properties.times).toEqual({
        type: 'array',
        items: { $ref: '#/components/schemas/TimeMention' },
      });
      expect(s.StoredArticle.properties.actors).toEqual({
        type: 'array',
        items: { $ref: '#/components/schemas/ActorMention' },
      });
      expect(Object.keys(s.TimeMention.properties)).toEqual(
        expect.arrayContaining(['span', 'text', 'start', 'end', 'precision']),
      );
      expect(Object.keys(s.ActorMention.properties)).toEqual(
        expect.arrayContaining(['span', 'text', 'name', 'side', 'acledName']),
      );
    });
  });
}

if (!PG_URL) {
  describe.skip(`GET /api/articles/:id mentions (postgres: ${PG_SKIP_REASON})`, () => {
    it('runs on PostgreSQL', () => undefined);
  });
}
