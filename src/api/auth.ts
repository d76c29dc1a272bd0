import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import { HttpError } from './http-error.js';

/**
 * The sha256 hex of a token secret: what the store keeps instead of the secret.
 *
 * @example hashToken('s3cret') → '2c6f…' (64 hex digits)
 */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="litopys"' };

/**
 * A preHandler that admits a request only with `Authorization: Bearer <secret>` of a live token. No or malformed
 * header → 401 (with a `WWW-Authenticate` challenge); a secret the store does not know or has revoked → 403.
 * The token's name is set on `request.tokenName` for logs.
 *
 * @example app.post('/api/articles', { preHandler: requireToken(store) }, handler)
 */
export function requireToken(store: Store): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw new HttpError(401, 'unauthorized', 'this request needs Authorization: Bearer <token>', CHALLENGE);
    }
    const m = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(header);
    if (!m?.[1]) {
      throw new HttpError(401, 'unauthorized', 'Authorization must be "Bearer <token>"', CHALLENGE);
    }
    const name = await store.findToken(hashToken(m[1]));
    if (name === undefined) throw new HttpError(403, 'forbidden', 'the token is unknown or revoked');
  };
}
