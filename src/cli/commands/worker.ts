import { parseArgs } from 'node:util';
import { createPipeline } from '../../pipeline/index.js';
import { ArticleQueue, runWorker } from '../../queue/index.js';
import type { Store } from '../../store/index.js';
import { openStore } from '../../store/index.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { optionalGazetteer, positiveInt } from '../options.js';
import { queueDbUrl } from './enqueue.js';

// A worker started while PostgreSQL restarts (or drops its connections) waits for it instead of exiting.
async function retrying<T>(open: () => Promise<T>, log: (line: string) => void, attempts = 6): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await open();
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      const transient = /^(57P|08)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(code);
      if (!transient || i >= attempts) throw err;
      log(`connecting: ${err instanceof Error ? err.message : String(err)}; retrying in ${i} s`);
      await new Promise((r) => setTimeout(r, i * 1000));
    }
  }
}

/**
 * `litopys worker --db postgres://… [--concurrency N] [--batch N] [--until-empty] [--gazetteer PATH] [--json]`: takes
 * article jobs from the queue, analyses them and stores them in the same PostgreSQL. Run as many as you like, on as
 * many machines. SIGTERM or SIGINT stops fetching, finishes the jobs in hand, completes them and exits 0.
 */
const worker: Command = {
  summary: 'process queued article jobs: analyse and store them (many workers may run at once)',
  usage:
    'litopys worker --db postgres://… [--concurrency N] [--batch N] [--until-empty] [--gazetteer PATH] [--json]' +
    ' [--poll-ms N] [--maintenance-seconds N]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        concurrency: { type: 'string' },
        batch: { type: 'string' },
        'until-empty': { type: 'boolean', default: false },
        gazetteer: { type: 'string' },
        json: { type: 'boolean', default: false },
        'poll-ms': { type: 'string' },
        'maintenance-seconds': { type: 'string' },
      },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const url = queueDbUrl(values.db, io);
    const concurrency = positiveInt('concurrency', values.concurrency, 1);
    const batchSize = positiveInt('batch', values.batch, 20);
    const pollMs = positiveInt('poll-ms', values['poll-ms'], 500);
    const maintenanceIntervalSeconds = positiveInt('maintenance-seconds', values['maintenance-seconds'], 30);
    const log = (line: string): void => void io.err.write(`litopys worker: ${line}\n`);
    const gazetteer = optionalGazetteer(values.gazetteer, io, 'worker', 'places stay unresolved');
    const stop = new AbortController();
    const onSignal = (sig: NodeJS.Signals): void => {
      log(`${sig}: finishing the jobs in hand, then stopping`);
      stop.abort();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    let store: Store | undefined;
    let queue: ArticleQueue | undefined;
    try {
      store = await retrying(() => openStore(url), log);
      queue = await retrying(
        () =>
          ArticleQueue.open(url, {
            maintenanceIntervalSeconds,
            onError: (err) => log(`queue: ${err.message}`),
          }),
        log,
      );
      log(
        `ready: concurrency ${concurrency}, batch ${batchSize}${values['until-empty'] ? ', until the queue is empty' : ''}`,
      );
      const summary = await runWorker({
        queue,
        store,
        pipeline: createPipeline({ gazetteer }),
        concurrency,
        batchSize,
        pollMs,
        untilEmpty: values['until-empty'],
        signal: stop.signal,
        log,
      });
      if (values.json) io.out.write(`${JSON.stringify(summary)}\n`);
      else {
        io.out.write(
          `worker: ${summary.completed} jobs done (${summary.articlesNew} new, ${summary.duplicates} duplicate or ` +
            `near-duplicate), ${summary.failed} failed; ${summary.events} events stored\n`,
        );
      }
      return 0;
    } finally {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      await queue?.close();
      await store?.close();
      gazetteer?.close();
    }
  },
};

export default worker;
