import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../create-app.js';
import { openApiDocument } from '../openapi.js';

/** `GET /api/openapi.json`: the OpenAPI 3.0 document of every route (built once). */
export function openapiRoutes(app: FastifyInstance, _deps: AppDeps): void {
  const doc = openApiDocument();
  app.get('/api/openapi.json', async (_request, reply) =>
    reply.type('application/vnd.oai.openapi+json;version=3.0').send(doc),
  );
}
