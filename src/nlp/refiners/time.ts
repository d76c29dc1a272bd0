import type { Sentence } from '../../domain/index.js';
import { addDays, addMonths } from '../extractors/calendar.js';
import type { TimeCandidate } from '../extractors/time.js';

/** What a time refiner sees besides the list: the sentences (for the words around a mention) and the publication day. */
export interface TimeRefinerContext {
  readonly sentences: readonly Sentence[];
  readonly published: string;
}

/** A refiner takes the whole sorted list and returns a new one (chrono's split; never mutating its input). */
export type TimeRefiner = (list: readonly TimeCandidate[], context: TimeRefinerContext) => TimeCandidate[];

const bySpan = (a: TimeCandidate, b: TimeCandidate): number =>
  a.span.start - b.span.start || b.span.end - a.span.end;

/** Where two mentions overlap, our patterns beat chrono, and then the longer mention wins. */
export const dropOverlaps: TimeRefiner = (list) => {
  const sorted = [...list].sort(bySpan);
  const kept: TimeCandidate[] = [];
  for (const c of sorted) {
    // kept spans are disjoint and sorted, so only the last one can overlap the next (linear on long texts)
    const clash = kept.length - 1;
    const last = kept[clash];
    if (!last || !(last.span.start < c.span.end && c.span.start < last.span.end)) {
      kept.push(c);
      continue;
    }
    const k = kept[clash];
    const better =
      c.source !== k.source ? c.source === 'pattern' : c.span.end - c.span.start > k.span.end - k.span.start;
    if (better) kept[clash] = c;
  }
  return kept.sort(bySpan);
};

function textBefore(c: TimeCandidate, context: TimeRefinerContext, chars: number): string {
  const s = context.sentences[c.sentence];
  if (!s) return '';
  const at = c.span.start - s.span.start;
  return s.text.slice(Math.max(0, at - chars), at);
}

/** "since early August", "since Oct. 1": the range runs from that day to publication (precision 3). */
export const sinceDate: TimeRefiner = (list, context) =>
  list.map((c) => {
    if (c.anchor || !/\bsince\s+$/i.test(textBefore(c, context, 8))) return c;
    return {
      ...c,
      date: c.start,
      end: context.published,
      precision: 3,
      since: true,
      basis: { stated: [...c.basis.stated, 'since'], implied: [...c.basis.implied, 'end:publication'] },
    };
  });

function textAfter(c: TimeCandidate, context: TimeRefinerContext, chars: number): string {
  const s = context.sentences[c.sentence];
  if (!s) return '';
  const at = c.span.end - s.span.start;
  return s.text.slice(at, at + chars);
}

/**
 * "between 1 and 3 March", "from 1 to 3 March": the range runs from the first day (the event's date, ACLED's
 * convention) to the last; a few days are precision 2, more precision 3.
 */
export const betweenDays: TimeRefiner = (list, context) =>
  list.map((c) => {
    if (c.anchor || c.precision !== 1) return c;
    const m = /\b(?:between|from)\s+(\d{1,2})(?:st|nd|rd|th)?\s+(?:and|to|until|till|-|–)\s+$/i.exec(
      textBefore(c, context, 24),
    );
    if (!m) return c;
    const first = Number(m[1]);
    if (first < 1 || first >= Number(c.start.slice(8, 10))) return c;
    const start = `${c.start.slice(0, 8)}${String(first).padStart(2, '0')}`;
    const days = Math.round((Date.parse(c.end) - Date.parse(start)) / 86_400_000);
    return {
      ...c,
      date: start,
      start,
      precision: days <= 7 ? 2 : 3,
      basis: { ...c.basis, stated: [...c.basis.stated, 'range'] },
    };
  });

/** "Around 1 November (week of)", "about Oct. 3": an approximate day is ACLED precision 2 (a week or a few days). */
export const approximateDay: TimeRefiner = (list, context) =>
  list.map((c) =>
    c.precision === 1 &&
    !c.anchor &&
    (/\b(?:around|about|approximately|circa|roughly)\s+(?:on\s+)?$/i.test(textBefore(c, context, 20)) ||
      /^\s*\(week of\)/i.test(textAfter(c, context, 12)))
      ? { ...c, precision: 2, basis: { ...c.basis, stated: [...c.basis.stated, 'approximate'] } }
      : c,
  );

const isPublicationEve = (c: TimeCandidate): boolean => c.basis.implied.includes('day:publication-eve');
/** Whether a mention dates a report ("the Air Force said on June 11") rather than what the report tells. */
export const isReportTime = (c: { readonly basis: { readonly stated: readonly string[] } }): boolean =>
  c.basis.stated.includes('report');

