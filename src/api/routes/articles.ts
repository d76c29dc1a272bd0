import type { FastifyInstance } from 'fastify';
import type { Article, Issue } from '../../domain/index.js';
import { toAcledRecord } from '../../domain/index.js';
import { requireToken } from '../auth.js';
import type { AppDeps } from '../create-app.js';
import { HttpError } from '../http-error.js';
import type { ReadResult } from '../readers.js';

/** The body of `POST /api/articles`: exactly one of `text`, `html`, `url` is the content; the rest is metadata. */
export interface PostArticleBody {
  readonly text?: string;
  readonly html?: string;
  /** Fetched when neither `text` nor `html` is given; otherwise the article's URL. */
  readonly url?: string;
  readonly headline?: string;
  /** ISO date `YYYY-MM-DD` or date-time. */
  readonly published?: string;
  readonly outlet?: string;
}

/** JSON schema of `PostArticleBody`. */
export const postArticleSchema = {
  type: 'object',
  additionalProperties: false,
  anyOf: [{ required: ['text'] }, { required: ['html'] }, { required: ['url'] }],
  properties: {
    text: { type: 'string', minLength: 1 },
    html: { type: 'string', minLength: 1 },
    url: { type: 'string', minLength: 8, maxLength: 2048, pattern: '^https?://' },
    headline: { type: 'string', minLength: 1, maxLength: 1000 },
    published: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?$',
    },
    outlet: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

const FETCH_LIMITS = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 } as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/** The caller's metadata wins over what the reader found: they know the story they are posting. */
function withMetadata(a: Article, body: PostArticleBody): Article {
  return {
    ...a,
    ...(body.headline !== undefined && { headline: body.headline }),
    ...(body.outlet !== undefined && { outlet: body.outlet }),
    ...(body.published !== undefined && {
      published: body.published,
      publishedPrecision: body.published.length > 10 ? 'datetime' : 'day',
    }),
  };
}

async function read(deps: AppDeps, body: PostArticleBody): Promise<ReadResult> {
  const readers = deps.readers;
  const clock = deps.clock;
  const url = body.url;
  if (body.text !== undefined || body.html !== undefined) {
    const isHtml = body.text === undefined;
    const bytes = new TextEncoder().encode(body.text ?? body.html ?? '');
    return readers.readBytes(bytes, {
      name: url ?? (isHtml ? 'posted.html' : 'posted.txt'),
      // Posted text is left to the reader's detection: it may be the page-scrape layout, which carries the date,
      // outlet and headline in its first lines.
      ...(isHtml && { format: 'html' }),
      contentType: isHtml ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
      ...(url !== undefined && { url }),
      clock,
    });
  }
  if (url === undefined) throw new HttpError(400, 'bad-request', 'body needs one of text, html, url');
  let fetched;
  try {
    fetched = await readers.fetchUrl(url, {
      ...FETCH_LIMITS,
      allowPrivate: deps.allowPrivateFetch,
      allowAddresses: deps.allowFetchAddresses,
      headers: { accept: 'text/html, application/xhtml+xml, text/plain;q=0.8, */*;q=0.5' },
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const message = err instanceof Error ? err.message : String(err);
    // FetchError codes of src/ingest: the SSRF guard's refusal and a URL it cannot use are the caller's doing.
    if (code === 'private-address') {
      throw new HttpError(400, 'fetch-refused', `refused to fetch ${url}: ${message}`);
    }
    if (code === 'bad-url') throw new HttpError(400, 'bad-request', message);
    throw new HttpError(502, 'fetch-failed', `could not fetch ${url}: ${message}`);
  }
  if (fetched.status < 200 || fetched.status >= 300) {
    throw new HttpError(502, 'fetch-failed', `fetching ${url} answered HTTP ${fetched.status}`);
  }
  return readers.readBytes(fetched.body, {
    name: fetched.url,
    url: fetched.url,
    ...(fetched.contentType && { contentType: fetched.contentType }),
    clock,
  });
}

/**
 * `GET /api/articles/:id` → `{ article, otherUrls, places, times, actors, events, claims }` (the store's
 * StoredArticle: place, time and actor mentions and event evidence carry spans, offsets into `article.text`, for
 * highlighting; a time says what it resolved to, an actor its name, side and ACLED name); `POST /api/articles` (bearer token) reads, analyses and stores a posted or
 * fetched article → 201 `{ id, articles: [{ id, outcome, status, events, issues }], issues }`;
 * `DELETE /api/articles/:id` (bearer token) → 204, or 404 when there is no such article.
 */
export function articleRoutes(app: FastifyInstance, deps: AppDeps): void {
  const auth = requireToken(deps.store);

  app.get<{ Params: { id: string } }>(
    '/api/articles/:id',
    { schema: { params: idParams } },
    async (request) => {
      const found = await deps.store.getArticle(request.params.id);
      if (!found) throw new HttpError(404, 'not-found', `no article ${request.params.id}`);
      return found;
    },
  );

  app.post<{ Body: PostArticleBody }>(
    '/api/articles',
    { schema: { body: postArticleSchema }, preHandler: auth },
    async (request, reply) => {
      const { articles, issues } = await read(deps, request.body);
      if (articles.length === 0) {
        const why = issues.map((i: Issue) => i.message).join('; ') || 'no article found in the input';
        throw new HttpError(422, 'unreadable', why);
      }
      const analyses = articles.map((a) => deps.pipeline.analyse(withMetadata(a, request.body)));
      const results = await deps.store.putAnalyses(analyses);
      const out = analyses.map((a, i) => ({
        id: results[i]?.articleId ?? a.article.id,
        outcome: results[i]?.outcome ?? 'new',
        ...(results[i]?.duplicateOf !== undefined && { duplicateOf: results[i]?.duplicateOf }),
        status: a.status,
        events: a.events.map(toAcledRecord),
        issues: a.issues,
      }));
      return reply.code(201).send({ id: out[0]?.id, articles: out, issues });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/articles/:id',
    { schema: { params: idParams }, preHandler: auth },
    async (request, reply) => {
      const gone = await deps.store.deleteArticle(request.params.id);
      if (!gone) throw new HttpError(404, 'not-found', `no article ${request.params.id}`);
      return reply.code(204).send();
    },
  );
}
