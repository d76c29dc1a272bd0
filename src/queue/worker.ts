import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import type { Analysis, Article } from '../domain/index.js';
import type { Pipeline } from '../pipeline/index.js';
import type { Store } from '../store/store.js';
import type { ArticleJob, ArticleQueue } from './article-queue.js';
import { ARTICLE_QUEUE } from './article-queue.js';

/** Options of {@link runWorker}. */
export interface WorkerOptions {
  readonly queue: ArticleQueue;
  readonly store: Store;
  readonly pipeline: Pipeline;
  /** Fetch loops in this process (they overlap database round trips with analysis). Default 1. */
  readonly concurrency?: number;
  /** Jobs fetched and stored per transaction. Default 20. */
  readonly batchSize?: number;
  /** Return once the queue has nothing created, waiting for a retry, or active. */
  readonly untilEmpty?: boolean;
  /** Milliseconds between polls of an empty queue. Default 500. */
  readonly pollMs?: number;
  /** Aborting it stops fetching; jobs already fetched are finished and completed first. */
  readonly signal?: AbortSignal;
  /** Diagnostics (one line each). */
  readonly log?: (line: string) => void;
}

/** What a worker did. */
export interface WorkerSummary {
  readonly completed: number;
  readonly failed: number;
  readonly articlesNew: number;
  readonly duplicates: number;
  readonly events: number;
}

function isArticle(x: unknown): x is Article {
  const a = x as Partial<Article> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.id === 'string' &&
    typeof a.text === 'string' &&
    typeof a.headline === 'string' &&
    typeof a.contentHash === 'string' &&
    Array.isArray(a.paragraphs)
  );
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs article jobs: fetch a batch, analyse each article with the pipeline, `putAnalyses` the batch, complete the
 * jobs. Delivery is at least once (a job whose worker dies comes back after its expiry), and the store's idempotent
 * writes make a second delivery change nothing. A job whose article cannot be analysed or stored is failed with its
 * reason; pg-boss retries it with backoff and dead-letters it after the last retry. Database errors outside a job
 * (a dropped connection) are logged and retried after a pause; the loop never dies of them.
 *
 * @example await runWorker({ queue, store, pipeline, untilEmpty: true });
 */
export async function runWorker(options: WorkerOptions): Promise<WorkerSummary> {
  const { queue, store, pipeline, signal } = options;
  const log = options.log ?? (() => undefined);
  const batchSize = options.batchSize ?? 20;
  const pollMs = options.pollMs ?? 500;
  const totals = { completed: 0, failed: 0, articlesNew: 0, duplicates: 0, events: 0 };
  let done = false;

  const fail = async (job: PgBoss.Job<ArticleJob>, reason: string): Promise<void> => {
    totals.failed += 1;
    log(`job ${job.id} failed: ${reason}`);
    await queue.boss.fail(ARTICLE_QUEUE, job.id, { message: reason });
  };

  const handle = async (jobs: PgBoss.Job<ArticleJob>[]): Promise<void> => {
    const ok: { job: PgBoss.Job<ArticleJob>; analysis: Analysis }[] = [];
    for (const job of jobs) {
      const article = (job.data as Partial<ArticleJob> | null)?.article;
      if (!isArticle(article)) {
        await fail(job, 'payload is not an Article');
        continue;
      }
      try {
        ok.push({ job, analysis: pipeline.analyse(article) });
      } catch (err) {
        await fail(job, `analysis failed: ${message(err)}`);
      }
    }
    if (ok.length === 0) return;
    let stored: { job: PgBoss.Job<ArticleJob>; analysis: Analysis }[] = ok;
    const count = (r: Awaited<ReturnType<Store['putAnalyses']>>): void => {
      for (const x of r) {
        if (x.outcome === 'new') totals.articlesNew += 1;
        else totals.duplicates += 1;
        totals.events += x.events;
      }
    };
    try {
      count(await store.putAnalyses(ok.map((x) => x.analysis)));
    } catch (batchErr) {
      // One bad article must not fail its neighbours: store them one by one and fail only those that throw.
      log(`batch of ${ok.length} not stored (${message(batchErr)}); storing one by one`);
      stored = [];
      for (const x of ok) {
        try {
          count(await store.putAnalyses([x.analysis]));
          stored.push(x);
        } catch (err) {
          await fail(x.job, `store failed: ${message(err)}`);
        }
      }
    }
    if (stored.length > 0) {
      // If this complete is lost (connection dropped), the jobs expire and run again: the writes above are idempotent.
      await queue.boss.complete(
        ARTICLE_QUEUE,
        stored.map((x) => x.job.id),
      );
      totals.completed += stored.length;
    }
  };

  const loop = async (n: number): Promise<void> => {
    let errors = 0;
    while (!done && !signal?.aborted) {
      try {
        const jobs = await queue.boss.fetch<ArticleJob>(ARTICLE_QUEUE, { batchSize });
        if (jobs.length === 0) {
          if (options.untilEmpty && (await queue.pending()) === 0) {
            done = true;
            break;
          }
          await sleep(pollMs, undefined, { signal }).catch(() => undefined);
          continue;
        }
        await handle(jobs);
        errors = 0;
      } catch (err) {
        errors += 1;
        // Capped exponential pause: a restarting PostgreSQL is back within seconds, and the pool reconnects.
        const wait = Math.min(30_000, 250 * 2 ** Math.min(errors, 7));
        log(`loop ${n}: ${message(err)}; retrying in ${wait} ms`);
        await sleep(wait, undefined, { signal }).catch(() => undefined);
      }
    }
  };

  const loops = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, (_, i) => loop(i));
  await Promise.all(loops);
  return totals;
}