// "said on June 11", "reported on Thursday morning", "wrote on Telegram on Oct. 3", "told reporters on Monday"
const REPORTED_ON =
  /\b(?:said|says|reported|reports|announced|wrote|posted|stated|confirmed|claimed|added|told (?:[\w'’-]+\s+){1,3}?|(?:said|reported|wrote|posted) (?:on|in|via) (?:Telegram|Facebook|X|Twitter)(?: (?:channel|post))?)\s+(?:on\s+|late\s+|early\s+|in the \w+ of\s+)?$/i;

/**
 * "…, the Air Force reported on June 11": a day stated for the report, not for the event, is marked `report` (the
 * coder prefers any other mention of the sentence; an "overnight" beside it is the night before the report).
 */
export const reportDates: TimeRefiner = (list, context) =>
  list.map((c) =>
    !c.anchor && c.precision === 1 && REPORTED_ON.test(textBefore(c, context, 60))
      ? { ...c, basis: { ...c.basis, stated: [...c.basis.stated, 'report'] } }
      : c,
  );

function nightOfDay(c: TimeCandidate, day: string, basis: string): TimeCandidate {
  return {
    ...c,
    date: day,
    start: day,
    end: addDays(day, 1),
    basis: { stated: c.basis.stated, implied: [basis] },
  };
}

/**
 * A bare "overnight" gives way to a stated day in the same sentence ("overnight on Oct. 30"); beside only the day of a
 * report it is the night before that day ("overnight, the Air Force said on June 11" → the night of June 10); with no
 * day in its sentence, "during the night" continues the day stated just before it in the same paragraph ("On 10 June,
 * Russia launched drones at Sumy. During the night, air defence downed 25.").
 */
export const overnightGivesWay: TimeRefiner = (list, context) => {
  // the sentences that state a day, collected once: a per-mention search is quadratic on a long one-line text
  const dated = new Set<number>();
  const reported = new Map<number, string>();
  for (const o of list) {
    if (o.anchor || o.precision !== 1 || isPublicationEve(o)) continue;
    if (isReportTime(o)) reported.set(o.sentence, o.start);
    else dated.add(o.sentence);
  }
  const out: TimeCandidate[] = [];
  let lastDay: TimeCandidate | null = null;
  for (const c of list) {
    if (!isPublicationEve(c)) {
      out.push(c);
      if (!c.anchor && c.precision === 1 && !isReportTime(c) && !c.future) lastDay = c;
      continue;
    }
    if (dated.has(c.sentence)) continue;
    const report = reported.get(c.sentence);
    if (report !== undefined) {
      out.push(nightOfDay(c, addDays(report, -1), 'day:report-eve'));
      continue;
    }
    const here = context.sentences[c.sentence];
    const there = lastDay ? context.sentences[lastDay.sentence] : undefined;
    if (
      lastDay &&
      here &&
      there &&
      lastDay.sentence < c.sentence &&
      there.paragraph === here.paragraph &&
      lastDay.start < context.published
    ) {
      out.push(nightOfDay(c, lastDay.start, 'day:previous-mention'));
      continue;
    }
    out.push(c);
  }
  return out;
};

const FUTURE_WORDS =
  /\b(?:will|shall|plans? to|planned|scheduled|expected to|is to|are to|next (?:week|month|year)|upcoming|due to|intends? to|would)\b/i;

/**
 * Nothing after publication unless the sentence speaks of the future: a year-less day rolls back a year, a bare
 * weekday a week; anything else after publication is dropped, or kept as `future` when the sentence says so.
 */
export const notAfterPublication: TimeRefiner = (list, context) => {
  const out: TimeCandidate[] = [];
  // one test per sentence, not per mention: a 1 MB sentence with thousands of dates is read once
  const future = new Map<number, boolean>();
  const speaksOfFuture = (i: number): boolean => {
    let f = future.get(i);
    if (f === undefined) {
      f = FUTURE_WORDS.test(context.sentences[i]?.text ?? '');
      future.set(i, f);
    }
    return f;
  };
  for (const c of list) {
    if (c.anchor || c.start <= context.published) {
      out.push(c);
      continue;
    }
    if (speaksOfFuture(c.sentence)) {
      out.push({ ...c, future: true });
      continue;
    }
    if (c.weekdayOnly) {
      const start = addDays(c.start, -7);
      out.push({ ...c, date: start, start, end: addDays(c.end, -7) });
      continue;
    }
    if (!c.yearStated) {
      let shift = -12;
      while (addMonths(c.start, shift) > context.published) shift -= 12;
      const start = addMonths(c.start, shift);
      const next = { ...c, date: c.since ? start : addMonths(c.date, shift), start };
      out.push(c.since ? next : { ...next, end: addMonths(c.end, shift) });
    }
  }
  return out;
};

/**
 * Resolves anchored mentions in text order: "the previous day" from the last dated mention, "since the advance" from
 * the event dated before it, "three months after <event>" from the dated event after it in the sentence (else before).
 * An anchor with nothing to hang on is dropped rather than guessed from publication.
 */
export const resolveAnchors: TimeRefiner = (list, context) => {
  const out: TimeCandidate[] = [];
  let lastDated: TimeCandidate | null = null;
  const clamp = (d: string): string => (d > context.published ? context.published : d);
  // for each mention, the nearest unanchored mention after it in its sentence, found in one backward pass
  const nextInSentence: (TimeCandidate | undefined)[] = new Array<TimeCandidate | undefined>(list.length);
  const nearest = new Map<number, TimeCandidate>();
  for (let i = list.length - 1; i >= 0; i--) {
    const c = list[i];
    nextInSentence[i] = nearest.get(c.sentence);
    if (!c.anchor) nearest.set(c.sentence, c);
  }
  list.forEach((c, i) => {
    if (!c.anchor) {
      out.push(c);
      if (!c.future) lastDated = c;
      return;
    }
    if (c.anchor.kind === 'previous') {
      const base = lastDated?.start ?? context.published;
      const d = clamp(addDays(base, c.anchor.days));
      out.push({ ...c, date: d, start: d, end: d });
      return;
    }
    if (c.anchor.kind === 'since-event') {
      if (!lastDated) return;
      out.push({ ...c, date: lastDated.start, start: lastDated.start, end: context.published });
      return;
    }
    const anchor = nextInSentence[i] ?? lastDated;
    if (!anchor) return;
    const { days, months } = c.anchor;
    const d = clamp(addMonths(addDays(anchor.start, days), months));
    out.push({ ...c, date: d, start: d, end: d });
  });
  return out;
};

/** A mention's words without the punctuation chrono sometimes takes with them ("weekend,"). */
const bare = (text: string): string => text.trim().replace(/[\s,.;:]+$/, '');

/**
 * "last week", "this week": a calendar week (Monday to Sunday) told relative to publication, not the day seven days
 * before it. ACLED dates a week-long event to its first day at precision 2; "this week" runs to publication.
 */
export const calendarWeek: TimeRefiner = (list, context) =>
  list.map((c) => {
    const m = /^(?:(last|previous)|(this|earlier this))\s+week$/i.exec(bare(c.text));
    if (c.anchor || !m) return c;
    const monday = addDays(
      context.published,
      -((new Date(`${context.published}T00:00:00Z`).getUTCDay() + 6) % 7),
    );
    const start = m[1] ? addDays(monday, -7) : monday;
    const end = m[1] ? addDays(monday, -1) : context.published;
    return { ...c, date: start, start, end, precision: 2 };
  });

/**
 * "at the weekend", "last weekend": Saturday and Sunday, dated to the Saturday at precision 2 (the most recent weekend
 * not after publication; "last weekend" told on a weekend is the one before).
 */
export const weekend: TimeRefiner = (list, context) =>
  list.map((c) => {
    const m = /^(?:(last|previous)\s+|(?:this|the)\s+)?weekend$/i.exec(bare(c.text));
    if (c.anchor || !m) return c;
    const dow = new Date(`${context.published}T00:00:00Z`).getUTCDay();
    let saturday = addDays(context.published, -((dow + 1) % 7));
    if (m[1] && (dow === 6 || dow === 0)) saturday = addDays(saturday, -7);
    const end = addDays(saturday, 1) > context.published ? context.published : addDays(saturday, 1);
    return { ...c, date: saturday, start: saturday, end, precision: 2 };
  });

/** "the day before yesterday": chrono reads the whole phrase; our "the day before" inside it gives way. */
export const dayBeforeYesterday: TimeRefiner = (list, context) =>
  list.filter(
    (c) => !(/^the day before$/i.test(c.text) && /^\s+yesterday\b/i.test(textAfter(c, context, 12))),
  );

/** The refiners, in the one order they run. */
export const TIME_REFINERS: readonly TimeRefiner[] = [
  dayBeforeYesterday,
  dropOverlaps,
  sinceDate,
  calendarWeek,
  weekend,
  betweenDays,
  approximateDay,
  reportDates,
  overnightGivesWay,
  notAfterPublication,
  resolveAnchors,
];

/**
 * Runs every time refiner over the candidates of an article.
 *
 * @example refineTimes(candidates, sentences, '2025-11-04') → sorted, resolved, none after publication
 */
export function refineTimes(
  list: readonly TimeCandidate[],
  sentences: readonly Sentence[],
  published: string,
): TimeCandidate[] {
  const context: TimeRefinerContext = { sentences, published };
  let out = [...list].sort(bySpan);
  for (const refine of TIME_REFINERS) out = refine(out, context);
  return out.sort(bySpan);
}
