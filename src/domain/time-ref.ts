import type { Span } from './span.js';

/** ACLED's time_precision: 1 the day, 2 a week or a few days, 3 a month or vaguer. */
export type TimePrecision = 1 | 2 | 3;

/**
 * A time mention resolved against the publication date. `date` is ACLED's event_date: the day, or the first day of
 * the range. Dates are ISO `YYYY-MM-DD`.
 *
 * @example "on Oct. 26" in an article of 2025-11-04 →
 *   { date: '2025-10-26', start: '2025-10-26', end: '2025-10-26', precision: 1,
 *     basis: { stated: ['month', 'day'], implied: ['year:publication'] } }
 */
export interface TimeRef {
  readonly span?: Span;
  readonly text?: string;
  readonly date: string;
  readonly start: string;
  readonly end: string;
  readonly precision: 1 | 2 | 3;
  readonly basis: { readonly stated: readonly string[]; readonly implied: readonly string[] };
  /** True when the text places it in the future of the publication date (forecasts, schedules). */
  readonly future?: boolean;
}
