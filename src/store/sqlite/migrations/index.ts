import init from './001-init.js';

/** One numbered schema step. Versions only grow; an applied migration is never edited, a new one is added. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Every migration in order. `openSqliteStore` applies those above the `schema_migrations` maximum, each in its own
 * transaction.
 *
 * @example MIGRATIONS.at(-1)?.version → 1
 */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'init', sql: init }];
