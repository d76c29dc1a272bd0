import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { addressRefusal } from './address-guard.js';

/** The User-Agent every request sends unless `userAgent` overrides it. */
export const USER_AGENT = 'Litopys/0.1 (+https://github.com/litopys/litopys)';

/** Limits and headers for `fetchUrl`. */
export interface FetchOptions {
  /** Whole request, redirects and body included; default 20 000 ms. */
  timeoutMs?: number;
  /** Decoded body cap; default 10 MiB. The download is aborted as soon as it passes the cap. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /**
   * Allow loopback, private, link-local and other non-public addresses. Default false (the SSRF guard is on):
   * servers fetching user-given URLs keep it off; the CLI, fetching what its own user typed, turns it on.
   */
  allowPrivate?: boolean;
  /** IP addresses exempt from the guard, e.g. a known internal mirror (or a test server on 127.0.0.1). */
  allowAddresses?: readonly string[];
  /** Extra request headers, e.g. `If-None-Match` / `If-Modified-Since` for a conditional GET. */
  headers?: Record<string, string>;
  userAgent?: string;
}

/** A response: the final URL after redirects, lower-cased headers, the decoded (decompressed) body. */
export interface FetchResult {
  status: number;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
  contentType: string | null;
  /** True for 304 Not Modified (after a conditional GET); the body is then empty. */
  notModified: boolean;
}

/** Why a fetch failed. */
export type FetchErrorCode =
  'private-address' | 'timeout' | 'too-large' | 'too-many-redirects' | 'http-status' | 'network' | 'bad-url';

/**
 * A failed fetch; `code` says why, `url` is the URL being fetched when it failed, `status` is set for
 * `http-status`.
 *
 * @example try { await fetchUrl(u) } catch (e) { if (e instanceof FetchError && e.code === 'timeout') … }
 */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly code: FetchErrorCode,
    message: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function refusalFor(address: string, options: FetchOptions): string | null {
  if (options.allowPrivate || options.allowAddresses?.includes(address)) return null;
  return addressRefusal(address);
}

/**
 * A DNS lookup for the socket that refuses when any address of the host is non-public. The socket connects to the
 * very address checked here, so a second DNS answer cannot slip a private address in (no rebinding window).
 */
function guardedLookup(url: string, options: FetchOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) {
        callback(err, '', 0);
        return;
      }
      for (const a of addresses) {
        const why = refusalFor(a.address, options);
        if (why) {
          const e = new FetchError('private-address', `${hostname} resolves to ${a.address} (${why})`, url);
          callback(e, '', 0);
          return;
        }
      }
      if (lookupOptions.all) callback(null, addresses);
      else if (addresses.length > 0) callback(null, addresses[0].address, addresses[0].family);
      else callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
    });
  };
}

function parseUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new FetchError('bad-url', `not a URL: ${raw}`, raw);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new FetchError('bad-url', `only http and https URLs are fetched: ${raw}`, raw);
  }
  if (u.username || u.password)
    throw new FetchError('bad-url', `URLs with credentials are refused: ${raw}`, raw);
  return u;
}

