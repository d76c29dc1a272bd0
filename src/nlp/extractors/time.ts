import { createRequire } from 'node:module';
import type * as ChronoEn from 'chrono-node/en';
import type { Issue, Sentence, Span, TimeRef } from '../../domain/index.js';
import { issue } from '../../domain/index.js';
import { refineTimes } from '../refiners/time.js';
import { addDays, daysInMonth, isoDate, MONTH_NUMBER, MONTH_PATTERN } from './calendar.js';

// English only: chrono-node's main entry also builds its fifteen other locales at load (about 170 ms of start-up), and
// its `casual` is the English locale's. Required (its CommonJS build) because Vite, which runs the tests, does not
// resolve the package's locale subpaths.
const chrono = createRequire(import.meta.url)('chrono-node/en') as typeof ChronoEn;

/**
 * A time mention before the refiners have resolved it. `anchor` says what an unresolved mention hangs on ("the
 * previous day" on the last dated mention, "since the advance" on the event's date, "three months after" on the
 * event after it); refiners turn every candidate into a plain TimeRef.
 */
export interface TimeCandidate extends TimeRef {
  readonly span: Span;
  readonly text: string;
  /** Which extractor found it: patterns of ours win over chrono where they overlap. */
  readonly source: 'pattern' | 'chrono';
  readonly yearStated: boolean;
  readonly weekdayOnly: boolean;
  /** Index of the sentence it was found in. */
  readonly sentence: number;
  readonly anchor?:
    | { readonly kind: 'previous'; readonly days: number }
    | { readonly kind: 'since-event' }
    | { readonly kind: 'offset'; readonly days: number; readonly months: number };
  /** "since <date>": the range runs from the date to publication. */
  readonly since?: boolean;
}

/** What every time extractor is handed. */
export interface TimeContext {
  /** Publication day `YYYY-MM-DD`: the reference for every relative or year-less mention. */
  readonly published: string;
  readonly sentence: Sentence;
}

/** A pattern extractor: a regular expression and what one match means (null when it means nothing). */
export interface TimeExtractor {
  readonly name: string;
  readonly pattern: RegExp;
  extract(match: RegExpExecArray, context: TimeContext): TimeCandidate | null;
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  several: 3,
  few: 3,
  'a few': 3,
};

function candidate(
  context: TimeContext,
  at: number,
  text: string,
  fields: Omit<TimeCandidate, 'span' | 'text' | 'source' | 'sentence' | 'weekdayOnly' | 'yearStated'> &
    Partial<Pick<TimeCandidate, 'weekdayOnly' | 'yearStated'>>,
): TimeCandidate {
  const start = context.sentence.span.start + at;
  return {
    yearStated: false,
    weekdayOnly: false,
    ...fields,
    span: { start, end: start + text.length },
    text,
    source: 'pattern',
    sentence: context.sentence.index,
  };
}

/** The most recent year in which `month` (1–12, from `day`) does not start after publication. */
function yearNotAfter(published: string, month: number, day = 1): number {
  const y = Number(published.slice(0, 4));
  return isoDate(y, month, day) <= published ? y : y - 1;
}

// "early/mid/late August", "the end of August", "mid-August 2024": ranges of about ten days (ACLED precision 2).
const partOfMonth: TimeExtractor = {
  name: 'part-of-month',
  pattern: new RegExp(
    `\\b(early|mid|late|the (?:beginning|start|middle|end) of)[- ](?:in )?(${MONTH_PATTERN})(?:,? (\\d{4}))?\\b`,
    'gi',
  ),
  extract(m, context) {
    const month = MONTH_NUMBER[m[2].replace('.', '').toLowerCase()];
    if (!month) return null;
    const part = m[1].toLowerCase();
    const first = part === 'early' || part.includes('beginning') || part.includes('start') ? 1 : 0;
    const mid = part === 'mid' || part.includes('middle');
    const year = m[3] ? Number(m[3]) : yearNotAfter(context.published, month, first ? 1 : mid ? 11 : 21);
    const last = daysInMonth(year, month);
    const [a, b] = first ? [1, 10] : mid ? [11, 20] : [21, last];
    const start = isoDate(year, month, a);
    return candidate(context, m.index, m[0], {
      date: start,
      start,
      end: isoDate(year, month, b),
      precision: 2,
      yearStated: Boolean(m[3]),
      basis: {
        stated: ['month', 'part-of-month', ...(m[3] ? ['year'] : [])],
        implied: m[3] ? [] : ['year:publication'],
      },
    });
  },
};

