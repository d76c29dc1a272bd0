/** Feeds -> new items -> queue (PostgreSQL) or store (SQLite): conditional GET, per-host politeness, backoff. */
export * from './feed-watcher.js';