function headersOf(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function decoded(res: IncomingMessage): Readable {
  const enc = (res.headers['content-encoding'] ?? '').toLowerCase().trim();
  if (enc === 'gzip' || enc === 'x-gzip') return res.pipe(createGunzip());
  if (enc === 'deflate') return res.pipe(createInflate());
  if (enc === 'br') return res.pipe(createBrotliDecompress());
  return res;
}

interface Hop {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  location: string | null;
}

function oneRequest(u: URL, options: FetchOptions, signal: AbortSignal, maxBytes: number): Promise<Hop> {
  const url = u.toString();
  const host = u.hostname.replace(/^\[|\]$/g, '');
  // A literal IP never reaches the lookup hook, so it is checked here.
  if (isIP(host)) {
    const why = refusalFor(host, options);
    if (why) return Promise.reject(new FetchError('private-address', `${host} is ${why}`, url));
  }
  return new Promise<Hop>((resolve, reject) => {
    const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(
      u,
      {
        method: 'GET',
        signal,
        // A fresh socket per request: a pooled one may have been opened under another request's guard settings.
        agent: false,
        lookup: guardedLookup(url, options),
        headers: {
          'user-agent': options.userAgent ?? USER_AGENT,
          'accept-encoding': 'gzip, deflate, br',
          accept: 'text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, */*;q=0.8',
          ...options.headers,
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const headers = headersOf(res);
        if (REDIRECTS.has(status) || status === 304 || status >= 400) {
          res.resume();
          resolve({ status, headers, body: new Uint8Array(), location: headers.location ?? null });
          return;
        }
        const declared = Number(headers['content-length']);
        if (!headers['content-encoding'] && Number.isFinite(declared) && declared > maxBytes) {
          // Settle first: destroying the request emits errors of its own.
          reject(
            new FetchError('too-large', `${url}: ${declared} bytes is over the ${maxBytes}-byte cap`, url),
          );
          req.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let total = 0;
        // pipe() does not forward the response's errors to a decompressor, so both are watched.
        res.on('error', (err) => reject(toFetchError(err, url)));
        res.on('aborted', () =>
          reject(toFetchError(signal.aborted ? signal.reason : new Error('connection aborted'), url)),
        );
        const body = decoded(res);
        body.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > maxBytes) {
            reject(new FetchError('too-large', `${url}: body passed the ${maxBytes}-byte cap`, url));
            req.destroy();
            body.destroy();
            return;
          }
          chunks.push(chunk);
        });
        body.on('end', () =>
          resolve({ status, headers, body: new Uint8Array(Buffer.concat(chunks)), location: null }),
        );
        body.on('error', (err) => reject(toFetchError(err, url)));
      },
    );
    req.on('error', (err) => reject(toFetchError(err, url)));
    req.end();
  });
}

function toFetchError(err: unknown, url: string): FetchError {
  if (err instanceof FetchError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e.name === 'AbortError' || e.name === 'TimeoutError')
    return new FetchError('timeout', `${url}: timed out`, url);
  return new FetchError('network', `${url}: ${e.code ? `${e.code} ` : ''}${e.message}`, url);
}

/**
 * Fetches a URL with GET: follows up to `maxRedirects` redirects (each target checked again), decompresses
 * gzip/deflate/br, aborts past `maxBytes` or `timeoutMs`, sends the Litopys User-Agent, and (unless
 * `allowPrivate`) refuses non-public addresses on every hop, connecting only to the address it checked. A 304
 * resolves with `notModified: true`; any other status outside 2xx and 3xx rejects.
 *
 * @throws FetchError with `code` 'private-address' | 'timeout' | 'too-large' | 'too-many-redirects' |
 *   'http-status' | 'network' | 'bad-url'.
 * @example
 * const r = await fetchUrl('https://kyivindependent.com/feed/', { headers: { 'if-none-match': etag } });
 * if (!r.notModified) readBytes(r.body, { name: r.url, contentType: r.contentType ?? undefined });
 */
export async function fetchUrl(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let current = parseUrl(url);
    for (let redirects = 0; ; redirects++) {
      let hop: Hop;
      try {
        hop = await oneRequest(current, options, controller.signal, maxBytes);
      } catch (err) {
        if (controller.signal.aborted) {
          throw new FetchError(
            'timeout',
            `${current.toString()}: no answer within ${timeoutMs} ms`,
            current.toString(),
          );
        }
        throw err;
      }
      if (REDIRECTS.has(hop.status) && hop.location) {
        if (redirects >= maxRedirects) {
          throw new FetchError(
            'too-many-redirects',
            `${url}: more than ${maxRedirects} redirects`,
            current.toString(),
          );
        }
        let next: URL;
        try {
          next = new URL(hop.location, current);
        } catch {
          throw new FetchError('bad-url', `bad redirect location: ${hop.location}`, current.toString());
        }
        current = parseUrl(next.toString());
        continue;
      }
      const final = current.toString();
      if (hop.status === 304) {
        return {
          status: 304,
          url: final,
          headers: hop.headers,
          body: new Uint8Array(),
          contentType: hop.headers['content-type'] ?? null,
          notModified: true,
        };
      }
      if (hop.status < 200 || hop.status >= 300) {
        throw new FetchError('http-status', `${final}: HTTP ${hop.status}`, final, hop.status);
      }
      return {
        status: hop.status,
        url: final,
        headers: hop.headers,
        body: hop.body,
        contentType: hop.headers['content-type'] ?? null,
        notModified: false,
      };
    }
  } finally {
    clearTimeout(timer);
  }
}
