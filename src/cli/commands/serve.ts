import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../../api/index.js';
import { createPipeline } from '../../pipeline/index.js';
import { openStore } from '../../store/index.js';
import type { Command, CommandIo } from '../command.js';
import { UsageError } from '../command.js';
import { dbUrl, optionalGazetteer } from '../options.js';

/** `web/dist` of this checkout or package: from `src/cli/commands` (tsx) or `dist/src/cli/commands` (built). */
function defaultWebRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    dir = dirname(dir);
  }
  return null;
}

/** The CLI entry a worker process runs: the built `main.js`, or `main.ts` through tsx in a source checkout. */
function cliEntry(): { exec: string; execArgv: string[] } {
  const js = fileURLToPath(new URL('../main.js', import.meta.url));
  if (existsSync(js)) return { exec: js, execArgv: [] };
  return { exec: fileURLToPath(new URL('../main.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
}

/**
 * Default budget of the in-memory Feature index (`--feature-index-mb`): 3 GiB of Features (text and compressed
 * pieces, about 1,360 bytes an event) for the whole server, shared out among `--workers` (each keeps its own copy).
 * One process holds about 2,300,000 events; a larger store serves its GeoJSON pages from SQL.
 */
const DEFAULT_FEATURE_INDEX_MB = 3072;

/** The message a worker sends its primary once it listens. */
interface Listening {
  readonly litopysListening: string;
}

/**
 * `--workers N`: N processes (node:cluster) share the port, each with its own store connection, so requests run on
 * N cores at once. SQLite in WAL mode lets every process read while one writes. The primary opens the store once
 * first (migrations run there, not raced by the workers), prints the URL when the first worker listens, restarts a
 * worker that dies, and on SIGINT or SIGTERM stops every worker and waits for them.
 */
async function runPrimary(
  argv: readonly string[],
  workers: number,
  db: string,
  indexMb: number,
  io: CommandIo,
): Promise<number> {
  await (await openStore(db)).close();
  const { exec, execArgv } = cliEntry();
  // The workers get the same options without --workers (they know they are workers from node:cluster), and each a
  // share of the Feature index budget, which is for the whole server (the last --feature-index-mb wins).
  const share = String(Math.floor(indexMb / workers));
  const args = ['serve', ...withoutWorkers(argv), '--feature-index-mb', share];
  cluster.setupPrimary({ exec, args, execArgv });
  return new Promise<number>((done) => {
    let stopping = false;
    let printed = false;
    let restarts = 0;
    const alive = new Set<Worker>();
    const fork = (): void => {
      const w = cluster.fork();
      alive.add(w);
      w.on('message', (m: Partial<Listening>) => {
        if (typeof m.litopysListening === 'string' && !printed) {
          printed = true;
          io.out.write(`${m.litopysListening}/\n`);
          io.err.write(`litopys serve: ${workers} worker processes\n`);
        }
      });
      w.on('exit', (code, signal) => {
        alive.delete(w);
        if (stopping) {
          if (alive.size === 0) finish(0);
          return;
        }
        io.err.write(`litopys serve: worker ${w.process.pid} exited (${signal ?? code})\n`);
        // A worker that cannot start (a bad option, a port in use) would die again at once: give up after a few.
        if (!printed || ++restarts > 10) {
          stop('SIGTERM');
          return;
        }
        fork();
      });
    };
    const finish = (code: number): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done(printed ? code : 1);
    };
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      io.err.write(`litopys serve: ${signal}, closing ${alive.size} workers\n`);
      if (alive.size === 0) finish(0);
      for (const w of alive) w.process.kill('SIGTERM');
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    for (let i = 0; i < workers; i++) fork();
  });
}

/** `argv` without `--workers N` / `--workers=N`. */
function withoutWorkers(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--workers') i++;
    else if (!a.startsWith('--workers=')) out.push(a);
  }
  return out;
}

/**
 * `litopys serve [--db PATH] [--host 127.0.0.1] [--port 8080] [--gazetteer PATH] [--web DIR]
 * [--allow-private-fetch] [--cors ORIGIN] [--tile-origin ORIGIN]… [--workers N|auto] [--feature-index-mb N]`: serves
 * the API, OGC API – Features and the map; prints the URL on stdout and stops cleanly (in-flight requests finish, the store closes) on
 * SIGINT or SIGTERM. `--workers` runs that many server processes on the one port (`auto`: one per core).
 * `--feature-index-mb` caps the stored Features the server keeps in memory for GeoJSON pages, split among the workers
 * (0: none; SQLite). `--gzip whole` compresses GeoJSON pages whole for clients that take gzip (a quarter of the bytes
 * of the default `pieces`, at about 3 ms of CPU a full page): for clients on slow links.
 */
const serve: Command = {
  summary: 'serve the HTTP API, OGC API – Features and the map',
  usage:
    'litopys serve [--db PATH] [--host 127.0.0.1] [--port 8080] [--gazetteer PATH] [--web DIR] ' +
    '[--allow-private-fetch] [--cors ORIGIN] [--tile-origin ORIGIN]… [--log] [--workers N|auto] ' +
    '[--feature-index-mb N] [--gzip pieces|whole]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8080' },
        gazetteer: { type: 'string' },
        web: { type: 'string' },
        'allow-private-fetch': { type: 'boolean', default: false },
        cors: { type: 'string' },
        'tile-origin': { type: 'string', multiple: true },
        log: { type: 'boolean', default: false },
        workers: { type: 'string', default: '1' },
        'feature-index-mb': { type: 'string', default: String(DEFAULT_FEATURE_INDEX_MB) },
        gzip: { type: 'string', default: 'pieces' },
      },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(`--port must be 0–65535, not '${values.port}'`);
    }
    if (values.cors !== undefined && !/^https?:\/\/[^/\s]+$/.test(values.cors)) {
      throw new UsageError(`--cors must be an origin like https://example.org, not '${values.cors}'`);
    }
    for (const o of values['tile-origin'] ?? []) {
      if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(o)) {
        throw new UsageError(`--tile-origin must be an origin like https://tile.example.org, not '${o}'`);
      }
    }
    const workers = values.workers === 'auto' ? availableParallelism() : Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
      throw new UsageError(`--workers must be 1–64 or auto, not '${values.workers}'`);
    }
    const indexMb = Number(values['feature-index-mb']);
    if (!Number.isInteger(indexMb) || indexMb < 0) {
      throw new UsageError(
        `--feature-index-mb must be a whole number of MiB (0: off), not '${values['feature-index-mb']}'`,
      );
    }
    const gzip = values.gzip;
    if (gzip !== 'pieces' && gzip !== 'whole') {
      throw new UsageError(`--gzip must be pieces or whole, not '${gzip}'`);
    }
    const webRoot = values.web !== undefined ? resolve(io.cwd, values.web) : defaultWebRoot();
    if (values.web !== undefined && !existsSync(join(webRoot ?? '', 'index.html'))) {
      throw new UsageError(`--web ${values.web} has no index.html`);
    }

    if (workers > 1 && cluster.isPrimary) {
      // Checked here, once, so a bad gazetteer is a usage error rather than N dying workers.
      optionalGazetteer(values.gazetteer, io, 'serve', 'posted articles get no places')?.close();
      if (webRoot === null) io.err.write('litopys serve: web/dist not built; serving the API only\n');
      return runPrimary(argv, workers, dbUrl(values.db, io), indexMb, io);
    }
    const gazetteer = optionalGazetteer(values.gazetteer, io, 'serve', 'posted articles get no places');
    const store = await openStore(dbUrl(values.db, io), { featureIndexBytes: indexMb * 2 ** 20 });
    const app = await createApp({
      store,
      pipeline: createPipeline({ gazetteer }),
      webRoot,
      allowPrivateFetch: values['allow-private-fetch'],
      cors: values.cors ?? null,
      tileOrigins: values['tile-origin'] ?? [],
      logger: values.log,
      geojsonGzip: gzip,
    });
    const address = await app.listen({ host: values.host, port });
    if (cluster.isWorker) process.send?.({ litopysListening: address } satisfies Listening);
    else io.out.write(`${address}/\n`);
    if (webRoot === null && !cluster.isWorker)
      io.err.write('litopys serve: web/dist not built; serving the API only\n');

    return new Promise<number>((done) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals): void => {
        if (stopping) return;
        stopping = true;
        io.err.write(`litopys serve: ${signal}, closing\n`);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        app
          .close()
          .then(() => store.close())
          .then(() => gazetteer?.close())
          // A cluster worker's IPC channel to its primary would keep it alive after everything else has closed.
          .then(() => (cluster.isWorker ? process.disconnect() : undefined))
          .then(
            () => done(0),
            (err: unknown) => {
              io.err.write(`litopys serve: ${String(err)}\n`);
              done(1);
            },
          );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  },
};

export default serve;
