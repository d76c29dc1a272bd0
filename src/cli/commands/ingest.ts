import { parseArgs } from 'node:util';
import type { Analysis, Gazetteer } from '../../domain/index.js';
import type { ReaderFormat } from '../../ingest/index.js';
import { READER_FORMATS, readInputs } from '../../ingest/index.js';
import { createPipeline } from '../../pipeline/index.js';
import type { PutOutcome, Store } from '../../store/index.js';
import { openStore } from '../../store/index.js';
import type { Command, CommandIo } from '../command.js';
import { UsageError } from '../command.js';
import { createProgress, dbUrl, optionalGazetteer, positiveInt, readerFormat } from '../options.js';

/** The tally `ingest` prints (and, with `--json`, writes to stdout as one object). */
export interface IngestSummary {
  read: number;
  new: number;
  duplicate: number;
  nearDuplicate: number;
  failed: number;
  events: number;
  failures: { origin: string; error: string }[];
}

interface Pending {
  readonly origin: string;
  readonly analysis: Analysis;
}

/**
 * `litopys ingest PATH|URL|- … [--db PATH] [--format F] [--gazetteer PATH] [--batch N] [--json]`: reads every input,
 * runs the pipeline on each article, and stores them in batches (one transaction each). Stores each story once: a
 * repeat is `duplicate`, a republished copy `near-duplicate`. Failures are one stderr line naming the input; the run
 * goes on and the exit code is 1.
 */
const ingest: Command = {
  summary: 'read files, folders, URLs or stdin, analyse and store them (each story once)',
  usage: `litopys ingest PATH|URL|- … [--db PATH] [--format ${READER_FORMATS.join('|')}] [--gazetteer PATH] [--batch N] [--json]`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        format: { type: 'string' },
        gazetteer: { type: 'string' },
        batch: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length === 0) throw new UsageError('give at least one PATH, URL or -');
    const format = readerFormat(values.format);
    const batchSize = positiveInt('batch', values.batch, 500);
    const gazetteer = optionalGazetteer(values.gazetteer, io, 'ingest', 'places stay unresolved');
    let store: Store | undefined;
    try {
      store = await openStore(dbUrl(values.db, io));
      const summary = await run(store, positionals, {
        io,
        batchSize,
        gazetteer,
        ...(format ? { format } : {}),
      });
      if (values.json) io.out.write(`${JSON.stringify(summary)}\n`);
      else {
        io.out.write(
          `ingest: ${summary.read} read: ${summary.new} new, ${summary.duplicate} duplicate, ` +
            `${summary.nearDuplicate} near-duplicate, ${summary.failed} failed; ${summary.events} events stored\n`,
        );
      }
      return summary.failed > 0 ? 1 : 0;
    } finally {
      await store?.close();
      gazetteer?.close();
    }
  },
};

async function run(
  store: Store,
  inputs: readonly string[],
  options: { io: CommandIo; batchSize: number; gazetteer: Gazetteer | null; format?: ReaderFormat },
): Promise<IngestSummary> {
  const { io } = options;
  const pipeline = createPipeline({ gazetteer: options.gazetteer });
  const summary: IngestSummary = {
    read: 0,
    new: 0,
    duplicate: 0,
    nearDuplicate: 0,
    failed: 0,
    events: 0,
    failures: [],
  };
  const progress = createProgress(io.err, 'ingest');
  const fail = (origin: string, error: string): void => {
    summary.failed++;
    summary.failures.push({ origin, error });
    io.err.write(`litopys ingest: ${error.startsWith(origin) ? error : `${origin}: ${error}`}\n`);
  };
  const tally: Record<PutOutcome, (n: number) => void> = {
    new: (n) => (summary.new += n),
    updated: (n) => (summary.new += n),
    duplicate: (n) => (summary.duplicate += n),
    'near-duplicate': (n) => (summary.nearDuplicate += n),
  };
  let batch: Pending[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    try {
      const results = await store.putAnalyses(items.map((p) => p.analysis));
      for (const r of results) {
        tally[r.outcome](1);
        summary.events += r.events;
      }
    } catch (err) {
      // The batch's transaction rolled back; nothing stored earlier is lost. Say which inputs did not make it.
      const message = err instanceof Error ? err.message : String(err);
      for (const p of items) fail(p.origin, `not stored: ${message}`);
    }
  };
  for await (const item of readInputs(inputs, {
    stdin: options.io.stdin,
    ...(options.format ? { format: options.format } : {}),
  })) {
    summary.read++;
    if (!item.article) {
      fail(item.origin, item.error ?? 'nothing read');
    } else {
      for (const i of item.issues) {
        const where = i.message.startsWith(item.origin) ? '' : `${item.origin}: `;
        io.err.write(`litopys ingest: ${where}${i.message} (${i.code})\n`);
      }
      batch.push({ origin: item.origin, analysis: pipeline.analyse(item.article) });
      if (batch.length >= options.batchSize) await flush();
    }
    progress.update(summary.read, {
      new: summary.new,
      duplicate: summary.duplicate,
      'near-duplicate': summary.nearDuplicate,
      failed: summary.failed,
    });
  }
  await flush();
  progress.done();
  return summary;
}

export default ingest;
