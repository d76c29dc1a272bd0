import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Article, Gazetteer } from '../../domain/index.js';
import { createPipeline } from '../../pipeline/index.js';
import { ArticleQueue } from '../../queue/index.js';
import { openGazetteer } from '../../resolve/gazetteer/index.js';
import type { Store } from '../../store/index.js';
import { openStore } from '../../store/index.js';
import type { PollResult } from '../../watch/index.js';
import { createFeedWatcher, feedStateFile, parseFeedList, parseInterval } from '../../watch/index.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { dbUrl, isServerUrl } from '../options.js';

/**
 * `litopys watch FEEDS.txt [--every 10m] [--db URL] [--once] [--state PATH] [--gazetteer PATH] [--json]`: polls the
 * feeds listed in FEEDS.txt (one URL per line, `#` comments) and hands on only new items: queued as jobs when the
 * database is PostgreSQL (workers analyse them), analysed and stored at once when it is SQLite. ETags, Last-Modified
 * and the items already seen live in a state file beside FEEDS.txt (`FEEDS.txt.state.json`).
 */
const watch: Command = {
  summary: 'poll RSS/Atom feeds and queue (PostgreSQL) or ingest (SQLite) only their new items',
  usage:
    'litopys watch FEEDS.txt [--every 10m] [--db URL] [--once] [--state PATH] [--gazetteer PATH] [--json]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        every: { type: 'string', default: '10m' },
        db: { type: 'string' },
        once: { type: 'boolean', default: false },
        state: { type: 'string' },
        gazetteer: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one FEEDS.txt');
    const listPath = resolve(io.cwd, positionals[0]);
    let feeds: string[];
    let everyMs: number;
    try {
      feeds = parseFeedList(readFileSync(listPath, 'utf8'), positionals[0]);
      everyMs = parseInterval(values.every);
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    if (feeds.length === 0) throw new UsageError(`${positionals[0]}: no feed URLs in it`);
    const url = dbUrl(values.db || io.env.LITOPYS_DATABASE_URL, io);
    const log = (line: string): void => void io.err.write(`litopys watch: ${line}\n`);

    let queue: ArticleQueue | undefined;
    let store: Store | undefined;
    let gazetteer: Gazetteer | null = null;
    let sink: (articles: Article[]) => Promise<void>;
    const totals = { handed: 0, failedPolls: 0 };
    try {
      if (isServerUrl(url)) {
        queue = await ArticleQueue.open(url, { onError: (err) => log(`queue: ${err.message}`) });
        const q = queue;
        sink = async (articles) => {
          await q.enqueue(articles);
        };
      } else {
        try {
          gazetteer = openGazetteer({ path: values.gazetteer, env: io.env });
        } catch (err) {
          if (values.gazetteer || io.env.LITOPYS_GAZETTEER)
            throw new UsageError(`--gazetteer: ${String(err)}`);
          log(`no gazetteer (${err instanceof Error ? err.message : String(err)}); places stay unresolved`);
        }
        const s = await openStore(url);
        store = s;
        const pipeline = createPipeline({ gazetteer });
        sink = async (articles) => {
          await s.putAnalyses(articles.map((a) => pipeline.analyse(a)));
        };
      }
      const report = (results: readonly PollResult[]): void => {
        for (const r of results) {
          if (r.status === 'skipped') continue;
          totals.handed += r.handed;
          if (r.status === 'failed') totals.failedPolls += 1;
          if (values.json) io.out.write(`${JSON.stringify(r)}\n`);
          else io.out.write(`${r.feed}\t${r.status}\t${r.handed} new${r.error ? `\t${r.error}` : ''}\n`);
        }
      };
      const watcher = createFeedWatcher({
        feeds,
        sink: (articles) => sink(articles),
        state: feedStateFile(values.state ? resolve(io.cwd, values.state) : `${listPath}.state.json`),
        everyMs,
        log,
      });
      if (values.once) {
        report(await watcher.pollAll());
        return totals.failedPolls > 0 ? 1 : 0;
      }
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      try {
        log(`watching ${feeds.length} feeds every ${values.every}`);
        while (!stop.signal.aborted) {
          report(await watcher.tick());
          await new Promise<void>((r) => {
            const t = setTimeout(r, Math.min(1000, everyMs));
            stop.signal.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
          });
        }
      } finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      }
      return 0;
    } finally {
      await queue?.close();
      await store?.close();
      gazetteer?.close();
    }
  },
};

export default watch;
