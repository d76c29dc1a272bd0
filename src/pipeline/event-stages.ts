import type { Analysis, Article, Issue } from '../domain/index.js';
import { issue } from '../domain/index.js';
import { codeEvents } from '../code/index.js';
import type { CodingInputs } from '../code/index.js';
import { extractActors } from '../nlp/extractors/actor.js';
import { extractAttribution } from '../nlp/extractors/attribution.js';
import { extractCasualties, extractCounts } from '../nlp/extractors/quantity.js';
import {
  extractTimeMentions,
  publicationTime,
  referenceDay,
  warmTimeParser,
} from '../nlp/extractors/time.js';
import { wordFlags } from '../nlp/words.js';
import type { Stage, StageContext } from './stage.js';

/** The NLP readers handed to the coder (code/ imports only domain/). */
const CODING_INPUTS: CodingInputs = {
  extractCasualties,
  extractCounts,
  extractAttribution,
  publicationTime,
  wordFlags,
};

/**
 * The article's publication day, else the clock's day (every relative date needs a reference), with an issue saying
 * so when the article has no date or one that is not a calendar day ("2025-02-30").
 */
function publishedDay(article: Article, ctx: StageContext): { day: string; issues: Issue[] } {
  const p = article.published;
  const valid = p ? referenceDay(p) : null;
  if (valid) return { day: valid, issues: [] };
  const day = ctx.clock.now().toISOString().slice(0, 10);
  const message = p
    ? `publication date ${JSON.stringify(p)} is not a calendar day: times are relative to ${day}`
    : `no publication date: times are relative to ${day}`;
  return { day, issues: [issue(p ? 'date-invalid' : 'date-missing', message)] };
}

/**
 * Stage 'times': every time mention resolved against the publication day (chrono per sentence plus our refiners).
 *
 * @example "…said on Oct. 26." published 2025-11-04 → times: [{ date: '2025-10-26', precision: 1, … }]
 */
export const timesStage: Stage = {
  name: 'times',
  run(a, ctx): Analysis {
    const published = publishedDay(a.article, ctx);
    const { times, issues } = extractTimeMentions(a.sentences, published.day);
    return { ...a, times, issues: [...a.issues, ...published.issues, ...issues] };
  },
  prepare: warmTimeParser,
};

/**
 * Stage 'actors': sides, forces, named units, officials, bodies, civilians, with their ACLED names.
 *
 * @example "Russian troops entered the city." → actors: [{ text: 'Russian troops', side: 'russia', … }]
 */
export const actorsStage: Stage = {
  name: 'actors',
  run: (a): Analysis => ({ ...a, actors: extractActors(a.sentences, a.article.text) }),
};

/**
 * Stage 'events': sentences, places, times and actors coded into ACLED events, in text order.
 *
 * @example "Russian forces shelled Kherson, injuring 3 civilians." → events: [{ subEventType: 'Shelling/artillery/missile attack', injured: 3, … }]
 */
export const eventsStage: Stage = {
  name: 'events',
  run(a, ctx): Analysis {
    const { events, issues } = codeEvents(a, {
      ...CODING_INPUTS,
      published: publishedDay(a.article, ctx).day,
    });
    return { ...a, events, issues: [...a.issues, ...issues] };
  },
};
