import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Article } from '../domain/index.js';

/** The pg-boss queue that carries one article per job. */
export const ARTICLE_QUEUE = 'litopys-articles';
/** Where a job goes after its last retry, with its reason in `output`. */
export const DEAD_LETTER_QUEUE = 'litopys-articles-dead';

/** What a job carries: the Article as the reader produced it. */
export interface ArticleJob {
  readonly article: Article;
}

/** Queue behaviour fixed when the queue is first created (pg-boss keeps it per queue). */
export interface QueueOptions {
  /** Retries after the first attempt before the job is dead-lettered. */
  readonly retryLimit?: number;
  /** Seconds before the first retry; doubled each time (pg-boss backoff, with jitter). */
  readonly retryDelaySeconds?: number;
  /** Seconds a job may stay active before pg-boss takes it back (a worker killed mid-job). */
  readonly expireInSeconds?: number;
  /** How often (s) pg-boss maintenance runs: expiry of abandoned jobs, archiving. */
  readonly maintenanceIntervalSeconds?: number;
  /** Receives pg-boss and pool errors (lost connections); the queue keeps going after them. */
  readonly onError?: (err: Error) => void;
}

/** A job as `litopys jobs` lists it. */
export interface JobInfo {
  readonly id: string;
  readonly queue: string;
  readonly state: string;
  readonly articleId: string | null;
  readonly headline: string | null;
  readonly retryCount: number;
  readonly createdOn: string;
  readonly completedOn: string | null;
  /** The failure reason, for failed and dead-lettered jobs. */
  readonly reason: string | null;
}

/** Counts of jobs per state in the article queue, plus the dead-letter queue's size. */
export interface QueueCounts {
  readonly created: number;
  readonly retry: number;
  readonly active: number;
  readonly completed: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly deadLettered: number;
}

