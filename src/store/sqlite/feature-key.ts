/**
 * The clustering key of `event_features` (migration 008): the rowid that stores an event's pre-serialised Feature
 * next to those of events in the same half-degree cell and on nearby days, so one page of `/api/events.geojson`
 * (a box and a date range) reads a few hundred adjacent database pages rather than one page per event. Measured on
 * the 1,000,000-event bench file: concatenating a full 1,000-Feature page went from 3.9 to 1.0 ms with the file's
 * pages mapped, and from 10.5 to 2.1 ms on a freshly opened file (bench/api.bench.ts has the end-to-end figures).
 *
 * Bits, high to low: cell (18: 720 × 360 half-degree cells; unplaced events share the last value), day since
 * 1970-01-01 (16, clamped to 0 … 65,535), seq (29). A seq of 2^29 or more gets NULL, so SQLite assigns the row an
 * ordinary unused rowid: still stored and served, only not clustered. The keys on disk depend on this expression;
 * changing it needs a migration that rewrites `event_features.k`.
 *
 * @example featureKeySql('e') // an SQL expression over e.longitude, e.latitude, e.event_date and e.seq
 */
export function featureKeySql(alias: string): string {
  const lon = `${alias}.longitude`;
  const lat = `${alias}.latitude`;
  const cell =
    `CASE WHEN ${lon} IS NULL OR ${lat} IS NULL THEN 262143 ` +
    `ELSE min(719, max(0, CAST((${lon} + 180) * 2 AS INTEGER))) * 360 ` +
    `+ min(359, max(0, CAST((${lat} + 90) * 2 AS INTEGER))) END`;
  const day = `min(65535, max(0, coalesce(CAST(julianday(substr(${alias}.event_date, 1, 10)) - 2440587.5 AS INTEGER), 0)))`;
  return `(CASE WHEN ${alias}.seq < 536870912 THEN ((${cell}) << 45) | ((${day}) << 29) | ${alias}.seq END)`;
}
