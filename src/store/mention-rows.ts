import type { ActorMention, Analysis, Span, TimeRef } from '../domain/index.js';

/** A time mention as both backends keep it: a TimeRef that has a span into the article text. */
export type SpannedTimeRef = TimeRef & { readonly span: Span };

/**
 * The time mentions of an analysis that point into the text (a time the pipeline implied from the publication date
 * has no span and nothing to highlight), in the analysis's order.
 *
 * @example timeMentions(analysis).map((t) => t.text) → ['Oct. 26', 'overnight']
 */
export function timeMentions(analysis: Analysis): SpannedTimeRef[] {
  return analysis.times.filter((t): t is SpannedTimeRef => t.span !== undefined);
}

/**
 * The columns of one time mention row, in the order of both backends' tables (`time_mentions`): the span, the text,
 * the resolved range (ACLED's date_start/date_end) and time_precision; `data` keeps the whole TimeRef so a read
 * deep-equals what was put.
 */
export function timeMentionColumns(t: SpannedTimeRef): {
  span_start: number;
  span_end: number;
  text: string | null;
  date_start: string;
  date_end: string;
  time_precision: number;
  data: string;
} {
  return {
    span_start: t.span.start,
    span_end: t.span.end,
    text: t.text ?? null,
    date_start: t.start,
    date_end: t.end,
    time_precision: t.precision,
    data: JSON.stringify(t),
  };
}

/**
 * The columns of one actor mention row (`actor_mentions`): the span, the text, our normalised name, the side and
 * ACLED's actor name; `data` keeps the whole ActorMention.
 */
export function actorMentionColumns(a: ActorMention): {
  span_start: number;
  span_end: number;
  text: string;
  name: string;
  side: string;
  acled_name: string;
  data: string;
} {
  return {
    span_start: a.span.start,
    span_end: a.span.end,
    text: a.text,
    name: a.name,
    side: a.side,
    acled_name: a.acledName,
    data: JSON.stringify(a),
  };
}
