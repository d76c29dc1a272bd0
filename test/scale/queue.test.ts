import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/domain/index.js';
import { readInputs } from '../../src/ingest/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import { ARTICLE_QUEUE, ArticleQueue, DEAD_LETTER_QUEUE, runWorker } from '../../src/queue/index.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { scratch } from '../shared.js';
import { jobStates, runCli, startCli, waitFor } from './cli.js';
import { writeCorpus } from './corpus.js';
import type { TestDatabase } from './pg.js';
import { PG_SKIP_REASON, PG_URL, createTestDatabase } from './pg.js';

async function readCorpus(path: string): Promise<Article[]> {
  const out: Article[] = [];
  for await (const item of readInputs([path])) if (item.article) out.push(item.article);
  return out;
}

describe.skipIf(!PG_URL)(`job queue${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  let db: TestDatabase;
  const dir = scratch('scale-queue');
  mkdirSync(dir, { recursive: true });
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db?.drop());

  it('stores an article once when two workers (one with three fetch loops) each receive a copy of it', async () => {
    const articles = await readCorpus(writeCorpus(join(dir, 'dup.jsonl'), 60, 7));
    const [q1, q2] = await Promise.all([ArticleQueue.open(db.url), ArticleQueue.open(db.url)]);
    const [s1, s2] = await Promise.all([openPostgresStore(db.url), openPostgresStore(db.url)]);
    try {
      // Two jobs per article under different job ids: what at-least-once delivery can hand to two workers.
      await q1.boss.insert(
        articles.flatMap((a) => [0, 1].map(() => ({ name: ARTICLE_QUEUE, data: { article: a } }))),
      );
      const pipeline = createPipeline();
      const expectedEvents = articles.reduce((n, a) => n + pipeline.analyse(a).events.length, 0);
      const [w1, w2] = await Promise.all([
        runWorker({ queue: q1, store: s1, pipeline, untilEmpty: true, batchSize: 7, pollMs: 50 }),
        runWorker({
          queue: q2,
          store: s2,
          pipeline,
          untilEmpty: true,
          batchSize: 7,
          pollMs: 50,
          concurrency: 3,
        }),
      ]);
      expect(w1.completed + w2.completed).toBe(120);
      expect(w1.articlesNew + w2.articlesNew).toBe(60);
      expect(w1.duplicates + w2.duplicates).toBe(60);
      const stats = await s1.stats();
      expect({ articles: stats.articles, events: stats.events }).toEqual({
        articles: 60,
        events: expectedEvents,
      });
    } finally {
      await Promise.all([q1.close(), q2.close(), s1.close(), s2.close()]);
    }
  });

  it('does not queue an article twice when the same inputs are enqueued again', async () => {
    const corpus = writeCorpus(join(dir, 'again.jsonl'), 25, 11);
    expect(JSON.parse(await runCli(['enqueue', corpus, '--db', db.url, '--json']))).toEqual({
      read: 25,
      sent: 25,
      alreadyQueued: 0,
      failed: 0,
    });
    expect(JSON.parse(await runCli(['enqueue', corpus, '--db', db.url, '--json']))).toMatchObject({
      sent: 0,
      alreadyQueued: 25,
    });
    expect(await jobStates(db.url, ARTICLE_QUEUE)).toEqual({ created: 25 });
  });

  it('retries a job that always fails with backoff, then dead-letters it with its reason for `jobs --failed`', async () => {
    const q = await ArticleQueue.open(db.url, { retryLimit: 2, retryDelaySeconds: 1 });
    const store = await openPostgresStore(db.url);
    try {
      await q.boss.send(ARTICLE_QUEUE, { article: { id: 'a_broken', headline: 'Not an article' } });
      const [good] = await readCorpus(writeCorpus(join(dir, 'one.jsonl'), 1, 3));
      await q.enqueue([good]);
      const started = Date.now();
      const summary = await runWorker({
        queue: q,
        store,
        pipeline: createPipeline(),
        untilEmpty: true,
        pollMs: 100,
      });
      // Three attempts (the first and two retries) with pg-boss's exponential backoff between them.
      expect(summary).toMatchObject({ completed: 1, failed: 3, articlesNew: 1 });
      expect(Date.now() - started).toBeGreaterThan(1500);
      expect(await jobStates(db.url, ARTICLE_QUEUE)).toEqual({ completed: 1, failed: 1 });
      expect(await jobStates(db.url, DEAD_LETTER_QUEUE)).toEqual({ created: 1 });
    } finally {
      await Promise.all([q.close(), store.close()]);
    }
    const listed = JSON.parse(await runCli(['jobs', '--failed', '--json', '--db', db.url])) as {
      counts: Record<string, number>;
      failed: { articleId: string; reason: string; queue: string }[];
    };
    expect(listed.counts).toMatchObject({ completed: 1, failed: 1, deadLettered: 1 });
    expect(listed.failed).toEqual([
      expect.objectContaining({
        articleId: 'a_broken',
        queue: DEAD_LETTER_QUEUE,
        reason: 'payload is not an Article',
      }),
    ]);
    const text = await runCli(['jobs', '--failed', '--db', db.url]);
    expect(text).toMatch(/1 failed \(1 dead-lettered\)/);
    expect(text).toMatch(/a_broken\tNot an article\tpayload is not an Article/);
  });

  it('stops on SIGTERM after finishing and completing the jobs in hand', async () => {
    const corpus = writeCorpus(join(dir, 'term.jsonl'), 400, 5);
    await runCli(['enqueue', corpus, '--db', db.url]);
    const w = startCli(['worker', '--db', db.url, '--batch', '10', '--poll-ms', '100']);
    await waitFor(
      'some completed jobs',
      async () => ((await jobStates(db.url, ARTICLE_QUEUE)).completed ?? 0) >= 20,
    );
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    expect(w.stderr()).toMatch(/SIGTERM: finishing the jobs in hand/);
    const states = await jobStates(db.url, ARTICLE_QUEUE);
    // Nothing left active (held) by the stopped worker, and it did stop before the end.
    expect(states.active ?? 0).toBe(0);
    expect(states.created ?? 0).toBeGreaterThan(0);
    expect(w.stdout()).toMatch(new RegExp(`worker: ${states.completed} jobs done`));
    await runCli(['worker', '--db', db.url, '--until-empty']);
    expect(await jobStates(db.url, ARTICLE_QUEUE)).toEqual({ completed: 400 });
  }, 180_000);

  it('refuses a database that is not PostgreSQL with a usage error', async () => {
    const c = startCli(['worker', '--db', join(dir, 'x.db')]);
    expect(await c.exited).toBe(2);
    expect(c.stderr()).toMatch(/needs PostgreSQL/);
  });
});
