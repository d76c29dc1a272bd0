/** The SQLite backend of the Store port: one file, WAL, migrations, FTS5, R*Tree. */
export * from './sqlite-store.js';
export { MIGRATIONS } from './migrations/index.js';
export type { Migration } from './migrations/index.js';
