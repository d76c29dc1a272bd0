import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../create-app.js';

/**
 * `GET /api/health`: `{ status: 'ok', backend, time, featureIndex }` while the store answers a one-row query; 503
 * when it does not. `featureIndex` is the state of the store's in-memory Feature index (null without one): a process
 * that has just started serves GeoJSON pages from SQL until it says `ready`. Deliberately cheap (load balancers call
 * it every few seconds); counts live in `/api/stats`.
 */
export function healthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/api/health', async (request, reply) => {
    try {
      await deps.store.queryEvents({}, { limit: 1 });
    } catch (err) {
      request.log.error(err);
      return reply.code(503).send({ error: 'unavailable', message: 'the store does not answer' });
    }
    return {
      status: 'ok',
      backend: deps.store.backend,
      time: deps.clock.now().toISOString(),
      featureIndex: deps.store.featureIndex?.() ?? null,
    };
  });
}
