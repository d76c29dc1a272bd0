/** Resolved mentions (sentences, places, times, actors) -> ChronicleEvent[] coded in ACLED's taxonomy. */
export * from './code-events.js';
export * from './inputs.js';
export * from './rule.js';
export { RULES } from './rules/index.js';
export * from './export.js';
