/** Analyses -> stored articles, places, events and claims behind the Store port; SQLite or PostgreSQL. */
export * from './store.js';
export * from './open-store.js';
export * from './cursor.js';
export * from './event-feature.js';
export * from './near-duplicate.js';
export { openSqliteStore, SqliteStore } from './sqlite/index.js';
export type { BboxPlan, SqliteStoreOptions } from './sqlite/index.js';
