import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Clock } from '../domain/index.js';
import { systemClock } from '../domain/index.js';
import { fetchUrl, readBytes } from '../ingest/index.js';
import type { Pipeline } from '../pipeline/index.js';
import type { Store } from '../store/store.js';
import { BufferPool } from './buffer-pool.js';
import { HttpError, codeForStatus } from './http-error.js';
import type { ArticleReaders } from './readers.js';
import { ResponseCache } from './response-cache.js';
import { articleRoutes } from './routes/articles.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { ogcRoutes } from './routes/ogc.js';
import { openapiRoutes } from './routes/openapi.js';
import { searchRoutes } from './routes/search.js';
import { statsRoutes } from './routes/stats.js';

/** What `createApp` is handed. Only `store` and `pipeline` are required. */
export interface AppOptions {
  readonly store: Store;
  readonly pipeline: Pipeline;
  /** The ingest functions `POST /api/articles` uses; defaults to `readBytes`/`fetchUrl` of `src/ingest`. */
  readonly readers?: ArticleReaders;
  readonly clock?: Clock;
  /** The built web UI (`web/dist`); served as static files with `index.html` at `/` for browsers. */
  readonly webRoot?: string | null;
  /** Let `POST /api/articles {url}` fetch loopback, private and link-local addresses (off by default: SSRF). */
  readonly allowPrivateFetch?: boolean;
  /** Addresses exempt from that refusal, e.g. a known internal mirror (tests use a second loopback address). */
  readonly allowFetchAddresses?: readonly string[];
  /** Largest request body in bytes; larger gets 413. Default 1 MiB. */
  readonly bodyLimit?: number;
  /** An origin allowed cross-origin access (CORS); absent means CORS stays off. */
  readonly cors?: string | null;
  /**
   * Origins the map may load online tiles from (the web UI's `?tiles=` option), added to the CSP's `connect-src`
   * and `img-src`; e.g. `['https://tile.openstreetmap.org']`. None by default: the map works offline.
   */
  readonly tileOrigins?: readonly string[];
  /** Fastify's request logging (off by default: tests and benchmarks stay quiet). */
  readonly logger?: boolean;
  /**
   * OGC items leave `numberMatched` out when more events than this match (counting stops there). Default
   * {@link DEFAULT_MATCH_COUNT_LIMIT}.
   */
  readonly matchCountLimit?: number;
  /**
   * Bodies of `/api/events.geojson` kept per (normalised query, store change token); null turns caching off. Default:
   * a cache of {@link DEFAULT_GEOJSON_CACHE_BYTES}. Only stores with a change token are cached.
   */
  readonly geojsonCache?: GeojsonCache | null;
  /**
   * How GeoJSON pages go to a client that takes gzip when the store keeps each Feature compressed (SQLite's Feature
   * index): `pieces` (default) joins those pieces, about 0.7 ms and half the text for a full page; `whole`
   * compresses the text at level 1 off the event loop, about 3.2 ms of CPU and a seventh of the text (120 against 467
   * KiB a full page): for clients on slow links.
   */
  readonly geojsonGzip?: 'pieces' | 'whole';
}

/** The `/api/events.geojson` body cache: each body with the `next` cursor of its page. */
export type GeojsonCache = ResponseCache<{ readonly next: string | null; readonly encoding: 'gzip' | null }>;

/** Size of the default GeoJSON body cache: 64 MiB, some seventy full 1,000-feature pages. */
export const DEFAULT_GEOJSON_CACHE_BYTES = 64 * 2 ** 20;

/** Up to how many matches OGC items count for `numberMatched`: ~20 ms of R*Tree hits on 1,000,000 events. */
export const DEFAULT_MATCH_COUNT_LIMIT = 10_000;

/** What every route factory is handed. */
export interface AppDeps {
  readonly store: Store;
  readonly pipeline: Pipeline;
  readonly readers: ArticleReaders;
  readonly clock: Clock;
  readonly allowPrivateFetch: boolean;
  readonly allowFetchAddresses: readonly string[];
  /** Set when the web UI was found and is served. */
  readonly webRoot: string | null;
  /** See {@link AppOptions.matchCountLimit}. */
  readonly matchCountLimit: number;
  /** See {@link AppOptions.geojsonCache}. */
  readonly geojsonCache: GeojsonCache | null;
  /**
   * Response buffers for GeoJSON pages a store copies out of memory (`/api/events.geojson` and the OGC items), one
   * pool for both: enough idle buffers for a few dozen full pages in flight.
   */
  readonly featureBuffers: BufferPool;
  /** See {@link AppOptions.geojsonGzip}. */
  readonly geojsonGzip: 'pieces' | 'whole';
}

const ROUTES = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/**
 * Every route `createApp` registered, as `{ method, url }` with Fastify's `:param` syntax (HEAD and OPTIONS left
 * out). For the OpenAPI completeness test and for tooling.
 *
 * @example routesOf(app).some((r) => r.url === '/api/events') → true
 */
export function routesOf(app: FastifyInstance): readonly { method: string; url: string }[] {
  return ROUTES.get(app) ?? [];
}

