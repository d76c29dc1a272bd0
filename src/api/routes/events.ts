import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EventFilter, EventPage, FeatureFrame } from '../../store/store.js';
import type { AppDeps } from '../create-app.js';
import { acceptsGzip, readFeaturePage, sendableBody } from '../feature-pages.js';
import { CSV_COLUMNS, csvLine, csvRecord, toFeature } from '../features.js';
import type { EventQuery } from '../query.js';
import { DEFAULT_LIMIT, eventQuerySchema, toEventFilter, withParams } from '../query.js';

type EventsRequest = FastifyRequest<{ Querystring: EventQuery }>;

/** The `Link: <…>; rel="next"` value for the page after this one, or null on the last page. */
function nextLink(request: EventsRequest, next: string | null): string | null {
  if (next === null) return null;
  const path = request.url.split('?')[0] ?? '';
  return `<${path}?${withParams(request.query as Record<string, unknown>, { after: next })}>; rel="next"`;
}

async function page(deps: AppDeps, request: EventsRequest): Promise<EventPage> {
  const filter = toEventFilter(request.query);
  return deps.store.queryEvents(filter, {
    limit: request.query.limit ?? DEFAULT_LIMIT,
    after: request.query.after ?? null,
  });
}

/** What wraps the stored Features into `/api/events.geojson`'s FeatureCollection. */
const GEOJSON_FRAME: FeatureFrame = {
  head: Buffer.from('{"type":"FeatureCollection","features":['),
  tail: (next) => Buffer.from(`],"next":${JSON.stringify(next)}}`),
};

/**
 * The cache key of a page: the filter as the store receives it (list values sorted, so parameter order and
 * repetition do not matter) with the page size and cursor.
 */
function pageKey(filter: EventFilter, page: { limit: number; after: string | null }): string {
  const sorted = Object.entries(filter).map(([k, v]: [string, unknown]) =>
    Array.isArray(v) && k !== 'bbox' ? [k, [...(v as string[])].sort()] : [k, v],
  );
  sorted.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
  return JSON.stringify([sorted, page.limit, page.after]);
}

/** True when an `If-None-Match` header names `etag` (or `*`); weak comparison, as RFC 9110 asks for this header. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || (tag.startsWith('W/') ? tag.slice(2) : tag) === etag;
  });
}

/**
 * `GET /api/events` (`{ events, next }`), `/api/events.geojson` (a FeatureCollection with `next`) and
 * `/api/events.csv` (ACLED columns then ours): one keyset-paginated query with the same filters. Pass the `next`
 * value back as `?after=` for the following page; `next: null` is the last page. Every format also sends the next
 * page's URL in a `Link` header.
 */
export function eventRoutes(app: FastifyInstance, deps: AppDeps): void {
  const schema = { querystring: eventQuerySchema };

  app.get<{ Querystring: EventQuery }>('/api/events', { schema }, async (request, reply) => {
    const p = await page(deps, request);
    const link = nextLink(request, p.next);
    if (link) reply.header('link', link);
    return { events: p.events, next: p.next };
  });

  // `compress: false`: the route sends gzip itself (pieces joined, or its text compressed), so the app's compression
  // hooks are left off it. With them, the bench's full pages took 0.68-0.69 ms of server CPU at p99 21 ms, against
  // 0.65-0.66 ms and 18-19 ms without the plugin (alternated runs); without them on this route, the two were even.
  const ownGzip = { schema, compress: false } as const;
  app.get<{ Querystring: EventQuery }>('/api/events.geojson', ownGzip, async (request, reply) => {
    const filter = toEventFilter(request.query);
    const gzip = acceptsGzip(request.headers['accept-encoding']);
    reply.header('vary', 'accept-encoding');
    // The store's change token is a strong validator: QGIS and the map re-ask for the same view, and get a 304
    // without a query while nothing was written. The gzip and the plain body of a view differ in their ETag (as RFC
    // 9110 asks of strong validators), and either one names a copy that is still current.
    const token = deps.store.changeToken ? await deps.store.changeToken() : null;
    const etagOf = (encoding: 'gzip' | null): string => `"${token}${encoding === 'gzip' ? '-gz' : ''}"`;
    if (token !== null) {
      reply.header('cache-control', 'no-cache');
      const asked = request.headers['if-none-match'];
      if (matchesEtag(asked, etagOf(null)) || matchesEtag(asked, etagOf('gzip'))) {
        return reply
          .code(304)
          .header('etag', etagOf(gzip ? 'gzip' : null))
          .send();
      }
    }
    const pageOptions = { limit: request.query.limit ?? DEFAULT_LIMIT, after: request.query.after ?? null };
    if (deps.store.queryEventFeatures) {
      const cache = token === null ? null : deps.geojsonCache;
      const key = cache === null ? '' : `${gzip ? 'gzip' : 'text'} ${pageKey(filter, pageOptions)}`;
      let page = token === null ? undefined : cache?.get(token, key);
      reply.header('x-cache', page === undefined ? 'miss' : 'hit');
      if (page === undefined) {
        // Features stored as JSON text: the body is concatenated bytes, the same bytes the fallback below serialises,
        // put by the store straight inside the FeatureCollection's frame; asked for gzip, a store that keeps each
        // Feature compressed joins those pieces instead (SQLite's Feature index), half the bytes and nothing
        // compressed per request.
        // A store that copies the page out of memory takes its buffer from the pool, and it comes back once sent;
        // such a page is kept in the cache only when this view is asked for again (a map or QGIS re-asking), so a
        // stream of new views neither churns the cache nor ties up the pool. A body kept for a client that takes
        // gzip is compressed whole, once, off the event loop (about a tenth of the text, where joined pieces are
        // half): a page read from SQL when first asked, a page from memory when asked again.
        const again = token !== null && cache !== null && cache.askedBefore(token, key);
        const read = await readFeaturePage(deps, filter, pageOptions, GEOJSON_FRAME, {
          gzip,
          forCache: again,
        });
        const keep =
          token !== null &&
          cache !== null &&
          read.lent === undefined &&
          (read.page.fromMemory !== true || again);
        // Text compressed for a client that takes gzip: at level 1, or at 6 once for a body the cache keeps.
        const { body, encoding } = await sendableBody(deps, reply, read, gzip, keep ? 6 : 1);
        page = { body, meta: { next: read.page.next, encoding } };
        if (keep) cache?.set(token, key, page.body, page.meta);
      }
      if (token !== null) reply.header('etag', etagOf(page.meta.encoding));
      if (page.meta.encoding === 'gzip') reply.header('content-encoding', 'gzip');
      const link = nextLink(request, page.meta.next);
      if (link) reply.header('link', link);
      // Fastify adds the charset to what it serialises itself; a Buffer is sent as typed.
      reply.type('application/geo+json; charset=utf-8');
      return reply.send(page.body);
    }
    if (token !== null) reply.header('etag', etagOf(null));
    const p = await deps.store.queryEvents(filter, pageOptions);
    const link = nextLink(request, p.next);
    if (link) reply.header('link', link);
    reply.type('application/geo+json');
    return { type: 'FeatureCollection', features: p.events.map(toFeature), next: p.next };
  });

  app.get<{ Querystring: EventQuery }>('/api/events.csv', { schema }, async (request, reply) => {
    const p = await page(deps, request);
    const link = nextLink(request, p.next);
    if (link) reply.header('link', link);
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="events.csv"');
    return csvLine(CSV_COLUMNS) + p.events.map((e) => csvLine(csvRecord(e))).join('');
  });
}
