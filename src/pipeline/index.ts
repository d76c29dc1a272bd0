/** Article -> Analysis: sentences, places, times, actors, events, claims, in the one order of STAGES. */
export * from './create-pipeline.js';
export * from './stage.js';
