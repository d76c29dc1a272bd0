import { mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/domain/index.js';
import { ARTICLE_QUEUE } from '../../src/queue/index.js';
import { openStore } from '../../src/store/index.js';
import { createFeedWatcher, feedStateFile, parseFeedList, parseInterval } from '../../src/watch/index.js';
import { scratch } from '../shared.js';
import { jobStates, runCli } from './cli.js';
import { PG_SKIP_REASON, PG_URL, createTestDatabase } from './pg.js';

// Items of our own writing; the feed grows by one item when a test says so.
const ITEMS = [
  [
    'Shelling damages the bus depot in Nikopol',
    'Artillery fire hit the bus depot in Nikopol on Monday night. Two drivers were hurt and nine buses burned, the city council said.',
  ],
  [
    'Drones strike a substation near Sumy',
    'A power substation near Sumy was struck by drones before dawn, leaving several districts without electricity for most of the day.',
  ],
  [
    'Evacuation from villages around Kupiansk continues',
    'Volunteers moved another forty residents out of villages east of Kupiansk as the shelling grew heavier, regional officials said.',
  ],
] as const;

function rss(n: number): string {
  const items = ITEMS.slice(0, n)
    .map(
      ([title, body], i) => `<item><title>${title}</title><link>https://feeds.example/story/${i + 1}</link>
        <guid>https://feeds.example/story/${i + 1}</guid><pubDate>Tue, 0${i + 1} Oct 2025 08:00:00 GMT</pubDate>
        <description>${body}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title><link>https://feeds.example/</link>
    <description>Synthetic</description>${items}</channel></rss>`;
}

/** A feed server on 127.0.0.1: `items` decides the feed's content; each version has its own ETag. */
class FeedServer {
  items = 2;
  failing = false;
  delayMs = 0;
  readonly requests: { path: string; ifNoneMatch?: string; ifModifiedSince?: string }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private server: Server = createServer((req, res) => void this.handle(req, res));
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.requests.push({
      path: req.url ?? '',
      ifNoneMatch: req.headers['if-none-match'],
      ifModifiedSince: req.headers['if-modified-since'],
    });
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    this.inFlight -= 1;
    if (this.failing) {
      res.writeHead(503).end('down for maintenance');
      return;
    }
    const etag = `"v${this.items}"`;
    const lastModified = new Date(Date.UTC(2025, 9, this.items)).toUTCString();
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/rss+xml', etag, 'last-modified': lastModified })
      .end(rss(this.items));
  }
}

describe('feed watcher', () => {
  const server = new FeedServer();
  const dir = scratch('scale-watch');
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    await server.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.items = 2;
    server.failing = false;
    server.delayMs = 0;
    server.requests.length = 0;
    server.maxInFlight = 0;
  });

  it('reads a feeds list with comments and rejects a line that is not a URL', () => {
    expect(
      parseFeedList(
        '# wires\nhttps://a.example/rss  # main\n\nhttp://b.example/atom\nhttps://a.example/rss\n',
      ),
    ).toEqual(['https://a.example/rss', 'http://b.example/atom']);
    expect(() => parseFeedList('https://a.example/rss\nftp://nope', 'feeds.txt')).toThrow(/feeds.txt:2/);
    expect(parseInterval('10m')).toBe(600_000);
    expect(parseInterval('45s')).toBe(45_000);
    expect(() => parseInterval('soon')).toThrow(/every/);
  });

  it('ingests into SQLite: 200 with an ETag, then 304, then only the new item', async () => {
    const feeds = join(dir, 'sqlite-feeds.txt');
    writeFileSync(feeds, `# one test feed\n${server.url('/wire.rss')}\n`);
    const db = join(dir, 'watch.db');
    const once = (): Promise<string> => runCli(['watch', feeds, '--once', '--db', db, '--json']);
    expect(JSON.parse(await once())).toMatchObject({ status: 'new-items', httpStatus: 200, handed: 2 });
    expect(JSON.parse(await once())).toMatchObject({ status: 'not-modified', httpStatus: 304, handed: 0 });
    server.items = 3;
    expect(JSON.parse(await once())).toMatchObject({ status: 'new-items', httpStatus: 200, handed: 1 });
    expect(server.requests.map((r) => r.ifNoneMatch)).toEqual([undefined, '"v2"', '"v2"']);
    expect(server.requests[1].ifModifiedSince).toBe(new Date(Date.UTC(2025, 9, 2)).toUTCString());
    const store = await openStore(db);
    expect((await store.stats()).articles).toBe(3);
    await store.close();
  });

  it.skipIf(!PG_URL)(
    `queues only new items on PostgreSQL${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`,
    async () => {
      const pg = await createTestDatabase();
      try {
        const feeds = join(dir, 'pg-feeds.txt');
        writeFileSync(feeds, `${server.url('/pg.rss')}\n`);
        const once = (): Promise<string> =>
          runCli(['watch', feeds, '--once', '--json'], { LITOPYS_DATABASE_URL: pg.url });
        expect(JSON.parse(await once())).toMatchObject({ status: 'new-items', handed: 2 });
        expect(JSON.parse(await once())).toMatchObject({ status: 'not-modified', handed: 0 });
        server.items = 3;
        expect(JSON.parse(await once())).toMatchObject({ status: 'new-items', handed: 1 });
        expect(await jobStates(pg.url, ARTICLE_QUEUE)).toEqual({ created: 3 });
      } finally {
        await pg.drop();
      }
    },
  );

  it('backs off exponentially on errors, and polls one feed at a time per host', async () => {
    let now = Date.parse('2025-10-01T00:00:00Z');
    const clock = { now: () => new Date(now) };
    const got: Article[] = [];
    const feeds = [server.url('/a.rss'), server.url('/b.rss'), server.url('/c.rss')];
    const w = createFeedWatcher({
      feeds,
      sink: (a) => {
        got.push(...a);
        return Promise.resolve();
      },
      state: feedStateFile(join(dir, 'backoff.state.json')),
      everyMs: 60_000,
      maxBackoffMs: 300_000,
      clock,
    });
    server.delayMs = 50;
    expect((await w.tick()).map((r) => r.status)).toEqual(['new-items', 'new-items', 'new-items']);
    expect(server.maxInFlight).toBe(1);
    server.failing = true;
    now += 60_000;
    expect((await w.tick()).map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    // First failure: wait 2 × every; then 4 ×, then the cap.
    const statusAt = async (offsetMs: number): Promise<string> => {
      now += offsetMs;
      return (await w.tick())[0].status;
    };
    expect(await statusAt(60_000)).toBe('skipped');
    expect(await statusAt(60_000)).toBe('failed');
    expect(await statusAt(180_000)).toBe('skipped');
    expect(await statusAt(60_000)).toBe('failed');
    expect(await statusAt(240_000)).toBe('skipped');
    server.failing = false;
    expect(await statusAt(60_000)).toBe('not-modified');
    expect(got).toHaveLength(6);
  });
});
