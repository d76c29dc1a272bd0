import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressRefusal, FetchError, fetchUrl, USER_AGENT } from '../../src/ingest/index.js';

// A real HTTP server on 127.0.0.1 plays every part: redirects, compression, slow answers, conditional GET.
let server: Server;
let base = '';
let hits = 0;
const seen: Record<string, string | undefined> = {};
const BODY = 'Russian forces shelled Kherson overnight, the regional administration said.';

function route(req: IncomingMessage, res: ServerResponse): void {
  hits++;
  const url = new URL(req.url ?? '/', base);
  seen.userAgent = req.headers['user-agent'];
  const hop = /^\/hop\/(\d+)$/.exec(url.pathname);
  if (hop) {
    const n = Number(hop[1]);
    res.writeHead(
      n > 0 ? 302 : 200,
      n > 0 ? { location: `/hop/${n - 1}` } : { 'content-type': 'text/plain' },
    );
    res.end(n > 0 ? '' : 'arrived');
    return;
  }
  switch (url.pathname) {
    case '/text':
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(BODY);
      return;
    case '/gzip':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(gzipSync(BODY));
      return;
    case '/br':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'br' });
      res.end(brotliCompressSync(BODY));
      return;
    case '/big': {
      // Chunked with no length, so only counting the stream can stop it.
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(1024);
      let sent = 0;
      const more = (): void => {
        while (sent < 64) {
          sent++;
          if (!res.write(chunk)) {
            res.once('drain', more);
            return;
          }
        }
        res.end();
      };
      more();
      return;
    }
    case '/big-declared':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5000' });
      res.end('y'.repeat(5000));
      return;
    case '/gzip-bomb':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(200_000, 0x61)));
      return;
    case '/stall':
      // Headers and half a gzip body, then silence: the timeout must still end it.
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.write(gzipSync(BODY.repeat(50)).subarray(0, 40));
      return;
    case '/slow':
      // Never answers; the client's timeout must end it.
      return;
    case '/etag':
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
      } else {
        res.writeHead(200, { etag: '"v1"', 'content-type': 'application/rss+xml' });
        res.end('<rss/>');
      }
      return;
    case '/missing':
      res.writeHead(404);
      res.end('not here');
      return;
    case '/to-metadata':
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
      return;
    case '/to-private':
      res.writeHead(301, { location: 'http://10.0.0.1/admin' });
      res.end();
      return;
    case '/to-loopback-name':
      res.writeHead(307, { location: `http://localhost:${(server.address() as AddressInfo).port}/text` });
      res.end();
      return;
    default:
      res.writeHead(500);
      res.end();
  }
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const local = { allowPrivate: true } as const;

async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw err;
  }
  throw new Error('expected a FetchError');
}

