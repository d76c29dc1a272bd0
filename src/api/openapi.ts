import { EVENT_TYPES } from '../domain/index.js';
import { CSV_COLUMNS } from './features.js';
import { eventQuerySchema } from './query.js';
import { postArticleSchema } from './routes/articles.js';
import { itemsQuerySchema } from './routes/ogc.js';

/** The parts of an OpenAPI 3.0 document this server writes (a typed subset, enough to keep it honest). */
export interface OpenApiDocument {
  readonly openapi: '3.0.3';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, unknown>>;
    readonly securitySchemes: Readonly<Record<string, unknown>>;
    readonly responses: Readonly<Record<string, unknown>>;
  };
}

interface Operation {
  readonly summary: string;
  readonly description?: string;
  readonly operationId: string;
  readonly tags: readonly string[];
  readonly parameters?: readonly unknown[];
  readonly requestBody?: unknown;
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly responses: Readonly<Record<string, unknown>>;
}

type PropertySchema = Readonly<Record<string, unknown>>;

/** Turns a querystring JSON schema (as the routes validate with) into OpenAPI query parameters. */
function queryParameters(
  properties: Readonly<Record<string, PropertySchema>>,
  required: readonly string[] = [],
): unknown[] {
  return Object.entries(properties).map(([name, schema]) => {
    const { description, ...rest } = schema as { description?: string; type?: unknown };
    const isArray = rest.type === 'array';
    return {
      name,
      in: 'query',
      required: required.includes(name),
      ...(description !== undefined && { description }),
      schema: rest,
      ...(isArray && { style: 'form', explode: true }),
    };
  });
}

const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });
const errors = (...codes: number[]): Record<string, unknown> =>
  Object.fromEntries(codes.map((c) => [String(c), { $ref: '#/components/responses/Error' }]));
const json = (schema: unknown, type = 'application/json'): unknown => ({ content: { [type]: { schema } } });
const idParam = (name: string): unknown => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const fParam = {
  name: 'f',
  in: 'query',
  required: false,
  schema: { type: 'string', enum: ['json', 'html'] },
};

/**
 * The OpenAPI 3.0 description of every route `createApp` serves (served at `/api/openapi.json`; OGC's `oas30`
 * conformance class points here). Written by hand from the same JSON schemas the routes validate with, so the two
 * cannot drift on parameters.
 *
 * @example openApiDocument().paths['/api/events'].get.operationId → 'listEvents'
 */
