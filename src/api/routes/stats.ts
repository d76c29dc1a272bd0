import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../create-app.js';
import type { EventQuery } from '../query.js';
import { eventQuerySchema, toEventFilter } from '../query.js';

type StatsQuery = EventQuery & { readonly bucket?: 'day' | 'week' | 'month' };

/**
 * `GET /api/stats?bucket=day` with the event filters: `{ bucket, buckets: [{ bucket, event_type, count }] }`, the
 * counts behind the timeline histogram. A bucket label is the bucket's first day (weeks start on Monday).
 */
export function statsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { limit: _limit, after: _after, ...filters } = eventQuerySchema.properties;
  app.get<{ Querystring: StatsQuery }>(
    '/api/stats',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            ...filters,
            bucket: { type: 'string', enum: ['day', 'week', 'month'], default: 'day' },
          },
        },
      },
    },
    async (request) => {
      const bucket = request.query.bucket ?? 'day';
      // The store's totals (stats()) are left out: they cost a scan of every table and the timeline re-asks on
      // every filter change.
      const buckets = await deps.store.eventBuckets(toEventFilter(request.query), bucket);
      return {
        bucket,
        buckets: buckets.map((b) => ({ bucket: b.bucket, event_type: b.eventType, count: b.count })),
      };
    },
  );
}