describe('fetchUrl', () => {
  it('fetches a body with the Litopys User-Agent', async () => {
    const r = await fetchUrl(`${base}/text`, local);
    expect(r.status).toBe(200);
    expect(Buffer.from(r.body).toString()).toBe(BODY);
    expect(r.contentType).toBe('text/plain; charset=utf-8');
    expect(r.notModified).toBe(false);
    expect(seen.userAgent).toBe(USER_AGENT);
  });

  it('follows up to five redirects and reports the final URL', async () => {
    const r = await fetchUrl(`${base}/hop/5`, local);
    expect(Buffer.from(r.body).toString()).toBe('arrived');
    expect(r.url).toBe(`${base}/hop/0`);
    expect((await failure(fetchUrl(`${base}/hop/6`, local))).code).toBe('too-many-redirects');
    expect((await failure(fetchUrl(`${base}/hop/2`, { ...local, maxRedirects: 1 }))).code).toBe(
      'too-many-redirects',
    );
  });

  it('decompresses gzip and brotli', async () => {
    expect(Buffer.from((await fetchUrl(`${base}/gzip`, local)).body).toString()).toBe(BODY);
    expect(Buffer.from((await fetchUrl(`${base}/br`, local)).body).toString()).toBe(BODY);
  });

  it('aborts past the byte cap, counting decoded bytes', async () => {
    expect((await failure(fetchUrl(`${base}/big`, { ...local, maxBytes: 10_000 }))).code).toBe('too-large');
    expect((await failure(fetchUrl(`${base}/big-declared`, { ...local, maxBytes: 1000 }))).code).toBe(
      'too-large',
    );
    expect((await failure(fetchUrl(`${base}/gzip-bomb`, { ...local, maxBytes: 100_000 }))).code).toBe(
      'too-large',
    );
    expect((await fetchUrl(`${base}/big`, local)).body.length).toBe(64 * 1024);
  });

  it('times out', async () => {
    const started = Date.now();
    const err = await failure(fetchUrl(`${base}/slow`, { ...local, timeoutMs: 300 }));
    expect(err.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
    const stalled = await failure(fetchUrl(`${base}/stall`, { ...local, timeoutMs: 300 }));
    expect(stalled.code).toBe('timeout');
  });

  it('makes a conditional GET: 304 is notModified, not an error', async () => {
    const first = await fetchUrl(`${base}/etag`, local);
    expect(first.headers.etag).toBe('"v1"');
    const again = await fetchUrl(`${base}/etag`, {
      ...local,
      headers: { 'If-None-Match': first.headers.etag },
    });
    expect(again.status).toBe(304);
    expect(again.notModified).toBe(true);
    expect(again.body.length).toBe(0);
  });

  it('rejects HTTP errors with their status', async () => {
    const err = await failure(fetchUrl(`${base}/missing`, local));
    expect(err.code).toBe('http-status');
    expect(err.status).toBe(404);
  });

  it('rejects bad URLs and a closed port', async () => {
    expect((await failure(fetchUrl('ftp://example.org/file'))).code).toBe('bad-url');
    expect((await failure(fetchUrl('not a url'))).code).toBe('bad-url');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failure(fetchUrl(`http://127.0.0.1:${port}/`, local));
    expect(err.code).toBe('network');
    expect(err.message).toContain('ECONNREFUSED');
  });
});

describe('fetchUrl SSRF guard', () => {
  it('refuses loopback by address and by name before sending anything', async () => {
    const before = hits;
    const byAddress = await failure(fetchUrl(`${base}/text`));
    expect(byAddress.code).toBe('private-address');
    expect(byAddress.message).toContain('loopback');
    const port = (server.address() as AddressInfo).port;
    expect((await failure(fetchUrl(`http://localhost:${port}/text`))).code).toBe('private-address');
    expect((await failure(fetchUrl(`http://[::1]:${port}/text`))).code).toBe('private-address');
    expect(hits).toBe(before);
  });

  it('checks every redirect target: metadata, private and loopback names are refused', async () => {
    // The test server itself is exempted by address so the first hop can happen.
    const guarded = { allowPrivate: false, allowAddresses: ['127.0.0.1'] };
    const metadata = await failure(fetchUrl(`${base}/to-metadata`, guarded));
    expect(metadata.code).toBe('private-address');
    expect(metadata.message).toContain('169.254.169.254');
    expect((await failure(fetchUrl(`${base}/to-private`, guarded))).code).toBe('private-address');
    const before = hits;
    const named = await fetchUrl(`${base}/to-loopback-name`, guarded).then(
      () => null,
      (e: unknown) => e,
    );
    // localhost may resolve to ::1 (refused) or 127.0.0.1 (exempted); it must never reach another address.
    if (named) expect((named as FetchError).code).toBe('private-address');
    else expect(hits).toBe(before + 2);
  });

  it('classifies addresses', () => {
    const refused = [
      '127.0.0.1',
      '127.1.2.3',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'fe80::1%eth0',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      '::ffff:10.0.0.1',
      '64:ff9b::10.0.0.1',
      '2002:0a00:0001::1',
      '[::1]',
    ];
    for (const ip of refused) expect(addressRefusal(ip), ip).not.toBeNull();
    const allowed = [
      '8.8.8.8',
      '1.1.1.1',
      '172.32.0.1',
      '100.128.0.1',
      '2a00:1450:4001::1',
      '::ffff:8.8.8.8',
    ];
    for (const ip of allowed) expect(addressRefusal(ip), ip).toBeNull();
    expect(addressRefusal('169.254.169.254')).toContain('metadata');
    expect(addressRefusal('example.org')).toBe('not an IP address');
  });
});
