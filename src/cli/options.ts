import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Gazetteer } from '../domain/index.js';
import type { ReaderFormat } from '../ingest/index.js';
import { READER_FORMATS } from '../ingest/index.js';
import { openGazetteer } from '../resolve/gazetteer/index.js';
import type { CommandIo } from './command.js';
import { UsageError } from './command.js';

/** The database used when neither `--db` nor `LITOPYS_DB` says otherwise. */
export const DEFAULT_DB = './litopys.db';

/** Whether a store URL names a server database rather than a file. */
export function isServerUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * The store URL a verb uses: `--db`, else `LITOPYS_DB`, else `./litopys.db`; a relative file path is resolved against
 * the command's working directory.
 *
 * @example dbUrl(undefined, { out, err, stdin, env: { LITOPYS_DB: 'x.db' }, cwd: '/w' }) → '/w/x.db'
 */
export function dbUrl(flag: string | undefined, io: CommandIo): string {
  const url = flag || io.env.LITOPYS_DB || DEFAULT_DB;
  if (isServerUrl(url) || /^(sqlite|file):/i.test(url) || isAbsolute(url) || url === ':memory:') return url;
  return resolve(io.cwd, url);
}

/**
 * For verbs that only read: fails with a clear message when the database file is missing, instead of creating an
 * empty one and reporting nothing found.
 */
export function requireExistingDb(url: string): void {
  if (isServerUrl(url) || /^(sqlite|file):/i.test(url) || url === ':memory:') return;
  if (!existsSync(url))
    throw new UsageError(`no database at ${url} (run 'litopys ingest … --db ${url}' first)`);
}

/**
 * The gazetteer of a verb that can work without one (`ingest`, `worker`, `serve`): a gazetteer the user named
 * (`--gazetteer` or `LITOPYS_GAZETTEER`) must open, else a usage error; without one named and none found, one stderr
 * line says what the verb does without it, and the result is null.
 *
 * @example optionalGazetteer(values.gazetteer, io, 'ingest', 'places stay unresolved')
 */
export function optionalGazetteer(
  path: string | undefined,
  io: CommandIo,
  verb: string,
  without: string,
): Gazetteer | null {
  try {
    return openGazetteer({ ...(path !== undefined && { path }), env: io.env });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (path !== undefined || io.env.LITOPYS_GAZETTEER) throw new UsageError(`--gazetteer: ${message}`);
    io.err.write(`litopys ${verb}: no gazetteer (${message}); ${without}\n`);
    return null;
  }
}

/** Parses `--format` of the reading verbs: one of `READER_FORMATS`, or a usage error listing them. */
export function readerFormat(value: string | undefined): ReaderFormat | undefined {
  if (value === undefined) return undefined;
  if (!(READER_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`--format must be one of ${READER_FORMATS.join(', ')}, not '${value}'`);
  }
  return value as ReaderFormat;
}

/** Parses a `--limit`-style option: a positive integer, or a usage error naming the option. */
export function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`--${name} must be a positive integer, not '${value}'`);
  return n;
}

/** Parses an ISO day option (`--since`, `--until`), or a usage error naming it. */
export function isoDay(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(`--${name} must be a date YYYY-MM-DD, not '${value}'`);
  }
  return value;
}

/** What a progress report shows. */
export interface ProgressCounts {
  readonly [label: string]: number;
}

/** Progress on stderr: a bar redrawn in place on a terminal, a plain line every `every` items otherwise. */
export interface Progress {
  update(done: number, counts: ProgressCounts): void;
  /** Clears the bar (on a terminal) so the summary starts on a clean line. */
  done(): void;
}

/**
 * A tiny progress reporter. `total` is unknown for streamed inputs, so the bar is a spinner-like count; the plain
 * form prints a line each `every` items so logs show the run is alive without flooding them.
 *
 * @example const p = createProgress(io.err, 'ingest'); p.update(500, { new: 480, duplicate: 20 }); p.done();
 */
export function createProgress(stream: NodeJS.WritableStream, label: string, every = 1000): Progress {
  const tty = (stream as { isTTY?: boolean }).isTTY === true;
  let last = 0;
  let lastDraw = 0;
  let drawn = false;
  const text = (done: number, counts: ProgressCounts): string =>
    `${label}: ${done} items${Object.entries(counts)
      .map(([k, v]) => `, ${v} ${k}`)
      .join('')}`;
  return {
    update(done, counts) {
      if (tty) {
        const now = Date.now();
        // Redraw at most ten times a second: the terminal, not the ingest, would become the bottleneck.
        if (now - lastDraw < 100) return;
        lastDraw = now;
        const width = 20;
        const pos = Math.floor(done / 50) % (width * 2);
        const head = pos < width ? pos : width * 2 - pos - 1;
        const bar = `${' '.repeat(head)}█${' '.repeat(width - head - 1)}`;
        stream.write(`\r\x1b[2K[${bar}] ${text(done, counts)}`);
        drawn = true;
      } else if (done - last >= every) {
        last = done - (done % every);
        stream.write(`${text(done, counts)}\n`);
      }
    },
    done() {
      if (tty && drawn) stream.write('\r\x1b[2K');
    },
  };
}
