import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Article } from '../src/domain/index.js';
import { readInputs } from '../src/ingest/index.js';
import { createPipeline } from '../src/pipeline/index.js';
import { ARTICLE_QUEUE, ArticleQueue } from '../src/queue/index.js';
import { openGazetteer } from '../src/resolve/gazetteer/index.js';
import { openSqliteStore } from '../src/store/index.js';
import { REPO_ROOT } from '../test/shared.js';
import { writeCorpus } from '../test/scale/corpus.js';
import { writeResult } from './lib.js';

// Articles/s through the PostgreSQL queue with 1 and 2 worker processes, and through a single SQLite process, on one
// generated corpus with the default gazetteer. Worker rates are steady-state: timed from 5 % to 95 % of jobs
// completed, so process start-up (tsx, gazetteer open) is not counted; SQLite is timed in-process likewise.
// Needs PostgreSQL: LITOPYS_BENCH_PG_URL or LITOPYS_TEST_PG_URL (a throwaway database is created on that server).

const N = Number(process.env.LITOPYS_BENCH_SCALE_N ?? 4000);
const BASE = process.env.LITOPYS_BENCH_PG_URL ?? process.env.LITOPYS_TEST_PG_URL;
const dir = join(REPO_ROOT, 'test-output', `bench-scale-${process.pid}`);

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: BASE });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function completed(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'completed'`,
      [ARTICLE_QUEUE],
    );
    return rows[0].n;
  } finally {
    await c.end();
  }
}

async function readCorpus(path: string): Promise<Article[]> {
  const out: Article[] = [];
  for await (const item of readInputs([path])) if (item.article) out.push(item.article);
  return out;
}

async function sqliteRate(articles: readonly Article[]): Promise<number> {
  const gazetteer = openGazetteer({});
  const store = openSqliteStore(join(dir, 'bench.db'));
  const pipeline = createPipeline({ gazetteer });
  const t0 = performance.now();
  for (let i = 0; i < articles.length; i += 500) {
    await store.putAnalyses(articles.slice(i, i + 500).map((a) => pipeline.analyse(a)));
  }
  const s = (performance.now() - t0) / 1000;
  await store.close();
  gazetteer.close();
  return articles.length / s;
}

async function workerRate(articles: readonly Article[], workers: number): Promise<number> {
  const name = `litopys_bench_${process.pid}_${workers}`;
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(BASE ?? '');
  u.pathname = `/${name}`;
  const url = u.toString();
  try {
    const q = await ArticleQueue.open(url);
    await q.enqueue(articles);
    await q.close();
    const main = join(REPO_ROOT, 'src', 'cli', 'main.ts');
    const procs = Array.from({ length: workers }, () =>
      spawn(
        process.execPath,
        ['--import', 'tsx', main, 'worker', '--db', url, '--until-empty', '--poll-ms', '100'],
        {
          cwd: REPO_ROOT,
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      ),
    );
    const codes: (number | string | null)[] = [];
    const exited = Promise.all(
      procs.map((p) => new Promise((r) => p.on('exit', (code, signal) => r(codes.push(code ?? signal))))),
    );
    const lo = Math.floor(articles.length * 0.05);
    const hi = Math.floor(articles.length * 0.95);
    let t0 = 0;
    let t1 = 0;
    while (t1 === 0) {
      if (codes.length === workers)
        throw new Error(`workers exited (${codes.join(', ')}) before 95 % of the jobs`);
      const n = await completed(url);
      if (t0 === 0 && n >= lo) t0 = performance.now();
      if (n >= hi) t1 = performance.now();
      await new Promise((r) => setTimeout(r, 50));
    }
    await exited;
    return (hi - lo) / ((t1 - t0) / 1000);
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function main(): Promise<void> {
  if (!BASE) {
    process.stderr.write(
      'scale bench: skipped, set LITOPYS_BENCH_PG_URL or LITOPYS_TEST_PG_URL to a PostgreSQL URL\n',
    );
    return;
  }
  mkdirSync(dir, { recursive: true });
  try {
    const articles = await readCorpus(writeCorpus(join(dir, 'corpus.jsonl'), N));
    const sqlite = await sqliteRate(articles);
    const one = await workerRate(articles, 1);
    const two = await workerRate(articles, 2);
    const r = (x: number): number => Math.round(x * 10) / 10;
    writeResult('scale', {
      articles: N,
      sqliteSingleProcessArticlesPerSec: r(sqlite),
      postgresOneWorkerArticlesPerSec: r(one),
      postgresTwoWorkersArticlesPerSec: r(two),
      twoWorkerSpeedup: Math.round((two / one) * 100) / 100,
      goalSpeedup: 1.7,
      note: 'steady state (5–95 % of jobs); default gazetteer; 2-core machine shared with other work while measured',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
