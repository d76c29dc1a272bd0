import { EVENT_TYPES, SUB_EVENT_TYPES } from '../domain/index.js';
import type { EventType } from '../domain/index.js';
import type { EventFilter } from '../store/store.js';
import { HttpError } from './http-error.js';

/** The most events one request returns. */
export const MAX_LIMIT = 1000;
/** How many events a request returns when it names no `limit`. */
export const DEFAULT_LIMIT = 100;

const DAY = '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$';

/**
 * The querystring of every event listing (`/api/events`, `.geojson`, `.csv`, `/api/stats`), as JSON schema: Fastify
 * validates and coerces it before a handler runs, so a bad `limit` is a 400 naming the field.
 */
export const eventQuerySchema = {
  type: 'object',
  properties: {
    bbox: { type: 'string', maxLength: 200, description: 'minLon,minLat,maxLon,maxLat (WGS 84)' },
    since: { type: 'string', pattern: DAY, description: 'first day, ISO YYYY-MM-DD (inclusive)' },
    until: { type: 'string', pattern: DAY, description: 'last day, ISO YYYY-MM-DD (inclusive)' },
    event_type: {
      type: 'array',
      items: { type: 'string', maxLength: 200 },
      maxItems: 30,
      description: 'ACLED event type; repeat the parameter or separate with commas',
    },
    sub_event_type: {
      type: 'array',
      items: { type: 'string', maxLength: 200 },
      maxItems: 30,
      description: 'ACLED sub-event type; repeat the parameter or separate with commas',
    },
    actor: { type: 'string', minLength: 1, maxLength: 200 },
    side: { type: 'string', enum: ['russia', 'ukraine', 'civilians', 'other'] },
    outlet: { type: 'string', minLength: 1, maxLength: 200 },
    q: { type: 'string', minLength: 1, maxLength: 500 },
    min_confidence: { type: 'number', minimum: 0, maximum: 1 },
    limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
    after: {
      type: 'string',
      minLength: 1,
      maxLength: 1024,
      description: 'the `next` cursor of the previous page',
    },
  },
} as const;

/** The querystring of the event listings after validation. */
export interface EventQuery {
  readonly bbox?: string;
  readonly since?: string;
  readonly until?: string;
  readonly event_type?: readonly string[];
  readonly sub_event_type?: readonly string[];
  readonly actor?: string;
  readonly side?: 'russia' | 'ukraine' | 'civilians' | 'other';
  readonly outlet?: string;
  readonly q?: string;
  readonly min_confidence?: number;
  readonly limit?: number;
  readonly after?: string;
}

/**
 * Parses `minLon,minLat,maxLon,maxLat`. Throws a 400 `HttpError` naming `field` when it is not four numbers inside
 * WGS 84 with min ≤ max (a box across the antimeridian is refused rather than silently misread).
 *
 * @example parseBbox('37.0,48.0,38.0,49.0') → [37, 48, 38, 49]
 */
export function parseBbox(raw: string, field = 'bbox'): [number, number, number, number] {
  const parts = raw.split(',').map((s) => s.trim());
  const nums = parts.map((s) => (s === '' ? NaN : Number(s)));
  const bad = (why: string): HttpError =>
    new HttpError(400, 'bad-request', `${field} ${why}: expected minLon,minLat,maxLon,maxLat, got '${raw}'`);
  // OGC allows a 6-number 3D box; we have no heights, so refuse it plainly rather than misread it.
  if (nums.length !== 4) throw bad('must have 4 numbers');
  if (nums.some((n) => !Number.isFinite(n))) throw bad('must be numbers');
  const [minLon, minLat, maxLon, maxLat] = nums as [number, number, number, number];
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) throw bad('is outside WGS 84');
  if (minLat > maxLat) throw bad('has minLat > maxLat');
  if (minLon > maxLon) throw bad('crosses the antimeridian (minLon > maxLon), which is not supported');
  return [minLon, minLat, maxLon, maxLat];
}

/**
 * True when `day` is a real `YYYY-MM-DD` calendar day (`Date.parse` rolls 2025-02-30 over to March; this does not).
 *
 * @example isCalendarDay('2024-02-29') → true; isCalendarDay('2025-02-29') → false
 */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

const ALL_SUB_TYPES = new Set<string>(Object.values(SUB_EVENT_TYPES).flat());

/**
 * Turns a validated event querystring into the Store's `EventFilter`, checking what JSON schema cannot (bbox
 * arithmetic, known ACLED types, since ≤ until). Throws a 400 `HttpError` naming the field on bad input.
 *
 * @example toEventFilter({ bbox: '37,48,38,49', event_type: ['Battles'] })
 *   → { bbox: [37, 48, 38, 49], eventType: ['Battles'] }
 */
export function toEventFilter(q: EventQuery): EventFilter {
  const eventType = splitList(q.event_type);
  for (const t of eventType) {
    if (!(EVENT_TYPES as readonly string[]).includes(t)) {
      throw new HttpError(400, 'bad-request', `event_type '${t}' is not one of: ${EVENT_TYPES.join(', ')}`);
    }
  }
  const subEventType = splitList(q.sub_event_type);
  for (const t of subEventType) {
    if (!ALL_SUB_TYPES.has(t)) {
      throw new HttpError(400, 'bad-request', `sub_event_type '${t}' is not an ACLED sub-event type`);
    }
  }
  const since = q.since?.slice(0, 10);
  const until = q.until?.slice(0, 10);
  for (const [field, day] of [
    ['since', since],
    ['until', until],
  ] as const) {
    if (day !== undefined && !isCalendarDay(day)) {
      throw new HttpError(400, 'bad-request', `${field} '${day}' is not a calendar date`);
    }
  }
  if (since !== undefined && until !== undefined && since > until) {
    throw new HttpError(400, 'bad-request', `since (${since}) is after until (${until})`);
  }
  return {
    ...(q.bbox !== undefined && { bbox: parseBbox(q.bbox) }),
    ...(since !== undefined && { since }),
    ...(until !== undefined && { until }),
    ...(eventType.length > 0 && { eventType: eventType as EventType[] }),
    ...(subEventType.length > 0 && { subEventType }),
    ...(q.actor !== undefined && { actor: q.actor }),
    ...(q.side !== undefined && { side: q.side }),
    ...(q.outlet !== undefined && { outlet: q.outlet }),
    ...(q.q !== undefined && { q: q.q }),
    ...(q.min_confidence !== undefined && { minConfidence: q.min_confidence }),
  };
}

/** The querystring of an event listing with `after` replaced, for `next` links (keeps every filter as given). */
export function withParams(
  query: Readonly<Record<string, unknown>>,
  changes: Readonly<Record<string, string | number | null>>,
): string {
  const params = new URLSearchParams();
  const scalar = (v: unknown): v is string | number | boolean =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  for (const [k, v] of Object.entries(query)) {
    if (k in changes) continue;
    const values: unknown[] = Array.isArray(v) ? v : [v];
    for (const item of values) if (scalar(item)) params.append(k, String(item));
  }
  for (const [k, v] of Object.entries(changes)) if (v !== null) params.set(k, String(v));
  return params.toString();
}
