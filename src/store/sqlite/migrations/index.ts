import init from './001-init.js';
import dateIndexCoversCoordinates from './002-date-index-covers-coordinates.js';
import rtreeWithDays from './003-rtree-with-days.js';
import rtreeDaysScaled from './004-rtree-days-scaled.js';
import eventFeatures from './005-event-features.js';
import eventDaysByType from './006-event-days-by-type.js';
import timeActorMentions from './007-time-actor-mentions.js';
import featureLog from './008-feature-log.js';
import featurePieces from './009-feature-pieces.js';
import type Database from 'better-sqlite3';
import { fillEventFeatures, fillFeaturePieces } from '../event-features.js';

/** One numbered schema step. Versions only grow; an applied migration is never edited, a new one is added. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** Work SQL cannot do (e.g. serialising in TypeScript), run after `sql` in the same transaction. */
  readonly fill?: (db: Database.Database) => void;
}

/**
 * Every migration in order. `openSqliteStore` applies those above the `schema_migrations` maximum, each in its own
 * transaction.
 *
 * @example MIGRATIONS.at(-1)?.version → 9
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'date-index-covers-coordinates', sql: dateIndexCoversCoordinates },
  { version: 3, name: 'rtree-with-days', sql: rtreeWithDays },
  { version: 4, name: 'rtree-days-scaled', sql: rtreeDaysScaled },
  {
    version: 5,
    name: 'event-features',
    sql: eventFeatures,
    fill: (db) => {
      fillEventFeatures(db, { pieces: false });
    },
  },
  { version: 6, name: 'event-days-by-type', sql: eventDaysByType },
  { version: 7, name: 'time-actor-mentions', sql: timeActorMentions },
  { version: 8, name: 'feature-log', sql: featureLog },
  {
    version: 9,
    name: 'feature-pieces',
    sql: featurePieces,
    fill: (db) => {
      fillFeaturePieces(db);
    },
  },
];
