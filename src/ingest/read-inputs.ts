import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Article, Clock, Issue } from '../domain/index.js';
import { issue } from '../domain/index.js';
import type { FetchOptions } from './fetch-url.js';
import { FetchError, fetchUrl } from './fetch-url.js';
import type { ReaderFormat, ReadEntry } from './read-bytes.js';
import { MAX_INPUT_BYTES, readEntries } from './read-bytes.js';

/**
 * One article (or one failure) from `readInputs`. `origin` is the path, `path:line` for a JSONL line, the URL, or
 * `url#item` / `path#item` for a feed item. `error` is set exactly when `article` is null.
 */
export interface IngestItem {
  origin: string;
  article: Article | null;
  issues: Issue[];
  error: string | null;
}

/** Options for `readInputs`. */
export interface ReadInputsOptions {
  format?: ReaderFormat;
  clock?: Clock;
  /** Where `-` reads from; default process.stdin. */
  stdin?: NodeJS.ReadableStream;
  /** For http(s) inputs; `allowPrivate` defaults to true here, since the user named the URL themselves. */
  fetch?: FetchOptions;
}

function toItems(origin: string, entries: readonly ReadEntry[]): IngestItem[] {
  return entries.map((e) => ({
    origin: `${origin}${e.at}`,
    article: e.article,
    issues: [...e.issues],
    error: e.article ? null : e.issues.map((i) => i.message).join('; ') || `${origin}: nothing read`,
  }));
}

function failed(origin: string, code: string, message: string): IngestItem {
  return { origin, article: null, issues: [issue(code, message)], error: message };
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Uint8Array | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    total += b.length;
    if (total > MAX_INPUT_BYTES) return null;
    chunks.push(b);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

// Links to files are followed; links to folders are not, so a link cycle cannot loop the walk.
function isFileLink(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Every non-hidden file under a folder, depth first, names sorted so runs are reproducible; a folder that cannot
 * be listed yields one failed item instead of ending the walk.
 */
function* walk(dir: string): Generator<string | IngestItem> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    yield failed(dir, 'read-failed', `${dir}: cannot list folder: ${e.code ?? 'error'} ${e.message}`);
    return;
  }
  const names = entries
    .filter((d) => !d.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const d of names) {
    const p = join(dir, d.name);
    if (d.isDirectory()) yield* walk(p);
    else if (d.isFile() || (d.isSymbolicLink() && isFileLink(p))) yield p;
  }
}

// Synchronous file reads on purpose: the CLI reads one file after another, and the promise API's several
// event-loop hops per file made small-file ingest five times slower on a loaded machine.
function readPath(path: string, options: ReadInputsOptions): IngestItem[] {
  try {
    const st = statSync(path);
    if (st.size > MAX_INPUT_BYTES) {
      return [
        failed(
          path,
          'too-large',
          `${path}: ${st.size} bytes is over the ${MAX_INPUT_BYTES}-byte limit (MAX_INPUT_BYTES)`,
        ),
      ];
    }
    const bytes = readFileSync(path);
    return toItems(path, readEntries(bytes, { name: path, format: options.format, clock: options.clock }));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return [failed(path, 'read-failed', `${path}: ${e.code ?? 'error'} ${e.message}`)];
  }
}

/**
 * Reads inputs one after another and yields one item per article or failure, never throwing on bad data: files,
 * folders (recursively, sorted, dotfiles skipped), `-` for stdin, and http(s) URLs (via `fetchUrl`). A failed
 * input gives one item with `article: null` and an `error` naming the input and the reason; the rest go on.
 *
 * @example
 * for await (const item of readInputs(['../shared/seeds', 'dump.jsonl'])) {
 *   if (item.error) console.error(item.error); else store.put(item.article);
 * }
 */
export async function* readInputs(
  inputs: readonly string[],
  options: ReadInputsOptions = {},
): AsyncGenerator<IngestItem> {
  for (const input of inputs) {
    if (input === '-') {
      const bytes = await readStream(options.stdin ?? process.stdin);
      if (!bytes)
        yield failed('-', 'too-large', `stdin: over the ${MAX_INPUT_BYTES}-byte limit (MAX_INPUT_BYTES)`);
      else
        yield* toItems(
          '-',
          readEntries(bytes, { name: 'stdin', format: options.format, clock: options.clock }),
        );
    } else if (/^https?:\/\//i.test(input)) {
      try {
        const r = await fetchUrl(input, { allowPrivate: true, ...options.fetch });
        const entries = readEntries(r.body, {
          name: input,
          format: options.format,
          clock: options.clock,
          url: r.url,
          ...(r.contentType ? { contentType: r.contentType } : {}),
        });
        yield* toItems(input, entries);
      } catch (err) {
        const code = err instanceof FetchError ? err.code : 'network';
        yield failed(input, code, err instanceof Error ? err.message : String(err));
      }
    } else {
      let isDir = false;
      try {
        isDir = statSync(input).isDirectory();
      } catch {
        // readPath reports the missing path.
      }
      if (isDir) {
        for (const file of walk(input)) {
          if (typeof file === 'string') yield* readPath(file, options);
          else yield file;
        }
      } else {
        yield* readPath(input, options);
      }
    }
  }
}
