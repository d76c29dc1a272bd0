import { parseArgs } from 'node:util';
import type { Article } from '../../domain/index.js';
import { READER_FORMATS, readInputs } from '../../ingest/index.js';
import { ArticleQueue } from '../../queue/index.js';
import type { Command, CommandIo } from '../command.js';
import { UsageError } from '../command.js';
import { positiveInt, readerFormat } from '../options.js';

const BATCH = 500;

/**
 * The PostgreSQL URL of the queue verbs: `--db`, else `LITOPYS_DATABASE_URL`, else `LITOPYS_DB`; a usage error when
 * it is not a postgres:// URL (the job queue lives in PostgreSQL).
 */
export function queueDbUrl(flag: string | undefined, io: CommandIo): string {
  const url = flag || io.env.LITOPYS_DATABASE_URL || io.env.LITOPYS_DB;
  if (!url) throw new UsageError('give --db postgres://… (or set LITOPYS_DATABASE_URL)');
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new UsageError(`the job queue needs PostgreSQL: --db must be a postgres:// URL, not '${url}'`);
  }
  return url;
}

/**
 * `litopys enqueue PATH|URL|FEED… --db postgres://… [--format F] [--json]`: reads the inputs like `ingest` and sends
 * one job per article (the Article as payload) for `litopys worker` to analyse and store. Enqueueing the same inputs
 * again sends nothing new while their jobs are still known.
 */
const enqueue: Command = {
  summary: 'read inputs and queue one job per article in PostgreSQL for workers',
  usage:
    `litopys enqueue PATH|URL|FEED|- … --db postgres://… [--format ${READER_FORMATS.join('|')}] [--json]` +
    ' [--retry-limit N] [--retry-delay S] [--expire-seconds S]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        format: { type: 'string' },
        json: { type: 'boolean', default: false },
        'retry-limit': { type: 'string' },
        'retry-delay': { type: 'string' },
        'expire-seconds': { type: 'string' },
      },
    });
    if (positionals.length === 0) throw new UsageError('give at least one PATH, URL, FEED or -');
    const format = readerFormat(values.format);
    const url = queueDbUrl(values.db, io);
    const retryLimit =
      values['retry-limit'] === '0' ? 0 : positiveInt('retry-limit', values['retry-limit'], 4);
    const retryDelaySeconds = positiveInt('retry-delay', values['retry-delay'], 5);
    const expireInSeconds = positiveInt('expire-seconds', values['expire-seconds'], 300);
    const queue = await ArticleQueue.open(url, {
      retryLimit,
      retryDelaySeconds,
      expireInSeconds,
      onError: (err) => io.err.write(`litopys enqueue: queue: ${err.message}\n`),
    });
    const summary = { read: 0, sent: 0, alreadyQueued: 0, failed: 0 };
    try {
      let batch: Article[] = [];
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        const r = await queue.enqueue(batch);
        summary.sent += r.sent;
        summary.alreadyQueued += r.alreadyQueued;
        batch = [];
      };
      for await (const item of readInputs(positionals, {
        stdin: io.stdin,
        ...(format ? { format } : {}),
      })) {
        summary.read += 1;
        if (!item.article) {
          summary.failed += 1;
          io.err.write(`litopys enqueue: ${item.origin}: ${item.error ?? 'nothing read'}\n`);
          continue;
        }
        batch.push(item.article);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
    } finally {
      await queue.close();
    }
    if (values.json) io.out.write(`${JSON.stringify(summary)}\n`);
    else {
      io.out.write(
        `enqueue: ${summary.read} read: ${summary.sent} queued, ${summary.alreadyQueued} already queued, ` +
          `${summary.failed} failed\n`,
      );
    }
    return summary.failed > 0 ? 1 : 0;
  },
};

export default enqueue;