// "the night of Oct. 30", "the morning of Feb. 3": chrono reads them as today; they belong to the stated day.
const nightOf: TimeExtractor = {
  name: 'night-of',
  pattern: /\b(?:on |during |overnight on |in )?(?:the )?(night|morning|afternoon|evening) of (?:the )?/gi,
  extract(m, context) {
    const rest = context.sentence.text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const inner = parseChrono(rest, context.published)[0];
    if (!inner || inner.index > 0 || !inner.start.isCertain('day')) return null;
    const c = fromChrono(inner, { ...context }, 0);
    if (!c) return null;
    const text = context.sentence.text.slice(
      m.index,
      m.index + m[0].length + inner.index + inner.text.length,
    );
    const night = m[1]?.toLowerCase() === 'night';
    return candidate(context, m.index, text, {
      date: c.start,
      start: c.start,
      // A night runs into the next day; a morning, afternoon or evening stays within its own.
      end: night ? addDays(c.start, 1) : c.start,
      precision: 1,
      yearStated: c.yearStated,
      basis: { stated: [...c.basis.stated, night ? 'night' : 'part-of-day'], implied: c.basis.implied },
    });
  },
};

// "overnight", "last night", "over the past 24 hours" (a daily summary's window): the night or day before
// publication, unless the sentence dates it (a refiner drops it then).
const overnight: TimeExtractor = {
  name: 'overnight',
  pattern: /\b(?:overnight|last night|during the night|(?:over|in|during) the (?:past|last) 24 hours)\b/gi,
  extract(m, context) {
    const start = addDays(context.published, -1);
    // A night is one night (ACLED dates it to the day it began); a 24-hour window may fall on either of two days.
    const window = m[0].endsWith('hours');
    return candidate(context, m.index, m[0], {
      date: start,
      start,
      end: context.published,
      precision: window ? 2 : 1,
      basis: { stated: [window ? 'period' : 'night'], implied: ['day:publication-eve'] },
    });
  },
};

// "this morning", "this evening": the day of publication itself.
const thisPartOfDay: TimeExtractor = {
  name: 'this-part-of-day',
  pattern: /\bthis (?:morning|afternoon|evening)\b/gi,
  extract(m, context) {
    return candidate(context, m.index, m[0], {
      date: context.published,
      start: context.published,
      end: context.published,
      precision: 1,
      basis: { stated: ['part-of-day'], implied: ['day:publication'] },
    });
  },
};

// "the previous day", "the same day", "the next day": relative to the last dated mention before it.
const relativeDay: TimeExtractor = {
  name: 'relative-day',
  pattern:
    /\b(?:the (previous|preceding|same|next|following) day|(?:a|one) day (earlier|before|later)|the day (before|after))\b/gi,
  extract(m, context) {
    const word = (m[1] ?? m[2] ?? m[3]).toLowerCase();
    const days = word === 'same' ? 0 : ['previous', 'preceding', 'earlier', 'before'].includes(word) ? -1 : 1;
    return candidate(context, m.index, m[0], {
      date: context.published,
      start: context.published,
      end: context.published,
      precision: 1,
      anchor: { kind: 'previous', days },
      basis: { stated: ['relative-day'], implied: ['anchor:previous-date'] },
    });
  },
};

// "Since the rapid Russian advance, …": no date of its own; it runs from the event dated before it to publication.
const sinceEvent: TimeExtractor = {
  name: 'since-event',
  pattern: /\b[Ss]ince (?:the|that|this|its|their|then)\b/g,
  extract(m, context) {
    return candidate(context, m.index, m[0], {
      date: context.published,
      start: context.published,
      end: context.published,
      precision: 3,
      anchor: { kind: 'since-event' },
      basis: { stated: ['since'], implied: ['anchor:previous-event'] },
    });
  },
};

