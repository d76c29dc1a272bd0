import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EventFilter, StoredEvent } from '../../store/store.js';
import type { AppDeps } from '../create-app.js';
import { toFeature } from '../features.js';
import { HttpError } from '../http-error.js';
import { MAX_LIMIT, isCalendarDay, parseBbox, withParams } from '../query.js';
import { acceptsGzip, readFeaturePage, sendableBody } from '../feature-pages.js';

/** The OGC API – Features conformance classes this server implements. */
export const CONFORMANCE_CLASSES = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
] as const;

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const GEOJSON = 'application/geo+json';
const JSON_TYPE = 'application/json';
const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';
/** Without a cursor, `offset` is served by walking pages; beyond this, clients must follow `next` links. */
const MAX_OFFSET = 100_000;

interface ItemsQuery {
  readonly bbox?: string;
  readonly datetime?: string;
  readonly limit?: number;
  readonly offset?: number;
  readonly cursor?: string;
  readonly f?: string;
}

const fParam = { type: 'string', enum: ['json', 'html'] } as const;

/** The JSON schema of the items querystring (OGC parameters plus our `cursor`, which `next` links carry). */
export const itemsQuerySchema = {
  type: 'object',
  properties: {
    bbox: { type: 'string', maxLength: 200 },
    datetime: { type: 'string', maxLength: 100 },
    // OGC lets a server cap `limit` instead of refusing it (/per/core/limit-override); clients such as QGIS ask for
    // large pages, so a bigger value is served as MAX_LIMIT rather than answered with 400.
    limit: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 100 },
    offset: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 },
    cursor: { type: 'string', minLength: 1, maxLength: 1024 },
    f: { type: 'string', enum: ['json'] },
  },
} as const;

