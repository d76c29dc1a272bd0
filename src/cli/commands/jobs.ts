import { parseArgs } from 'node:util';
import { ArticleQueue } from '../../queue/index.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { positiveInt } from '../options.js';
import { queueDbUrl } from './enqueue.js';

/**
 * `litopys jobs --db postgres://… [--failed] [--limit N] [--json]`: job counts per state; with `--failed`, the
 * dead-lettered jobs (out of retries) with the article and the reason.
 */
const jobs: Command = {
  summary: 'show the article job queue: counts per state, or the failed (dead-lettered) jobs with reasons',
  usage: 'litopys jobs --db postgres://… [--failed] [--limit N] [--json]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        failed: { type: 'boolean', default: false },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const url = queueDbUrl(values.db, io);
    const limit = positiveInt('limit', values.limit, 100);
    const queue = await ArticleQueue.open(url, {
      onError: (err) => io.err.write(`litopys jobs: queue: ${err.message}\n`),
    });
    try {
      const counts = await queue.counts();
      const list = values.failed ? await queue.list({ failed: true, limit }) : [];
      if (values.json) {
        io.out.write(`${JSON.stringify(values.failed ? { counts, failed: list } : { counts })}\n`);
        return 0;
      }
      io.out.write(
        `jobs: ${counts.created} queued, ${counts.retry} waiting to retry, ${counts.active} active, ` +
          `${counts.completed} completed, ${counts.failed} failed (${counts.deadLettered} dead-lettered)\n`,
      );
      for (const j of list) {
        io.out.write(
          `${j.createdOn}\t${j.articleId ?? '-'}\t${j.headline ?? '-'}\t${j.reason ?? 'no reason recorded'}\n`,
        );
      }
      return 0;
    } finally {
      await queue.close();
    }
  },
};

export default jobs;
