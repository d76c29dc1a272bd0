import init from './001-init.js';
import dateIndexCoversCoordinates from './002-date-index-covers-coordinates.js';
import rtreeWithDays from './003-rtree-with-days.js';
import rtreeDaysScaled from './004-rtree-days-scaled.js';

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
 * @example MIGRATIONS.at(-1)?.version → 4
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'date-index-covers-coordinates', sql: dateIndexCoversCoordinates },
  { version: 3, name: 'rtree-with-days', sql: rtreeWithDays },
  { version: 4, name: 'rtree-days-scaled', sql: rtreeDaysScaled },
];
