/** Articles -> pg-boss jobs -> workers that analyse and store them: distributed, at-least-once, idempotent ingest. */
export * from './article-queue.js';
export * from './worker.js';
