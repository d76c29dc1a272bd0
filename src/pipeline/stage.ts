import type { Analysis, Clock, Gazetteer } from '../domain/index.js';

/** What every stage is handed: the ports, never another stage. */
export interface StageContext {
  readonly gazetteer: Gazetteer | null;
  readonly clock: Clock;
}

/** One step of the pipeline: an Analysis in, a new Analysis out. Never throws on bad data; adds issues instead. */
export interface Stage {
  readonly name: string;
  run(analysis: Analysis, context: StageContext): Analysis;
  /**
   * Work every process would otherwise do inside whichever article first needs it (a library compiling its patterns),
   * done when the pipeline is made instead, so no one article carries it. Idempotent.
   */
  readonly prepare?: () => void;
}
