import type { Store } from './store.js';
import { openSqliteStore } from './sqlite/index.js';

/** What `openStore` accepts besides the URL. */
export interface OpenStoreOptions {
  /** SQLite only: open an existing database read-only. */
  readonly readonly?: boolean;
  /** SQLite only: keep the stored Features in memory up to this many bytes (`SqliteStoreOptions.featureIndexBytes`). */
  readonly featureIndexBytes?: number;
}

/**
 * Opens the store a URL names: `postgres://…` or `postgresql://…` → PostgreSQL; `sqlite:PATH`, `sqlite://PATH`, a
 * `file:` URL or a plain path → SQLite (created and migrated when missing). Callers never learn which backend runs
 * except through `store.backend`.
 *
 * @example const store = await openStore(process.env.LITOPYS_DB ?? './litopys.db');
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (typeof url !== 'string' || url.trim() === '')
    throw new TypeError('url: expected a database path or URL');
  if (/^postgres(ql)?:\/\//i.test(url)) {
    // Loaded on demand so SQLite users never load the PostgreSQL client.
    let mod: { openPostgresStore(url: string): Promise<Store> };
    try {
      mod = await import('./postgres/index.js');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
        throw new Error(`${redact(url)}: PostgreSQL support is missing from this build (src/store/postgres)`);
      }
      throw err;
    }
    return mod.openPostgresStore(url);
  }
  return openSqliteStore(sqlitePath(url), {
    readonly: options.readonly,
    featureIndexBytes: options.featureIndexBytes,
  });
}

/** The file path a SQLite URL or plain path names. */
export function sqlitePath(url: string): string {
  if (/^file:/i.test(url)) return decodeURIComponent(new URL(url).pathname);
  const m = /^sqlite:(?:\/\/)?(.*)$/i.exec(url);
  return m ? m[1] : url;
}

// A connection URL may carry a password; error messages show only scheme, host and database.
function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'postgres://…';
  }
}