// "nearly three months after <event>", "two days later": an offset from a dated event, never from publication.
const offset: TimeExtractor = {
  name: 'offset',
  pattern:
    /\b(a few|\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few) (day|week|month|year)s? (after|later|before|earlier)\b/gi,
  extract(m, context) {
    const n = /^\d+$/.test(m[1]) ? Number(m[1]) : (NUMBER_WORDS[m[1].toLowerCase()] ?? 1);
    const unit = m[2].toLowerCase();
    const sign = ['before', 'earlier'].includes(m[3].toLowerCase()) ? -1 : 1;
    const days = unit === 'day' ? n * sign : unit === 'week' ? 7 * n * sign : 0;
    const months = unit === 'month' ? n * sign : unit === 'year' ? 12 * n * sign : 0;
    // the qualifier ("nearly", "about") is read backwards, so the pattern needs no optional prefix at every word
    const q = /(?:nearly|almost|about|around|some|roughly|more than|less than|over|just) $/i.exec(
      context.sentence.text.slice(Math.max(0, m.index - 12), m.index),
    );
    const at = q ? m.index - q[0].length : m.index;
    return candidate(context, at, context.sentence.text.slice(at, m.index + m[0].length), {
      date: context.published,
      start: context.published,
      end: context.published,
      precision: unit === 'day' ? 1 : unit === 'week' ? 2 : 3,
      anchor: { kind: 'offset', days, months },
      basis: { stated: ['offset'], implied: ['anchor:event'] },
    });
  },
};

// "in 2014", "during 2022": a bare year (chrono reads none) is the whole year at precision 3.
const bareYear: TimeExtractor = {
  name: 'year',
  pattern: /\b(?:in|during|throughout|since|by|of) ((?:19|20)\d\d)\b(?![-–/]\d)/gi,
  extract(m, context) {
    const year = Number(m[1]);
    const text = m[0].slice(m[0].indexOf(m[1]));
    return candidate(context, m.index + m[0].indexOf(m[1]), text, {
      date: isoDate(year, 1, 1),
      start: isoDate(year, 1, 1),
      end: isoDate(year, 12, 31),
      precision: 3,
      yearStated: true,
      basis: { stated: ['year'], implied: [] },
    });
  },
};

/** Our pattern extractors, in the order they run; chrono runs after them and loses where they overlap. */
export const TIME_EXTRACTORS: readonly TimeExtractor[] = [
  partOfMonth,
  nightOf,
  overnight,
  thisPartOfDay,
  relativeDay,
  sinceEvent,
  offset,
  bareYear,
];

let warmed = false;

/**
 * Has chrono-node parse a short phrase twice, once per process. V8 runs a regex's first executions in its bytecode
 * interpreter and compiles it to machine code on a later one: for chrono's parsers that compilation takes ~85 ms on
 * a 2-core EPYC and falls on its second call, in whichever article that is (20 ms more on its first). Done when a
 * pipeline is made, the cost moves to start-up, where every run with dates in it paid it anyway.
 */
export function warmTimeParser(): void {
  if (warmed) return;
  warmed = true;
  for (let i = 0; i < 2; i++) parseChrono('Troops left on 14 March, two days ago.', '2025-03-20');
}

function parseChrono(text: string, published: string): ChronoEn.ParsedResult[] {
  const instant = new Date(`${published}T12:00:00Z`);
  return chrono.casual.parse(text, { instant, timezone: 0 }, { forwardDate: false });
}

/**
 * The publication day as the extractors need it, `YYYY-MM-DD` of a real calendar day (a time of day after it is
 * dropped), else null: every relative mention is read against it, and chrono throws on an invalid reference.
 *
 * @example referenceDay('2025-11-04T10:00:00Z') → '2025-11-04'; referenceDay('2025-02-30') → null
 */
export function referenceDay(published: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(published);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return published.slice(0, 10);
}

// chrono matches that are not dates in war reporting ("now", bare clock times, "at 5" before a noun).
const CHRONO_IGNORE = /^(?:now|right now|at \d+|\d+)$/i;

