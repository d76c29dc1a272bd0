/** Store port -> PostgreSQL: migrations, tsvector full text, btree spatial filters, concurrency-safe idempotent writes. */
export { PostgresStore, openPostgresStore } from './postgres-store.js';
export type { PostgresStoreOptions } from './postgres-store.js';
export { MIGRATIONS, migrate } from './migrations.js';
export type { Migration } from './migrations.js';
