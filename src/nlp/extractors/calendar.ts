/**
 * Calendar arithmetic on ISO `YYYY-MM-DD` strings in UTC, so that no local time zone ever shifts a day.
 *
 * @example addDays('2025-03-01', -1) → '2025-02-28'
 */
export function addDays(isoDay: string, days: number): string {
  const t = Date.parse(`${isoDay.slice(0, 10)}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Adds whole months, clamping the day to the target month's length.
 *
 * @example addMonths('2025-08-31', 1) → '2025-09-30'
 */
export function addMonths(isoDay: string, months: number): string {
  const y = Number(isoDay.slice(0, 4));
  const m = Number(isoDay.slice(5, 7)) - 1 + months;
  const d = Number(isoDay.slice(8, 10));
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  return isoDate(ty, tm + 1, Math.min(d, daysInMonth(ty, tm + 1)));
}

/**
 * The ISO day for a year, month (1–12) and day.
 *
 * @example isoDate(2025, 8, 1) → '2025-08-01'
 */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Days in a month (1–12) of a year.
 *
 * @example daysInMonth(2024, 2) → 29
 */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Whole days from `a` to `b` (positive when `b` is later).
 *
 * @example daysBetween('2025-10-26', '2025-11-04') → 9
 */
export function daysBetween(a: string, b: string): number {
  return Math.round(
    (Date.parse(`${b.slice(0, 10)}T00:00:00Z`) - Date.parse(`${a.slice(0, 10)}T00:00:00Z`)) / 86_400_000,
  );
}

/** Month names and their common abbreviations, lower case, to month number 1–12. */
export const MONTH_NUMBER: Readonly<Record<string, number>> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

/** A regular-expression source matching one month name or abbreviation (with an optional full stop). */
export const MONTH_PATTERN =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?';
