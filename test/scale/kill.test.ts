import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE_QUEUE } from '../../src/queue/index.js';
import { openStore } from '../../src/store/index.js';
import { scratch } from '../shared.js';
import { jobStates, runCli, sql, startCli, waitFor } from './cli.js';
import { writeCorpus } from './corpus.js';
import type { TestDatabase } from './pg.js';
import { PG_SKIP_REASON, PG_URL, createTestDatabase } from './pg.js';

// The kill test of issue 6: 2,000 generated articles through the PostgreSQL queue with two worker processes, one
// SIGKILLed mid-run and replaced, every connection of the database cut once on top, and the result compared with a
// single-process SQLite ingest of the same corpus. Workers and the baseline use the same (default) gazetteer.

const N = 2000;

describe.skipIf(!PG_URL)(`kill test${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  let db: TestDatabase;
  const dir = scratch('scale-kill');
  const corpus = join(dir, 'corpus.jsonl');
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    writeCorpus(corpus, N);
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('loses and doubles nothing when a worker is SIGKILLed and connections drop mid-run', async () => {
    const sqliteDb = join(dir, 'baseline.db');
    await runCli(['ingest', corpus, '--db', sqliteDb]);
    const baseline = await openStore(sqliteDb);
    const expected = await baseline.stats();
    await baseline.close();
    expect(expected.articles).toBe(N);

    // Short expiry so the killed worker's jobs come back within seconds; generous retries so a slow, shared CI
    // machine that lets a live job expire once or twice does not dead-letter it.
    await runCli([
      'enqueue',
      corpus,
      '--db',
      db.url,
      '--expire-seconds',
      '8',
      '--retry-limit',
      '20',
      '--retry-delay',
      '1',
    ]);
    expect(await jobStates(db.url, ARTICLE_QUEUE)).toEqual({ created: N });

    const workerArgs = [
      'worker',
      '--db',
      db.url,
      '--until-empty',
      '--batch',
      '10',
      '--poll-ms',
      '200',
      '--maintenance-seconds',
      '1',
    ];
    const a = startCli(workerArgs);
    const b = startCli(workerArgs);
    await waitFor(
      '400 completed jobs',
      async () => ((await jobStates(db.url, ARTICLE_QUEUE)).completed ?? 0) >= 400,
    );
    // Killed between two batches, a worker holds nothing, and nothing is delivered again (a fast machine's workers
    // spend a good share of their time there). So the worker is frozen first, and killed once it is seen to hold
    // jobs: what it holds stays active while the other worker's batches come and go in well under HELD_MS.
    const HELD_MS = 3000;
    const held = async (): Promise<number> => {
      const rows = await sql<{ n: number }>(
        db.url,
        `SELECT count(*)::int AS n FROM pgboss.job
         WHERE name = $1 AND state = 'active' AND started_on < now() - make_interval(secs => $2)`,
        [ARTICLE_QUEUE, HELD_MS / 1000],
      );
      return rows[0]?.n ?? 0;
    };
    for (let attempt = 1; ; attempt++) {
      a.child.kill('SIGSTOP');
      // Well inside the jobs' 8 s expiry, so what it holds is still active when counted.
      await new Promise((r) => setTimeout(r, HELD_MS + 500));
      if ((await held()) > 0) break;
      if (attempt === 20) throw new Error('worker A held no job in 20 tries');
      a.child.kill('SIGCONT');
      await new Promise((r) => setTimeout(r, 50 + 37 * attempt));
    }
    a.child.kill('SIGKILL');
    expect(await a.exited).toBe('SIGKILL');
    const c = startCli(workerArgs);
    await waitFor('the replacement worker to be ready', () => Promise.resolve(c.stderr().includes('ready:')));
    // A real connection loss for every client of the database (what a PostgreSQL restart does to them).
    await sql(
      db.url,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [db.name],
    );
    const [bCode, cCode] = await Promise.all([b.exited, c.exited]);
    expect({ code: bCode, stderr: bCode === 0 ? '' : b.stderr() }).toEqual({ code: 0, stderr: '' });
    expect({ code: cCode, stderr: cCode === 0 ? '' : c.stderr() }).toEqual({ code: 0, stderr: '' });

    const store = await openStore(db.url);
    const got = await store.stats();
    await store.close();
    expect({
      articles: got.articles,
      events: got.events,
      nearDuplicates: got.nearDuplicates,
      places: got.places,
    }).toEqual({
      articles: expected.articles,
      events: expected.events,
      nearDuplicates: expected.nearDuplicates,
      places: expected.places,
    });
    const states = await jobStates(db.url, ARTICLE_QUEUE);
    expect(states).toEqual({ completed: N });
    // The kill caught jobs in hand: they were delivered again (their retry count went up) and stored once.
    const redelivered = await sql<{ n: number }>(
      db.url,
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND retry_count > 0`,
      [ARTICLE_QUEUE],
    );
    expect(redelivered[0].n).toBeGreaterThan(0);
  }, 300_000);
});
