import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, hashToken } from '../../src/api/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import type { Store } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { scratch } from '../shared.js';

// POST /api/articles {url} through a real listening server: the fetch must refuse loopback, private, link-local
// and metadata addresses, directly and behind a redirect, before any request reaches them. The "public" site is a
// server on 127.0.0.2, exempted by address the way an operator would exempt a known mirror; the victim is a server
// on 127.0.0.1 that counts every request it gets (it must get none).

const SECRET = 'ssrf-test-secret-7c1d';
const dir = scratch('api-ssrf');
let store: Store;
let app: FastifyInstance;
let base: string;
let victim: Server;
let victimHits = 0;
let victimPort = 0;
let site: Server;
let siteBase = '';

const PAGE =
  '<!doctype html><html><head><title>Shelling reported near Kupiansk</title></head><body><article>' +
  '<h1>Shelling reported near Kupiansk</h1><p>Artillery fire hit the outskirts of Kupiansk on Tuesday, the ' +
  'regional administration said in a short statement.</p><p>No casualties were reported by the evening.</p>' +
  '</article></body></html>';

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  victim = createServer((_req, res) => {
    victimHits++;
    res.end('internal secrets');
  });
  victimPort = await listen(victim, '127.0.0.1');
  site = createServer((req, res) => {
    const to: Record<string, string> = {
      '/to-loopback': `http://127.0.0.1:${victimPort}/admin`,
      '/to-localhost': `http://localhost:${victimPort}/admin`,
      '/to-private': 'http://10.0.0.1/',
      '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
    };
    const target = to[req.url ?? ''];
    if (target) {
      res.writeHead(302, { location: target }).end();
    } else if (req.url === '/article') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else {
      res.writeHead(404).end();
    }
  });
  siteBase = `http://127.0.0.2:${await listen(site, '127.0.0.2')}`;

  store = await openStore(join(dir, 'ssrf.db'));
  await store.createToken('ssrf', hashToken(SECRET));
  app = await createApp({ store, pipeline: createPipeline(), allowFetchAddresses: ['127.0.0.2'] });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  await new Promise((r) => victim?.close(r));
  await new Promise((r) => site?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

async function postUrl(
  url: string,
): Promise<{ status: number; body: { error?: string; message?: string; id?: string } }> {
  const res = await fetch(`${base}/api/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { error?: string; message?: string; id?: string },
  };
}

describe('server-side fetch refuses non-public addresses', () => {
  const direct = (): [string, string][] => [
    ['loopback', `http://127.0.0.1:${victimPort}/admin`],
    ['localhost', `http://localhost:${victimPort}/admin`],
    ['private 10/8', 'http://10.0.0.1/'],
    ['metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', `http://[::1]:${victimPort}/`],
  ];
  it('refuses loopback, private and metadata URLs with 400 fetch-refused', async () => {
    for (const [what, url] of direct()) {
      const res = await postUrl(url);
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error, what).toBe('fetch-refused');
    }
    expect(victimHits).toBe(0);
  });

  it('refuses a redirect to them', async () => {
    for (const path of ['/to-loopback', '/to-localhost', '/to-private', '/to-metadata']) {
      const res = await postUrl(`${siteBase}${path}`);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error, path).toBe('fetch-refused');
    }
    expect(victimHits).toBe(0);
  });

  it('fetches, reads, analyses and stores a permitted page', async () => {
    const res = await postUrl(`${siteBase}/article`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const stored = await fetch(`${base}/api/articles/${res.body.id}`);
    expect(stored.status).toBe(200);
    const body = (await stored.json()) as { article: { text: string; url: string } };
    expect(body.article.text).toContain('Artillery fire hit the outskirts of Kupiansk');
    expect(body.article.url).toBe(`${siteBase}/article`);
  });

  it('answers 502 for a page that is not there', async () => {
    const res = await postUrl(`${siteBase}/missing`);
    expect(res.status).toBe(502);
    expect(res.body.error).toBe('fetch-failed');
  });

  it('lets a server started with allowPrivateFetch fetch its own network', async () => {
    const open = await createApp({ store, pipeline: createPipeline(), allowPrivateFetch: true });
    try {
      const res = await open.inject({
        method: 'POST',
        url: '/api/articles',
        headers: { authorization: `Bearer ${SECRET}` },
        payload: { url: `http://127.0.0.1:${victimPort}/admin` },
      });
      // The victim's body is two words: the fetch happened, whatever the reader made of it.
      expect(victimHits).toBe(1);
      expect([201, 422]).toContain(res.statusCode);
    } finally {
      await open.close();
    }
  });
});
