import type { Analysis, Article, Clock, Gazetteer } from '../domain/index.js';
import { emptyAnalysis, issue, systemClock } from '../domain/index.js';
import { splitSentences } from '../nlp/sentences.js';
import { actorsStage, eventsStage, timesStage } from './event-stages.js';
import { claimsStage, placesStage } from './place-stages.js';
import type { Stage, StageContext } from './stage.js';

/**
 * THE ordered list of stages (STYLE.md: our order lives in one literal array). Each stage fills its own field of the
 * Analysis; later stages read earlier fields.
 */
export const STAGES: readonly Stage[] = [
  { name: 'sentences', run: (a) => ({ ...a, sentences: splitSentences(a.article.text) }) },
  placesStage,
  claimsStage,
  timesStage,
  actorsStage,
  eventsStage,
];

export interface PipelineOptions {
  /** Needed by the place stages; without it places stay unresolved (with issues). */
  readonly gazetteer?: Gazetteer | null;
  readonly clock?: Clock;
  /** Replace the stage list (tests of a single stage); defaults to STAGES. */
  readonly stages?: readonly Stage[];
}

export interface Pipeline {
  /** Runs every stage over one article. A stage that throws is a bug: it is caught and reported as an issue. */
  analyse(article: Article): Analysis;
}

/**
 * Creates the pipeline.
 *
 * @example const p = createPipeline({ gazetteer }); const { events } = p.analyse(article);
 */
export function createPipeline(options: PipelineOptions = {}): Pipeline {
  const context: StageContext = { gazetteer: options.gazetteer ?? null, clock: options.clock ?? systemClock };
  const stages = options.stages ?? STAGES;
  for (const stage of stages) stage.prepare?.();
  return {
    analyse(article) {
      let a = emptyAnalysis(article);
      for (const stage of stages) {
        try {
          a = stage.run(a, context);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          a = {
            ...a,
            issues: [...a.issues, issue('stage-crashed', `stage ${stage.name} failed: ${message}`)],
          };
        }
      }
      const failed = a.issues.some((i) => i.code === 'stage-crashed');
      return {
        ...a,
        status: failed ? 'partial' : a.issues.length > 0 && a.events.length === 0 ? 'partial' : 'ok',
      };
    },
  };
}