/** The Content-Security-Policy of every response: no inline scripts, nothing from other origins. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/**
 * The security headers of every response. Tile origins widen only `connect-src` and `img-src`, never scripts.
 *
 * @example securityHeaders(['https://tile.example.org'])['content-security-policy']
 *   → "… img-src 'self' data: blob: https://tile.example.org; … connect-src 'self' https://tile.example.org; …"
 */
export function securityHeaders(tileOrigins: readonly string[] = []): Readonly<Record<string, string>> {
  for (const o of tileOrigins) {
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(o)) {
      throw new TypeError(`tileOrigins: '${o}' is not an origin like https://tile.example.org`);
    }
  }
  const extra = tileOrigins.map((o) => ` ${o}`).join('');
  const csp = CONTENT_SECURITY_POLICY.replace(
    "img-src 'self' data: blob:",
    `img-src 'self' data: blob:${extra}`,
  ).replace("connect-src 'self'", `connect-src 'self'${extra}`);
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/**
 * Creates the HTTP app (not listening): the JSON API under `/api`, OGC API – Features at `/`, `/conformance` and
 * `/collections`, and the web UI. Every error leaves as `{ error, message }` with its status; every response
 * carries the security headers. Call `app.listen({ host, port })` to serve, `app.inject()` to test.
 *
 * @example
 * const app = await createApp({ store: await openStore('litopys.db'), pipeline: createPipeline() });
 * const res = await app.inject('/api/events?limit=10'); // res.json() → { events, next }
 */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const webRoot = options.webRoot ? resolve(options.webRoot) : null;
  const hasWeb = webRoot !== null && existsSync(join(webRoot, 'index.html'));
  const deps: AppDeps = {
    store: options.store,
    pipeline: options.pipeline,
    readers: options.readers ?? { readBytes, fetchUrl },
    clock: options.clock ?? systemClock,
    allowPrivateFetch: options.allowPrivateFetch ?? false,
    allowFetchAddresses: options.allowFetchAddresses ?? [],
    webRoot: hasWeb ? webRoot : null,
    matchCountLimit: options.matchCountLimit ?? DEFAULT_MATCH_COUNT_LIMIT,
    geojsonCache:
      options.geojsonCache === undefined
        ? new ResponseCache(DEFAULT_GEOJSON_CACHE_BYTES)
        : options.geojsonCache,
    featureBuffers: new BufferPool(32 * 2 ** 20),
    geojsonGzip: options.geojsonGzip ?? 'pieces',
  };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    ajv: {
      // 'array' lets `?event_type=Battles` and `?event_type=A&event_type=B` both arrive as arrays.
      customOptions: { coerceTypes: 'array', allErrors: false },
    },
  });

  const routes: { method: string; url: string }[] = [];
  ROUTES.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url: route.url });
    }
  });

  const headers = securityHeaders(options.tileOrigins);
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });

  app.setErrorHandler((err: FastifyError | HttpError | Error, request, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.status).headers(err.headers).send({ error: err.code, message: err.message });
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      return reply.code(400).send({ error: 'bad-request', message: fe.message });
    }
    // Fastify's own errors carry their status (some, like the 413, are RangeErrors, so this test comes first).
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.code(fe.statusCode).send({ error: codeForStatus(fe.statusCode), message: err.message });
    }
    // A store rejecting an argument we passed through from the request (e.g. a malformed cursor).
    if (err instanceof RangeError) {
      return reply.code(400).send({ error: 'bad-request', message: err.message });
    }
    const status = typeof fe.statusCode === 'number' && fe.statusCode >= 500 ? fe.statusCode : 500;
    request.log.error(err);
    // Internal messages may name files or SQL; the client gets the status only.
    return reply.code(status).send({ error: codeForStatus(status), message: 'internal server error' });
  });

  app.setNotFoundHandler((request, reply) => {
    return reply
      .code(404)
      .send({ error: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });

  // Responses of 1 KiB and more go gzipped to clients that take it (the web UI's scripts and basemap, JSON and CSV
  // pages), at level 1 as nginx does by default, off the event loop for large bodies. Only gzip, which
  // `/api/events.geojson` and the OGC items negotiate themselves (they set Content-Encoding, and this leaves their
  // bodies alone), so one Accept-Encoding never gets two encodings. Request bodies are not inflated: the body limit
  // holds for what is sent.
  await app.register(fastifyCompress, {
    global: true,
    globalDecompression: false,
    encodings: ['gzip'],
    threshold: 1024,
    zlibOptions: { level: 1 },
  });
  if (options.cors) {
    await app.register(fastifyCors, {
      origin: options.cors,
      methods: ['GET', 'HEAD', 'POST', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: ['Link'],
    });
  }
  if (deps.webRoot !== null) {
    // index: false: `/` is the OGC landing page, which negotiates between this UI and JSON itself.
    await app.register(fastifyStatic, { root: deps.webRoot, prefix: '/', index: false, wildcard: true });
  }

  healthRoutes(app, deps);
  eventRoutes(app, deps);
  articleRoutes(app, deps);
  searchRoutes(app, deps);
  statsRoutes(app, deps);
  ogcRoutes(app, deps);
  openapiRoutes(app, deps);
  return app;
}