/** The deterministic pg-boss job id of an article: a UUID built from a hash of its id, so sending it twice is a no-op. */
export function jobIdFor(articleId: string): string {
  const h = createHash('sha256').update(`litopys-article:${articleId}`).digest('hex');
  // Shaped as a version-5-style UUID; pg-boss only needs a valid uuid.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const SEND_BATCH = 500;

function reasonOf(output: unknown): string | null {
  if (output === null || output === undefined) return null;
  const o = output as { message?: unknown; value?: { message?: unknown } };
  if (typeof o.message === 'string') return o.message;
  if (o.value && typeof o.value.message === 'string') return o.value.message;
  return JSON.stringify(output);
}

/**
 * The article job queue on pg-boss (in the same PostgreSQL as the store, schema `pgboss`). `enqueue` sends one job
 * per article with a job id derived from the article id (and `singletonKey` = article id), so re-enqueueing the same
 * inputs does not double the work while the first job is still known to pg-boss; the store's idempotent writes cover
 * the rest.
 *
 * @example const q = await ArticleQueue.open(url); await q.enqueue(articles); await q.close();
 */
export class ArticleQueue {
  private constructor(
    /** The pg-boss instance, for workers (fetch/complete/fail). */
    readonly boss: PgBoss,
    private readonly options: QueueOptions,
  ) {}

  /** Connects, installs or migrates pg-boss's schema, and creates the queues when missing. */
  static async open(url: string, options: QueueOptions = {}): Promise<ArticleQueue> {
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new RangeError(`ArticleQueue.open: not a postgres:// URL: ${url}`);
    const boss = new PgBoss({
      connectionString: url,
      max: 4,
      application_name: 'litopys-queue',
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
    });
    // pg-boss re-emits pool errors (a terminated backend, a restarted server) here; unhandled they would kill the
    // process. The pool reconnects on the next query.
    boss.on('error', (err) => (options.onError ?? (() => undefined))(err));
    await boss.start();
    const q = new ArticleQueue(boss, options);
    await q.ensureQueues();
    return q;
  }

  private async ensureQueues(): Promise<void> {
    // Two processes creating the queue at once can deadlock inside pg-boss (it creates a partition table) or hit a
    // unique violation; the loser waits a moment and finds the queue made by the winner.
    const create = async (name: string, opts: PgBoss.Queue): Promise<void> => {
      for (let attempt = 1; ; attempt += 1) {
        if (await this.boss.getQueue(name)) return;
        try {
          await this.boss.createQueue(name, opts);
          return;
        } catch (err) {
          if (attempt >= 8) throw err;
          await new Promise((r) => setTimeout(r, 50 * attempt + Math.floor(Math.random() * 100)));
        }
      }
    };
    await create(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retryLimit: 0 });
    await create(ARTICLE_QUEUE, {
      name: ARTICLE_QUEUE,
      retryLimit: this.options.retryLimit ?? 4,
      retryDelay: this.options.retryDelaySeconds ?? 5,
      retryBackoff: true,
      expireInSeconds: this.options.expireInSeconds ?? 300,
      deadLetter: DEAD_LETTER_QUEUE,
    });
  }

  /**
   * Sends one job per article; returns how many were new and how many were already queued (same article id).
   */
  async enqueue(articles: readonly Article[]): Promise<{ sent: number; alreadyQueued: number }> {
    let sent = 0;
    let alreadyQueued = 0;
    for (let i = 0; i < articles.length; i += SEND_BATCH) {
      const batch = articles.slice(i, i + SEND_BATCH);
      const ids = batch.map((a) => jobIdFor(a.id));
      const known = await this.knownIds(ids);
      const seen = new Set<string>(known);
      const jobs: PgBoss.JobInsert<ArticleJob>[] = [];
      for (const [k, a] of batch.entries()) {
        if (seen.has(ids[k])) {
          alreadyQueued += 1;
          continue;
        }
        seen.add(ids[k]);
        jobs.push({ id: ids[k], name: ARTICLE_QUEUE, data: { article: a }, singletonKey: a.id });
      }
      // insert() is ON CONFLICT DO NOTHING: a job another enqueuer sent meanwhile is kept, not doubled.
      if (jobs.length > 0) await this.boss.insert(jobs);
      sent += jobs.length;
    }
    return { sent, alreadyQueued };
  }

  private async knownIds(ids: readonly string[]): Promise<string[]> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT id::text AS id FROM pgboss.job WHERE name = $1 AND id = ANY($2::uuid[])
         UNION SELECT id::text FROM pgboss.archive WHERE name = $1 AND id = ANY($2::uuid[])`,
      [ARTICLE_QUEUE, ids],
    );
    return (rows as { id: string }[]).map((r) => r.id);
  }

  /** Jobs still to do: created, waiting for a retry, or active (held by a worker, or abandoned until expiry). */
  async pending(): Promise<number> {
    return this.boss.getQueueSize(ARTICLE_QUEUE, { before: 'completed' });
  }

  /** Job counts per state (live and archived). */
  async counts(): Promise<QueueCounts> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT name, state::text AS state, count(*)::int AS n FROM (
         SELECT name, state FROM pgboss.job WHERE name = ANY($1)
         UNION ALL SELECT name, state FROM pgboss.archive WHERE name = ANY($1)) j
       GROUP BY name, state`,
      [[ARTICLE_QUEUE, DEAD_LETTER_QUEUE]],
    );
    const c = { created: 0, retry: 0, active: 0, completed: 0, failed: 0, cancelled: 0, deadLettered: 0 };
    for (const r of rows as { name: string; state: keyof typeof c; n: number }[]) {
      if (r.name === DEAD_LETTER_QUEUE) c.deadLettered += r.n;
      else if (r.state in c) c[r.state] += r.n;
    }
    return c;
  }

  /** Lists jobs, newest first: with `failed`, the dead-lettered ones with their reasons. */
  async list(options: { failed?: boolean; limit?: number } = {}): Promise<JobInfo[]> {
    const limit = Math.min(Math.max(1, options.limit ?? 100), 10_000);
    const where = options.failed ? `name = '${DEAD_LETTER_QUEUE}'` : `name = '${ARTICLE_QUEUE}'`;
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT id::text AS id, name, state::text AS state, data, output, retry_count, created_on, completed_on
       FROM (SELECT id, name, state, data, output, retry_count, created_on, completed_on FROM pgboss.job WHERE ${where}
             UNION ALL
             SELECT id, name, state, data, output, retry_count, created_on, completed_on FROM pgboss.archive
             WHERE ${where}) j
       ORDER BY created_on DESC, id LIMIT $1`,
      [limit],
    );
    return (rows as Record<string, unknown>[]).map((r) => {
      const data = r.data as { article?: { id?: unknown; headline?: unknown } } | null;
      const art = data && typeof data === 'object' ? data.article : undefined;
      return {
        id: r.id as string,
        queue: r.name as string,
        state: r.state as string,
        articleId: typeof art?.id === 'string' ? art.id : null,
        headline: typeof art?.headline === 'string' ? art.headline : null,
        retryCount: Number(r.retry_count),
        createdOn: (r.created_on as Date).toISOString(),
        completedOn: r.completed_on ? (r.completed_on as Date).toISOString() : null,
        reason: reasonOf(r.output),
      };
    });
  }

  /** Stops pg-boss; `graceful` waits for its own workers (ours are not pg-boss `work()` loops). */
  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, wait: true, close: true });
  }
}
