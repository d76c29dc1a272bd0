import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../../api/index.js';
import { createPipeline } from '../../pipeline/index.js';
import { openStore } from '../../store/index.js';
import type { Command } from '../command.js';
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

/**
 * `litopys serve [--db PATH] [--host 127.0.0.1] [--port 8080] [--gazetteer PATH] [--web DIR]
 * [--allow-private-fetch] [--cors ORIGIN] [--tile-origin ORIGIN]…`: serves the API, OGC API – Features and the map; prints the URL on
 * stdout and stops cleanly (in-flight requests finish, the store closes) on SIGINT or SIGTERM.
 */
const serve: Command = {
  summary: 'serve the HTTP API, OGC API – Features and the map',
  usage:
    'litopys serve [--db PATH] [--host 127.0.0.1] [--port 8080] [--gazetteer PATH] [--web DIR] ' +
    '[--allow-private-fetch] [--cors ORIGIN] [--tile-origin ORIGIN]… [--log]',
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
    const webRoot = values.web !== undefined ? resolve(io.cwd, values.web) : defaultWebRoot();
    if (values.web !== undefined && !existsSync(join(webRoot ?? '', 'index.html'))) {
      throw new UsageError(`--web ${values.web} has no index.html`);
    }

    const gazetteer = optionalGazetteer(values.gazetteer, io, 'serve', 'posted articles get no places');
    const store = await openStore(dbUrl(values.db, io));
    const app = await createApp({
      store,
      pipeline: createPipeline({ gazetteer }),
      webRoot,
      allowPrivateFetch: values['allow-private-fetch'],
      cors: values.cors ?? null,
      tileOrigins: values['tile-origin'] ?? [],
      logger: values.log,
    });
    const address = await app.listen({ host: values.host, port });
    io.out.write(`${address}/\n`);
    if (webRoot === null) io.err.write('litopys serve: web/dist not built; serving the API only\n');

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