export function openApiDocument(): OpenApiDocument {
  const eventParams = queryParameters(eventQuerySchema.properties);
  const { limit: _l, after: _a, ...filterProps } = eventQuerySchema.properties;
  const event = {
    type: 'object',
    description:
      'An event: ACLED fields under ACLED names, with evidence span, attribution, confidence and source article.',
    required: [
      'event_id',
      'article_id',
      'event_date',
      'event_type',
      'sub_event_type',
      'evidence',
      'confidence',
    ],
    properties: {
      event_id: { type: 'string' },
      article_id: { type: 'string' },
      event_date: { type: 'string', format: 'date' },
      date_start: { type: 'string', format: 'date' },
      date_end: { type: 'string', format: 'date' },
      time_precision: { type: 'integer', enum: [1, 2, 3] },
      event_type: { type: 'string', enum: [...EVENT_TYPES] },
      sub_event_type: { type: 'string' },
      actor1: { type: 'string' },
      assoc_actor_1: { type: 'string' },
      actor2: { type: 'string' },
      assoc_actor_2: { type: 'string' },
      admin1: { type: 'string' },
      admin2: { type: 'string' },
      admin3: { type: 'string' },
      location: { type: 'string' },
      latitude: { type: 'number', nullable: true },
      longitude: { type: 'number', nullable: true },
      geo_precision: { type: 'integer', enum: [1, 2, 3], nullable: true },
      fatalities: { type: 'integer' },
      injured: { type: 'integer' },
      source: { type: 'string' },
      notes: { type: 'string' },
      evidence: ref('Span'),
      attribution: {
        type: 'object',
        properties: {
          claimant: { type: 'string', nullable: true },
          channel: { type: 'string', nullable: true },
          hedged: { type: 'boolean' },
        },
      },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
      outlet: { type: 'string', nullable: true },
      article_url: { type: 'string', nullable: true },
      headline: { type: 'string' },
      radius_km: { type: 'number' },
      side1: { type: 'string' },
      side2: { type: 'string' },
    },
  };
  const feature = {
    type: 'object',
    required: ['type', 'id', 'geometry', 'properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { type: 'string' },
      geometry: {
        type: 'object',
        nullable: true,
        properties: {
          type: { type: 'string', enum: ['Point'] },
          coordinates: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
        },
      },
      properties: { type: 'object', additionalProperties: true },
      links: { type: 'array', items: ref('Link') },
    },
  };
  const write = [{ bearer: [] as string[] }];
  return {
    openapi: '3.0.3',
    info: {
      title: 'Litopys',
      version: '0.1.0',
      description:
        'A sourced, geolocated, dated chronicle of events from war reporting. JSON API under /api; OGC API – ' +
        'Features (core, geojson, oas30) at /, /conformance and /collections. Errors are `{ error, message }`.',
    },
    paths: {
      '/api/health': {
        get: {
          summary: 'Liveness, the backend, and the state of the in-memory Feature index',
          operationId: 'health',
          tags: ['meta'],
          responses: {
            '200': json({
              type: 'object',
              required: ['status', 'backend', 'time', 'featureIndex'],
              properties: {
                status: { type: 'string', enum: ['ok'] },
                backend: { type: 'string', enum: ['sqlite', 'postgres'] },
                time: { type: 'string', format: 'date-time' },
                featureIndex: {
                  type: 'object',
                  nullable: true,
                  required: ['state', 'events', 'bytes', 'maxBytes', 'loadMs', 'reason'],
                  properties: {
                    state: {
                      type: 'string',
                      enum: ['loading', 'ready', 'over-budget', 'incomplete', 'failed'],
                    },
                    events: { type: 'integer' },
                    bytes: { type: 'integer' },
                    maxBytes: { type: 'integer' },
                    loadMs: { type: 'integer', nullable: true },
                    reason: { type: 'string', nullable: true },
                  },
                },
              },
            }),
            ...errors(503),
          },
        },
      },
      '/api/events': {
        get: {
          summary: 'Events, filtered, keyset-paginated (pass `next` back as `after`)',
          operationId: 'listEvents',
          tags: ['events'],
          parameters: eventParams,
          responses: {
            '200': json({
              type: 'object',
              required: ['events', 'next'],
              properties: {
                events: { type: 'array', items: ref('Event') },
                next: { type: 'string', nullable: true },
              },
            }),
            ...errors(400),
          },
        },
      },
      '/api/events.geojson': {
        get: {
          summary: 'The same events as a GeoJSON FeatureCollection (with `next`)',
          description:
            'Pages hold the events of `/api/events` (keyset by date, then id); within a day the Features may come in ' +
            'another order. Sent gzip when the request accepts it (`Accept-Encoding`), with its own ETag.',
          operationId: 'listEventsGeoJson',
          tags: ['events'],
          parameters: eventParams,
          responses: { '200': json(ref('FeatureCollection'), 'application/geo+json'), ...errors(400) },
        },
      },
      '/api/events.csv': {
        get: {
          summary: `The same events as CSV: ACLED columns in ACLED order, then ours (${CSV_COLUMNS.length} columns)`,
          operationId: 'listEventsCsv',
          tags: ['events'],
          parameters: eventParams,
          responses: { '200': { content: { 'text/csv': { schema: { type: 'string' } } } }, ...errors(400) },
        },
      },
      '/api/articles': {
        post: {
          summary: 'Read (text, html, or fetch a URL), analyse and store an article',
          operationId: 'postArticle',
          tags: ['articles'],
          security: write,
          requestBody: { required: true, ...(json(postArticleSchema) as object) },
          responses: { '201': json({ type: 'object' }), ...errors(400, 401, 403, 413, 422, 502) },
        },
      },
      '/api/articles/{id}': {
        get: {
          summary:
            'An article with its place, time and actor mentions, events (with evidence spans) and claims',
          operationId: 'getArticle',
          tags: ['articles'],
          parameters: [idParam('id')],
          responses: { '200': json(ref('StoredArticle')), ...errors(404) },
        },
        delete: {
          summary: 'Delete an article and its events',
          operationId: 'deleteArticle',
          tags: ['articles'],
          security: write,
          parameters: [idParam('id')],
          responses: { '204': { description: 'deleted' }, ...errors(401, 403, 404) },
        },
      },
      '/api/search': {
        get: {
          summary: 'Full-text search over articles',
          operationId: 'searchArticles',
          tags: ['articles'],
          parameters: queryParameters(
            {
              q: { type: 'string', minLength: 1 },
              since: { type: 'string', format: 'date' },
              until: { type: 'string', format: 'date' },
              outlet: { type: 'string' },
              limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            },
            ['q'],
          ),
          responses: {
            '200': json({
              type: 'object',
              properties: { hits: { type: 'array', items: { type: 'object' } } },
            }),
            ...errors(400),
          },
        },
      },
      '/api/stats': {
        get: {
          summary: 'Event counts per day (week, month) and event type, for the timeline',
          operationId: 'eventStats',
          tags: ['events'],
          parameters: queryParameters({
            ...filterProps,
            bucket: { type: 'string', enum: ['day', 'week', 'month'], default: 'day' },
          }),
          responses: {
            '200': json({
              type: 'object',
              properties: {
                bucket: { type: 'string' },
                buckets: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      bucket: { type: 'string' },
                      event_type: { type: 'string' },
                      count: { type: 'integer' },
                    },
                  },
                },
              },
            }),
            ...errors(400),
          },
        },
      },
      '/api/openapi.json': {
        get: {
          summary: 'This document',
          operationId: 'openapi',
          tags: ['meta'],
          responses: { '200': json({ type: 'object' }) },
        },
      },
      '/': {
        get: {
          summary: 'OGC API landing page (the map for browsers, JSON otherwise)',
          operationId: 'landing',
          tags: ['ogc'],
          parameters: [fParam],
          responses: {
            '200': {
              content: {
                'application/json': { schema: ref('Landing') },
                'text/html': { schema: { type: 'string' } },
              },
            },
          },
        },
      },
      '/conformance': {
        get: {
          summary: 'OGC conformance classes',
          operationId: 'conformance',
          tags: ['ogc'],
          parameters: [fParam],
          responses: {
            '200': json({
              type: 'object',
              properties: { conformsTo: { type: 'array', items: { type: 'string' } } },
            }),
          },
        },
      },
      '/collections': {
        get: {
          summary: 'The feature collections (one: events)',
          operationId: 'collections',
          tags: ['ogc'],
          parameters: [fParam],
          responses: { '200': json({ type: 'object' }) },
        },
      },
      '/collections/events': {
        get: {
          summary: 'The events collection',
          operationId: 'eventsCollection',
          tags: ['ogc'],
          parameters: [fParam],
          responses: { '200': json({ type: 'object' }) },
        },
      },
      '/collections/events/items': {
        get: {
          summary: 'Events as OGC features (bbox, datetime, limit, offset; follow `next` links)',
          description:
            "The stored Features, as `/api/events.geojson` sends them (a day's Features may come in another order " +
            'than (date, id) when the server keeps them in memory). Sent gzip when the request accepts it.',
          operationId: 'eventItems',
          tags: ['ogc'],
          parameters: queryParameters(itemsQuerySchema.properties),
          responses: { '200': json(ref('FeatureCollection'), 'application/geo+json'), ...errors(400) },
        },
      },
      '/collections/events/items/{featureId}': {
        get: {
          summary: 'One event as an OGC feature',
          operationId: 'eventItem',
          tags: ['ogc'],
          parameters: [idParam('featureId'), fParam],
          responses: { '200': json(ref('Feature'), 'application/geo+json'), ...errors(404) },
        },
      },
    },
    components: {
      schemas: {
        Span: {
          type: 'object',
          description: 'Half-open [start, end) UTF-16 offsets into the article text',
          properties: { start: { type: 'integer' }, end: { type: 'integer' } },
        },
        Event: event,
        Feature: feature,
        FeatureCollection: {
          type: 'object',
          properties: {
            type: { type: 'string', enum: ['FeatureCollection'] },
            features: { type: 'array', items: ref('Feature') },
            next: { type: 'string', nullable: true },
            numberMatched: { type: 'integer' },
            numberReturned: { type: 'integer' },
            links: { type: 'array', items: ref('Link') },
          },
        },
        StoredArticle: {
          type: 'object',
          properties: {
            article: { type: 'object' },
            otherUrls: { type: 'array', items: { type: 'string' } },
            places: { type: 'array', items: { type: 'object' } },
            times: { type: 'array', items: ref('TimeMention') },
            actors: { type: 'array', items: ref('ActorMention') },
            events: { type: 'array', items: ref('Event') },
            claims: { type: 'array', items: { type: 'object' } },
          },
        },
        TimeMention: {
          type: 'object',
          description: 'A time in the article text, resolved against the publication date',
          required: ['span', 'date', 'start', 'end', 'precision'],
          properties: {
            span: ref('Span'),
            text: { type: 'string' },
            date: {
              type: 'string',
              format: 'date',
              description: 'ACLED event_date: the day or the range start',
            },
            start: { type: 'string', format: 'date', description: 'ACLED date_start' },
            end: { type: 'string', format: 'date', description: 'ACLED date_end' },
            precision: { type: 'integer', enum: [1, 2, 3], description: 'ACLED time_precision' },
            basis: {
              type: 'object',
              description: 'which parts the text stated and which were implied',
              properties: {
                stated: { type: 'array', items: { type: 'string' } },
                implied: { type: 'array', items: { type: 'string' } },
              },
            },
            future: { type: 'boolean', description: 'after the publication date (a forecast or schedule)' },
          },
        },
        ActorMention: {
          type: 'object',
          description: 'An actor named in the article text',
          required: ['span', 'text', 'kind', 'side', 'name', 'acledName'],
          properties: {
            span: ref('Span'),
            text: { type: 'string' },
            kind: { type: 'string' },
            side: { type: 'string', enum: ['russia', 'ukraine', 'civilians', 'other', 'unknown'] },
            name: { type: 'string', description: 'normalised name' },
            acledName: { type: 'string', description: 'the ACLED actor name' },
            assocName: { type: 'string', description: 'the ACLED associated-actor name, for named units' },
          },
        },
        Link: {
          type: 'object',
          required: ['href', 'rel'],
          properties: {
            href: { type: 'string' },
            rel: { type: 'string' },
            type: { type: 'string' },
            title: { type: 'string' },
          },
        },
        Landing: {
          type: 'object',
          properties: { title: { type: 'string' }, links: { type: 'array', items: ref('Link') } },
        },
        Error: {
          type: 'object',
          required: ['error', 'message'],
          properties: { error: { type: 'string' }, message: { type: 'string' } },
        },
      },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a token from `litopys token create NAME`' },
      },
      responses: { Error: { description: 'an error', ...(json(ref('Error')) as object) } },
    },
  };
}
