import type { ActorMention } from './actor.js';
import type { Article } from './article.js';
import type { ChronicleEvent, Claim } from './event.js';
import type { Issue } from './issue.js';
import type { PlaceMention } from './place.js';
import type { Sentence } from './sentence.js';
import type { TimeRef } from './time-ref.js';

/**
 * What the pipeline knows about one article. Each stage returns a new Analysis with its own field filled; no stage
 * mutates another's output.
 */
export interface Analysis {
  readonly article: Article;
  readonly sentences: readonly Sentence[];
  readonly places: readonly PlaceMention[];
  readonly times: readonly TimeRef[];
  readonly actors: readonly ActorMention[];
  readonly events: readonly ChronicleEvent[];
  readonly claims: readonly Claim[];
  readonly issues: readonly Issue[];
  /** How the article as a whole came out: `partial` when some stage reported issues, `failed` when none produced. */
  readonly status: 'ok' | 'partial' | 'failed';
}

/** An empty analysis of an article, the pipeline's starting point. */
export function emptyAnalysis(article: Article): Analysis {
  return {
    article,
    sentences: [],
    places: [],
    times: [],
    actors: [],
    events: [],
    claims: [],
    issues: [],
    status: 'ok',
  };
}
