import type { FastifyReply } from 'fastify';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { EventFeaturePage, EventFilter, FeatureFrame } from '../store/store.js';
import type { AppDeps } from './create-app.js';

// Pages of stored Features as `/api/events.geojson` and the OGC items send them: read inside the route's frame (into
// a pooled buffer when the store copies them out of memory, as gzip pieces when the client takes gzip and the server
// joins them), then made ready to send.

const gzipAsync = promisify(gzipCallback);

/**
 * True when an `Accept-Encoding` header takes gzip (RFC 9110 §12.5.3): `gzip` or `x-gzip`, or else `*`, with a
 * non-zero `q`.
 *
 * @example acceptsGzip('gzip, deflate, br') → true; acceptsGzip('gzip;q=0, *') → false
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  let any = false;
  for (const part of header.toLowerCase().split(',')) {
    const [coding = '', ...params] = part.split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    const ok = q === undefined || Number(q.slice(2)) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') return ok;
    if (coding === '*') any = ok;
  }
  return any;
}

/**
 * A page of stored Features inside `frame`. Unless the body is `forCache` (to be kept, compressed whole, in a fresh
 * buffer of its own): with `gzip` (the client takes it) and the server joining pieces (`geojsonGzip`), a store that
 * keeps each Feature compressed returns the page as gzip, and a store that copies the bytes out of memory takes its
 * buffer from the app's pool, returned as `lent` (`sendableBody` gives it back).
 */
export async function readFeaturePage(
  deps: AppDeps,
  filter: EventFilter,
  page: { readonly limit: number; readonly after: string | null },
  frame: FeatureFrame,
  options: { readonly gzip: boolean; readonly forCache: boolean },
): Promise<{ page: EventFeaturePage; lent: Uint8Array | undefined }> {
  let lent: Uint8Array | undefined;
  const p = await deps.store.queryEventFeatures?.(filter, {
    ...page,
    frame: options.forCache
      ? frame
      : {
          ...frame,
          gzip: options.gzip && deps.geojsonGzip === 'pieces',
          allocate: (size: number) => (lent = deps.featureBuffers.take(size)),
        },
  });
  if (p === undefined) throw new Error('readFeaturePage: the store keeps no stored Features');
  return { page: p, lent };
}

/**
 * The body of a page from `readFeaturePage` as sent, and its encoding: text (from SQL or PostgreSQL, or from memory
 * with geojsonGzip 'whole') to a client that takes gzip is compressed here, off the event loop, at `level` (1: about
 * 3 ms and a seventh of the bytes for a full page). A pooled buffer goes back to the pool as soon as it is compressed,
 * or else once the response is sent ('finish': the whole body is with the kernel; an aborted response never gives its
 * buffer back).
 */
export async function sendableBody(
  deps: AppDeps,
  reply: FastifyReply,
  read: { readonly page: EventFeaturePage; readonly lent: Uint8Array | undefined },
  gzip: boolean,
  level: number,
): Promise<{ body: Buffer; encoding: 'gzip' | null }> {
  const { page: p, lent } = read;
  const text = Buffer.from(p.features.buffer, p.features.byteOffset, p.features.byteLength);
  if (gzip && p.encoding !== 'gzip') {
    const body = await gzipAsync(text, { level });
    if (lent !== undefined) deps.featureBuffers.give(lent);
    return { body, encoding: 'gzip' };
  }
  if (lent !== undefined) reply.raw.once('finish', () => deps.featureBuffers.give(lent));
  return { body: text, encoding: p.encoding ?? null };
}