/**
 * One chrono result as a candidate: the day when chrono is certain of it, the week for "last week", the month range
 * when only the month is known. Null for results that name no day, week or month.
 */
function fromChrono(
  r: ChronoEn.ParsedResult,
  context: TimeContext,
  offsetInSentence: number,
): TimeCandidate | null {
  if (CHRONO_IGNORE.test(r.text.trim())) return null;
  const s = r.start;
  const y = s.get('year') ?? Number(context.published.slice(0, 4));
  const mo = s.get('month') ?? 1;
  const d = s.get('day') ?? 1;
  const dayKnown = s.isCertain('day');
  const monthKnown = s.isCertain('month');
  const weekdayOnly = s.isCertain('weekday') && !dayKnown;
  const yearStated = s.isCertain('year');
  const lower = r.text.toLowerCase();
  const stated: string[] = [];
  const implied: string[] = [];
  let start: string;
  let end: string;
  let precision: 1 | 2 | 3;
  if (/\bweek\b/.test(lower)) {
    start = isoDate(y, mo, d);
    end = addDays(start, 6);
    precision = 2;
    stated.push('week');
  } else if (/\b(?:month|year)\b/.test(lower) && !dayKnown) {
    start = isoDate(y, mo, 1);
    end = isoDate(y, mo, daysInMonth(y, mo));
    precision = 3;
    stated.push('month');
  } else if (dayKnown || weekdayOnly) {
    start = isoDate(y, mo, d);
    end = start;
    precision = 1;
    stated.push(...(weekdayOnly ? ['weekday'] : ['month', 'day']));
    if (r.end?.isCertain('day')) {
      const e = r.end;
      end = isoDate(e.get('year') ?? y, e.get('month') ?? mo, e.get('day') ?? d);
      precision = end === start ? 1 : 2;
    }
  } else if (monthKnown) {
    start = isoDate(y, mo, 1);
    end = isoDate(y, mo, daysInMonth(y, mo));
    precision = 3;
    stated.push('month');
  } else {
    return null;
  }
  if (yearStated) stated.push('year');
  else implied.push('year:publication');
  const at = offsetInSentence + r.index;
  const startOffset = context.sentence.span.start + at;
  return {
    date: start,
    start,
    end,
    precision,
    basis: { stated, implied },
    span: { start: startOffset, end: startOffset + r.text.length },
    text: r.text,
    source: 'chrono',
    yearStated,
    weekdayOnly,
    sentence: context.sentence.index,
  };
}

// chrono slows sharply on long inputs; a sentence longer than this is cut into windows (dates never span them).
const CHRONO_WINDOW = 400;
// chrono is the slow part: it runs only on windows that could hold a date (a month, a weekday, a relative day or
// period, a numeric date), not on every number ("10 kilometers", "155 mm")
const DIGIT_OR_MONTH = new RegExp(
  `\\b(?:${MONTH_PATTERN}|yesterday|today|tonight|tomorrow|ago|weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:last|next|this|past|previous|coming|same) (?:week|month|year|day|night))\\b|\\b\\d{1,4}[/.-]\\d{1,2}(?:[/.-]\\d{2,4})?\\b`,
  'i',
);

/**
 * Finds every time mention in one sentence, unresolved: our patterns first, then chrono (en casual, never en-GB)
 * with the publication day as reference.
 *
 * @example extractSentenceTimes(sentence('…said on Oct. 26.'), '2025-11-04') → [{ text: 'Oct. 26', date: '2025-10-26', … }]
 */
export function extractSentenceTimes(sentence: Sentence, published: string): TimeCandidate[] {
  // War reporting repeats itself (datelines, boilerplate, syndicated copies): a sentence seen before on the same
  // publication day has the same mentions, moved to where the sentence now stands.
  const key = `${published}\n${sentence.text}`;
  const seen = SENTENCE_CACHE.get(key);
  if (seen) return seen.map((c) => moved(c, sentence.span.start, sentence.index));
  const found = sentenceTimes(sentence, published);
  const base = sentence.span.start;
  if (SENTENCE_CACHE.size >= SENTENCE_CACHE_MAX) SENTENCE_CACHE.clear();
  SENTENCE_CACHE.set(
    key,
    found.map((c) => moved(c, -base, 0)),
  );
  return found;
}