function base(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** True when a browser asked for HTML (`?f=html`, or `text/html` preferred over JSON in `Accept`). */
function wantsHtml(request: FastifyRequest<{ Querystring: { f?: string } }>): boolean {
  const f = request.query.f;
  if (f === 'json') return false;
  if (f === 'html') return true;
  const accept = request.headers.accept ?? '';
  const html = accept.indexOf('text/html');
  const json = accept.search(/application\/([a-z.+-]*\+)?json/);
  return html !== -1 && (json === -1 || html < json);
}

function day(value: string, whole: string): string {
  const d = value.slice(0, 10);
  if (!isCalendarDay(d) || (value.length > 10 && Number.isNaN(Date.parse(value)))) {
    throw new HttpError(
      400,
      'bad-request',
      `datetime '${whole}' is not an RFC 3339 date, date-time or interval`,
    );
  }
  return d;
}

/**
 * Parses OGC `datetime`: an instant, or an interval `start/end` where either end may be `..` or empty. Events are
 * dated to the day, so times are cut to their day.
 *
 * @example parseDatetime('2025-10-01/..') → { since: '2025-10-01' }
 */
export function parseDatetime(raw: string): { since?: string; until?: string } {
  const parts = raw.split('/');
  if (parts.length === 1) {
    const d = day(raw, raw);
    return { since: d, until: d };
  }
  if (parts.length !== 2) throw new HttpError(400, 'bad-request', `datetime '${raw}' has more than one '/'`);
  const [a = '', b = ''] = parts;
  const open = (s: string): boolean => s === '..' || s === '';
  if (open(a) && open(b)) throw new HttpError(400, 'bad-request', `datetime '${raw}' is open at both ends`);
  const since = open(a) ? undefined : day(a, raw);
  const until = open(b) ? undefined : day(b, raw);
  if (since !== undefined && until !== undefined && since > until) {
    throw new HttpError(400, 'bad-request', `datetime '${raw}' ends before it starts`);
  }
  return { ...(since !== undefined && { since }), ...(until !== undefined && { until }) };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A plain landing page for browsers when the web UI is not built: links only, no script, no inline style. */
function fallbackHtml(root: string): string {
  const link = (href: string, text: string): string =>
    `<li><a href="${escapeHtml(root + href)}">${escapeHtml(text)}</a></li>`;
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Litopys</title></head><body>',
    '<h1>Litopys</h1><p>A sourced, geolocated, dated chronicle of war reporting. The map UI is not built',
    ' (run <code>npm run build:web</code>); the data is here:</p><ul>',
    link('/collections/events/items?f=json', 'Events (OGC API – Features, GeoJSON)'),
    link('/api/events?limit=100', 'Events (JSON)'),
    link('/api/events.csv', 'Events (CSV, ACLED columns)'),
    link('/api/openapi.json', 'OpenAPI description'),
    '</ul></body></html>',
  ].join('');
}

/** Walks `offset` events from the start; `end` when fewer than that many match. */
async function skip(
  deps: AppDeps,
  filter: EventFilter,
  offset: number,
): Promise<{ after: string | null; end: boolean }> {
  let after: string | null = null;
  let left = offset;
  while (left > 0) {
    const p = await deps.store.queryEvents(filter, { limit: Math.min(left, MAX_LIMIT), after });
    left -= p.events.length;
    if (p.next === null) return { after: null, end: true };
    after = p.next;
  }
  return { after, end: false };
}

/**
 * `numberMatched`: the events matching the items' filter (bbox and dates), or undefined when more than `max` match
 * and the store stops counting (OGC allows leaving it out; a count over a whole layer would cost more than the page).
 */
async function countMatched(deps: AppDeps, filter: EventFilter, max: number): Promise<number | undefined> {
  if (deps.store.countEvents) return (await deps.store.countEvents(filter, max)) ?? undefined;
  const buckets = await deps.store.eventBuckets(filter, 'month');
  return buckets.reduce((n, b) => n + b.count, 0);
}

function collection(root: string, firstDay: string | null, lastDay: string | null): Record<string, unknown> {
  return {
    id: 'events',
    title: 'Events',
    description:
      'Events coded from war reporting (ACLED taxonomy), each with its evidence sentence, source and confidence.',
    itemType: 'feature',
    crs: [CRS84],
    extent: {
      // The store keeps no running spatial extent; the honest declared extent is the whole world.
      spatial: { bbox: [[-180, -90, 180, 90]], crs: CRS84 },
      temporal: {
        interval: [[firstDay, lastDay]],
        trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
      },
    },
    links: [
      { href: `${root}/collections/events`, rel: 'self', type: JSON_TYPE, title: 'this collection' },
      { href: `${root}/collections/events/items`, rel: 'items', type: GEOJSON, title: 'events as GeoJSON' },
      { href: `${root}/api/events.csv`, rel: 'alternate', type: 'text/csv', title: 'events as CSV' },
    ],
  };
}

function sendJson(reply: FastifyReply, type: string, body: unknown): FastifyReply {
  return reply.type(type).send(body);
}

/**
 * OGC API – Features, Part 1 (core, GeoJSON, OpenAPI 3.0): `/` (landing: the web UI for browsers, JSON for
 * `?f=json` or `Accept: application/json`), `/conformance`, `/collections`, `/collections/events`,
 * `/collections/events/items` (`bbox`, `datetime`, `limit`, `offset`; `next`/`prev` links) and
 * `/collections/events/items/{featureId}`. QGIS: Layer › Add WFS / OGC API – Features, URL = the server root.
 */
export function ogcRoutes(app: FastifyInstance, deps: AppDeps): void {
  const fOnly = { querystring: { type: 'object', properties: { f: fParam } } } as const;

  app.get<{ Querystring: { f?: string } }>('/', { schema: fOnly }, async (request, reply) => {
    const root = base(request);
    if (wantsHtml(request)) {
      if (deps.webRoot !== null) return reply.type('text/html; charset=utf-8').sendFile('index.html');
      return reply.type('text/html; charset=utf-8').send(fallbackHtml(root));
    }
    return sendJson(reply, JSON_TYPE, {
      title: 'Litopys',
      description: 'A sourced, geolocated, dated chronicle of events from war reporting (ACLED taxonomy).',
      links: [
        { href: `${root}/?f=json`, rel: 'self', type: JSON_TYPE, title: 'this document' },
        { href: `${root}/?f=html`, rel: 'alternate', type: 'text/html', title: 'the map' },
        {
          href: `${root}/api/openapi.json`,
          rel: 'service-desc',
          type: OPENAPI_TYPE,
          title: 'the API definition',
        },
        { href: `${root}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'conformance classes' },
        { href: `${root}/collections`, rel: 'data', type: JSON_TYPE, title: 'the collections' },
      ],
    });
  });

  app.get('/conformance', { schema: fOnly }, async (_request, reply) =>
    sendJson(reply, JSON_TYPE, { conformsTo: CONFORMANCE_CLASSES }),
  );

  // The first event comes cheaply from the date index; the last would need a scan the port does not offer, and
  // OGC allows an open end.
  const temporalExtent = async (): Promise<[string | null, string | null]> => {
    const first = await deps.store.queryEvents({}, { limit: 1 });
    return [first.events[0]?.event_date ?? null, null];
  };

  app.get('/collections', { schema: fOnly }, async (request, reply) => {
    const root = base(request);
    const [first, last] = await temporalExtent();
    return sendJson(reply, JSON_TYPE, {
      links: [{ href: `${root}/collections`, rel: 'self', type: JSON_TYPE, title: 'the collections' }],
      collections: [collection(root, first, last)],
    });
  });

  app.get('/collections/events', { schema: fOnly }, async (request, reply) => {
    const [first, last] = await temporalExtent();
    return sendJson(reply, JSON_TYPE, collection(base(request), first, last));
  });

  app.get<{ Querystring: ItemsQuery }>(
    '/collections/events/items',
    { schema: { querystring: itemsQuerySchema } },
    async (request, reply) => {
      const root = base(request);
      const q = request.query;
      const limit = Math.min(q.limit ?? 100, MAX_LIMIT);
      const offset = q.offset ?? 0;
      const filter: EventFilter = {
        ...(q.bbox !== undefined && { bbox: parseBbox(q.bbox) }),
        ...(q.datetime !== undefined && parseDatetime(q.datetime)),
      };
      // `next` links carry the keyset cursor, so a client walking every page never pays for the offset.
      const start =
        q.cursor !== undefined ? { after: q.cursor, end: false } : await skip(deps, filter, offset);
      const self = `${root}/collections/events/items`;
      const params = q as Record<string, unknown>;
      const linksOf = (next: string | null): Record<string, unknown>[] => {
        const links: Record<string, unknown>[] = [
          {
            href: `${self}?${withParams(params, { f: 'json' })}`,
            rel: 'self',
            type: GEOJSON,
            title: 'this page',
          },
          { href: `${root}/collections/events`, rel: 'collection', type: JSON_TYPE, title: 'the collection' },
        ];
        if (next !== null) {
          const href = `${self}?${withParams(params, { offset: offset + limit, cursor: next, limit })}`;
          links.push({ href, rel: 'next', type: GEOJSON, title: 'next page' });
        }
        if (offset > 0) {
          const href = `${self}?${withParams(params, { offset: Math.max(0, offset - limit), cursor: null, limit })}`;
          links.push({ href, rel: 'prev', type: GEOJSON, title: 'previous page' });
        }
        return links;
      };
      const lead = {
        type: 'FeatureCollection',
        timeStamp: deps.clock.now().toISOString(),
        // Counting visits every match up to the limit; pages reached by cursor (a client walking `next`) skip it,
        // which OGC allows (numberMatched is optional), so a walk over a large layer costs one count, not one per page.
        numberMatched:
          q.cursor === undefined ? await countMatched(deps, filter, deps.matchCountLimit) : undefined,
      };
      if (start.end || !deps.store.queryEventFeatures) {
        let events: readonly StoredEvent[] = [];
        let next: string | null = null;
        if (!start.end) {
          const p = await deps.store.queryEvents(filter, { limit, after: start.after });
          events = p.events;
          next = p.next;
        }
        return sendJson(reply, GEOJSON, {
          ...lead,
          numberReturned: events.length,
          features: events.map(toFeature),
          links: linksOf(next),
        });
      }
      // The page of stored Features, as `/api/events.geojson` sends them (QGIS walks a layer in pages of up to
      // MAX_LIMIT): the store puts the Features' bytes inside this frame in one buffer, a store that keeps them in
      // memory copies them into a pooled buffer, and a client that takes gzip gets the Feature index's compressed
      // pieces joined (or, from SQL, the text compressed). The same members as the serialised document, with
      // `numberReturned` and `links` after `features`.
      const gzip = acceptsGzip(request.headers['accept-encoding']);
      const frame = {
        head: Buffer.from(`${JSON.stringify(lead).slice(0, -1)},"features":[`),
        tail: (next: string | null, count: number) =>
          Buffer.from(`],"numberReturned":${count},"links":${JSON.stringify(linksOf(next))}}`),
      };
      const read = await readFeaturePage(deps, filter, { limit, after: start.after }, frame, {
        gzip,
        forCache: false,
      });
      const { body, encoding } = await sendableBody(deps, reply, read, gzip, 1);
      reply.header('vary', 'accept-encoding');
      if (encoding === 'gzip') reply.header('content-encoding', 'gzip');
      // A Buffer is sent as typed, without the charset Fastify adds to what it serialises itself.
      return reply.type(`${GEOJSON}; charset=utf-8`).send(body);
    },
  );

  app.get<{ Params: { featureId: string } }>(
    '/collections/events/items/:featureId',
    {
      schema: {
        params: {
          type: 'object',
          required: ['featureId'],
          properties: { featureId: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        querystring: fOnly.querystring,
      },
    },
    async (request, reply) => {
      const id = request.params.featureId;
      const p = await deps.store.queryEvents({ eventId: id }, { limit: 1 });
      // Checked rather than trusted, so a store that ignored `eventId` cannot answer with some other event.
      const hit = p.events.find((e) => e.event_id === id);
      if (!hit) throw new HttpError(404, 'not-found', `no event ${id}`);
      const root = base(request);
      return sendJson(reply, GEOJSON, {
        ...toFeature(hit),
        links: [
          {
            href: `${root}/collections/events/items/${encodeURIComponent(id)}`,
            rel: 'self',
            type: GEOJSON,
            title: 'this event',
          },
          { href: `${root}/collections/events`, rel: 'collection', type: JSON_TYPE, title: 'the collection' },
          {
            href: `${root}/api/articles/${encodeURIComponent(hit.article_id)}`,
            rel: 'related',
            type: JSON_TYPE,
            title: 'its article',
          },
        ],
      });
    },
  );
}
