import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../create-app.js';

interface SearchQuery {
  readonly q: string;
  readonly since?: string;
  readonly until?: string;
  readonly outlet?: string;
  readonly limit?: number;
}

const DAY = '^\\d{4}-\\d{2}-\\d{2}$';

/** `GET /api/search?q=` full text over articles: `{ hits: [{ id, headline, outlet, published, url, snippet, rank }] }`. */
export function searchRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: SearchQuery }>(
    '/api/search',
    {
      schema: {
        querystring: {
          type: 'object',
          required: ['q'],
          properties: {
            q: { type: 'string', minLength: 1, maxLength: 500 },
            since: { type: 'string', pattern: DAY },
            until: { type: 'string', pattern: DAY },
            outlet: { type: 'string', minLength: 1, maxLength: 200 },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
        },
      },
    },
    async (request) => {
      const { q, since, until, outlet, limit } = request.query;
      const hits = await deps.store.searchArticles({
        q,
        ...(since !== undefined && { since }),
        ...(until !== undefined && { until }),
        ...(outlet !== undefined && { outlet }),
        ...(limit !== undefined && { limit }),
      });
      return { hits };
    },
  );
}
