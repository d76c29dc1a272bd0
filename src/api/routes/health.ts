import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../create-app.js';

/** `GET /api/health`: `{ status: 'ok', backend, time }` while the store answers; 503 when it does not. */
export function healthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/api/health', async (_request, reply) => {
    try {
      const s = await deps.store.stats();
      return {
        status: 'ok',
        backend: deps.store.backend,
        articles: s.articles,
        events: s.events,
        time: deps.clock.now().toISOString(),
      };
    } catch (err) {
      _request.log.error(err);
      return reply.code(503).send({ error: 'unavailable', message: 'the store does not answer' });
    }
  });
}