// Mentions of recently seen sentences, relative to a sentence at offset 0; cleared whole when full (a bound, not an
// LRU: the hit rate on news hardly depends on the policy).
const SENTENCE_CACHE = new Map<string, readonly TimeCandidate[]>();
const SENTENCE_CACHE_MAX = 20_000;

function moved(c: TimeCandidate, by: number, sentence: number): TimeCandidate {
  return { ...c, span: { start: c.span.start + by, end: c.span.end + by }, sentence };
}

function sentenceTimes(sentence: Sentence, published: string): TimeCandidate[] {
  const context: TimeContext = { published, sentence };
  const out: TimeCandidate[] = [];
  for (const ex of TIME_EXTRACTORS) {
    ex.pattern.lastIndex = 0;
    for (const m of sentence.text.matchAll(ex.pattern)) {
      const c = ex.extract(m, context);
      if (c) out.push(c);
    }
  }
  for (let from = 0; from < sentence.text.length; from += CHRONO_WINDOW) {
    let to = Math.min(sentence.text.length, from + CHRONO_WINDOW);
    // cut at a space so a window never ends inside a date
    if (to < sentence.text.length) {
      const sp = sentence.text.lastIndexOf(' ', to);
      if (sp > from) to = sp;
    }
    const piece = sentence.text.slice(from, to);
    if (DIGIT_OR_MONTH.test(piece)) {
      for (const r of parseChrono(piece, published)) {
        const c = fromChrono(r, context, from);
        if (c) out.push(c);
      }
    }
    if (to !== from + CHRONO_WINDOW) from = to - CHRONO_WINDOW;
  }
  return out;
}

/**
 * Every time mention of an article, resolved against the publication day and sorted by span. Never a day after
 * publication unless the sentence speaks of the future (then `future: true`).
 *
 * @example extractTimes(text, sentences, '2025-11-04') → TimeRefs for "Oct. 26" (2025-10-26) and "early August"
 *   (2025-08-01…2025-08-10, precision 2).
 */
export function extractTimes(sentences: readonly Sentence[], published: string): TimeRef[] {
  return extractTimeMentions(sentences, published).times;
}

/**
 * `extractTimes` with what went wrong: a publication day that is not a calendar day (empty, "2025-13-45") gives no
 * times and a `time-reference-invalid` issue rather than a throw, since no relative mention can be read without it.
 *
 * @example extractTimeMentions(sentences, '') → { times: [], issues: [{ code: 'time-reference-invalid', … }] }
 */
export function extractTimeMentions(
  sentences: readonly Sentence[],
  published: string,
): { times: TimeRef[]; issues: Issue[] } {
  const day = referenceDay(published);
  if (day === null) {
    const message = `publication day ${JSON.stringify(published)} is not a YYYY-MM-DD calendar day: times were not read`;
    return { times: [], issues: [issue('time-reference-invalid', message)] };
  }
  const all: TimeCandidate[] = [];
  for (const s of sentences) all.push(...extractSentenceTimes(s, day));
  return { times: refineTimes(all, sentences, day).map(toTimeRef), issues: [] };
}

function toTimeRef(c: TimeCandidate): TimeRef {
  const ref: TimeRef = {
    span: c.span,
    text: c.text,
    date: c.date,
    start: c.start,
    end: c.end,
    precision: c.precision,
    basis: c.basis,
  };
  return c.future ? { ...ref, future: true } : ref;
}

/**
 * The time an event takes when the text gives none: the publication day, precision 2, marked implied.
 *
 * @example publicationTime('2025-11-04') → { date: '2025-11-04', start: '2025-11-04', end: '2025-11-04', precision: 2, … }
 */
export function publicationTime(published: string): TimeRef {
  return {
    date: published,
    start: published,
    end: published,
    precision: 2,
    basis: { stated: [], implied: ['date:publication'] },
  };
}
