// The HTTP API as the page sees it. Types mirror src/store/store.ts (StoredEvent, StoredArticle) at the JSON edge;
// the page talks HTTP only and imports nothing from src/.

/** ACLED event types, in the order the legend shows them. */
export const EVENT_TYPES = [
  'Battles',
  'Explosions/Remote violence',
  'Violence against civilians',
  'Protests',
  'Riots',
  'Strategic developments',
] as const;

/** Colour per event type (colour-blind-safe Okabe–Ito palette). */
export const TYPE_COLOURS: Readonly<Record<string, string>> = {
  Battles: '#D55E00',
  'Explosions/Remote violence': '#E69F00',
  'Violence against civilians': '#CC79A7',
  Protests: '#0072B2',
  Riots: '#56B4E9',
  'Strategic developments': '#009E73',
};

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One event as /api/events.geojson and /api/articles/:id give it (ACLED names). */
export interface WebEvent {
  readonly event_id: string;
  readonly article_id: string;
  readonly event_date: string;
  readonly date_start?: string;
  readonly date_end?: string;
  readonly time_precision?: number;
  readonly event_type: string;
  readonly sub_event_type?: string;
  readonly actor1?: string;
  readonly assoc_actor_1?: string;
  readonly actor2?: string;
  readonly location?: string;
  readonly admin1?: string;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly geo_precision?: number | null;
  readonly fatalities?: number;
  readonly notes?: string;
  readonly evidence?: Span;
  readonly attribution?: { claimant: string | null; channel: string | null; hedged: boolean };
  readonly confidence?: number;
  readonly outlet?: string | null;
  readonly headline?: string;
  readonly radius_km?: number;
  readonly side1?: string;
  readonly side2?: string;
  readonly source?: string;
}

export interface WebArticle {
  readonly id: string;
  readonly url?: string;
  readonly outlet?: string;
  readonly published?: string;
  readonly section?: string;
  readonly headline: string;
  readonly byline: readonly string[];
  readonly image?: { caption: string; credit?: string };
  readonly paragraphs: readonly string[];
  readonly text: string;
}

/** A mention with a span: places always; times and actors when the API sends them. */
export interface Mention {
  readonly span: Span;
  readonly text?: string;
}

export interface WebStoredArticle {
  readonly article: WebArticle;
  readonly places: readonly Mention[];
  readonly times?: readonly Mention[];
  readonly actors?: readonly Mention[];
  readonly events: readonly WebEvent[];
}

/** Events per day and type for the timeline. */
export interface DayCount {
  readonly day: string;
  readonly eventType: string;
  readonly count: number;
}

/** The server-side filters (the date range is applied in the page, so the brush and play need no round trip). */
export interface ServerFilter {
  readonly type?: string;
  readonly side?: string;
  readonly outlet?: string;
  readonly q?: string;
}

function params(f: ServerFilter, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams(extra);
  if (f.type) p.set('event_type', f.type);
  if (f.side) p.set('side', f.side);
  if (f.outlet) p.set('outlet', f.outlet);
  if (f.q) p.set('q', f.q);
  return p.toString();
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json() as Promise<unknown>;
}

/** How many events the page loads at most (the API pages them 1,000 at a time). */
export const EVENT_LIMIT = 100_000;
const PAGE = 1000;

/**
 * An event from either edge of the API: `/api/events.geojson` flattens the evidence span and the attribution into
 * scalar columns for GIS clients (`evidence_start`, `claimant`, …); `/api/articles/:id` nests them as the store does.
 */
export function normaliseEvent(raw: Record<string, unknown>): WebEvent {
  const e = raw as unknown as WebEvent & Record<string, unknown>;
  const evidence =
    e.evidence ??
    (typeof raw.evidence_start === 'number' && typeof raw.evidence_end === 'number'
      ? { start: raw.evidence_start, end: raw.evidence_end }
      : undefined);
  const attribution =
    e.attribution ??
    ('claimant' in raw || 'channel' in raw
      ? {
          claimant: (raw.claimant as string | null) ?? null,
          channel: (raw.channel as string | null) ?? null,
          hedged: raw.hedged === true,
        }
      : undefined);
  return { ...e, evidence, attribution };
}

/**
 * Every event matching the filter (up to EVENT_LIMIT), following the API's keyset pages (`next` → `?after=`).
 * `onPage` sees the running total, so the page can say how far loading got.
 */
export async function fetchEvents(
  f: ServerFilter,
  base = '',
  onPage?: (loaded: number) => void,
): Promise<WebEvent[]> {
  const out: WebEvent[] = [];
  let after: string | null = null;
  do {
    const extra: Record<string, string> = { limit: String(PAGE) };
    if (after) extra.after = after;
    const body = (await getJson(`${base}/api/events.geojson?${params(f, extra)}`)) as {
      features?: { properties?: Record<string, unknown> }[];
      next?: string | null;
    };
    for (const feat of body.features ?? []) if (feat.properties) out.push(normaliseEvent(feat.properties));
    after = body.next ?? null;
    onPage?.(out.length);
  } while (after && out.length < EVENT_LIMIT);
  return out;
}

/** Counts per day and type; tolerant of `{buckets:[…]}` or a bare array, and of ACLED or camelCase names. */
export async function fetchDayCounts(f: ServerFilter, base = ''): Promise<DayCount[]> {
  const body = (await getJson(`${base}/api/stats?${params(f, { bucket: 'day' })}`)) as unknown;
  const rows = (Array.isArray(body) ? body : ((body as { buckets?: unknown[] }).buckets ?? [])) as Record<
    string,
    unknown
  >[];
  return rows.map((r) => ({
    day: String(r.bucket ?? r.day ?? r.date ?? '').slice(0, 10),
    eventType: String(r.eventType ?? r.event_type ?? ''),
    count: Number(r.count ?? 0),
  }));
}

/** One article with its mentions and events. */
export async function fetchArticle(id: string, base = ''): Promise<WebStoredArticle> {
  const stored = (await getJson(`${base}/api/articles/${encodeURIComponent(id)}`)) as WebStoredArticle;
  return {
    ...stored,
    events: (stored.events ?? []).map((e) => normaliseEvent(e as unknown as Record<string, unknown>)),
  };
}
