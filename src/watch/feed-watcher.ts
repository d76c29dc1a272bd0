import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Article, Clock } from '../domain/index.js';
import { systemClock } from '../domain/index.js';
import type { FetchOptions, FetchResult } from '../ingest/index.js';
import { fetchUrl, readEntries } from '../ingest/index.js';

/** What the watcher remembers about one feed between polls (and runs). */
export interface FeedState {
  etag?: string;
  lastModified?: string;
  /** Consecutive failed polls; drives the backoff. */
  failures: number;
  /** ISO time before which the feed is not polled again. */
  nextPollAt?: string;
  lastStatus?: number;
  lastError?: string;
  /** Ids of the items already handed on, newest last (capped). */
  seen: string[];
}

/** Where feed state lives: a small JSON file, so the same watcher works for SQLite and PostgreSQL. */
export interface FeedStateFile {
  readonly path: string;
  load(): Record<string, FeedState>;
  save(state: Record<string, FeedState>): void;
}

/** The JSON state file at `path` (written atomically: temp file, then rename). */
export function feedStateFile(path: string): FeedStateFile {
  return {
    path,
    load: () =>
      existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, FeedState>) : {},
    save: (state) => {
      const tmp = `${path}.tmp-${process.pid}`;
      writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
      renameSync(tmp, path);
    },
  };
}

/** What one poll of one feed did. */
export interface PollResult {
  readonly feed: string;
  readonly status: 'new-items' | 'no-new-items' | 'not-modified' | 'failed' | 'skipped';
  readonly httpStatus?: number;
  /** Items handed to the sink (new since the last poll). */
  readonly handed: number;
  readonly error?: string;
}

/** Options of {@link createFeedWatcher}. */
export interface FeedWatcherOptions {
  readonly feeds: readonly string[];
  /** Receives the new items of a feed; throwing marks the poll failed (the items are offered again next time). */
  readonly sink: (articles: Article[], feed: string) => Promise<void>;
  readonly state: FeedStateFile;
  /** Poll interval per feed in ms. */
  readonly everyMs: number;
  /** Longest wait after repeated failures, in ms. Default 32 × everyMs, at most a day. */
  readonly maxBackoffMs?: number;
  readonly clock?: Clock;
  /** Fetch options (timeouts, size cap); the user named the feeds, so private addresses are allowed by default. */
  readonly fetch?: FetchOptions;
  readonly log?: (line: string) => void;
}

/** Items remembered per feed: enough for any real feed's window, small enough to keep the file small. */
const SEEN_CAP = 5000;

/** Reads a feeds file: one URL per line, `#` starts a comment. Throws a RangeError naming a bad line. */
export function parseFeedList(text: string, name = 'feeds'): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    if (!/^https?:\/\/\S+$/i.test(line))
      throw new RangeError(`${name}:${i + 1}: not an http(s) URL: ${line}`);
    if (!out.includes(line)) out.push(line);
  });
  return out;
}

/** Parses `--every`: `90s`, `10m`, `1h`, `500ms` (a bare number is seconds). */
export function parseInterval(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new RangeError(`every: expected e.g. 30s, 10m or 1h, not '${value}'`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  const ms = Number(m[1]) * unit;
  if (ms < 1000) throw new RangeError(`every: at least 1s, not '${value}'`);
  return ms;
}

/** A feed watcher: `pollAll` (one pass, `--once`) and `tick` (the feeds that are due now; call it in a loop). */
export interface FeedWatcher {
  pollAll(): Promise<PollResult[]>;
  tick(): Promise<PollResult[]>;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Watches RSS/Atom feeds: conditional GET with the remembered ETag / Last-Modified, at most one request at a time
 * per host (hosts are polled side by side), only items not handed on before go to the sink, and a feed that fails
 * waits exponentially longer (capped) before its next poll.
 *
 * @example
 * const w = createFeedWatcher({ feeds, sink: (a) => queue.enqueue(a).then(() => undefined),
 *   state: feedStateFile('feeds.state.json'), everyMs: 600_000 });
 * await w.pollAll();
 */
export function createFeedWatcher(options: FeedWatcherOptions): FeedWatcher {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => undefined);
  const maxBackoff = options.maxBackoffMs ?? Math.min(32 * options.everyMs, 86_400_000);
  const state = options.state.load();
  const get = (feed: string): FeedState => (state[feed] ??= { failures: 0, seen: [] });

  const pollFeed = async (feed: string): Promise<PollResult> => {
    const s = get(feed);
    const now = clock.now().getTime();
    const headers: Record<string, string> = {};
    if (s.etag) headers['If-None-Match'] = s.etag;
    if (s.lastModified) headers['If-Modified-Since'] = s.lastModified;
    let result: PollResult;
    try {
      const r: FetchResult = await fetchUrl(feed, { allowPrivate: true, ...options.fetch, headers });
      s.lastStatus = r.status;
      if (r.notModified) {
        result = { feed, status: 'not-modified', httpStatus: r.status, handed: 0 };
      } else {
        const entries = readEntries(r.body, {
          name: feed,
          url: r.url,
          ...(r.contentType ? { contentType: r.contentType } : {}),
        });
        const articles = entries.flatMap((e) => (e.article ? [e.article] : []));
        if (articles.length === 0 && entries.some((e) => e.issues.length > 0)) {
          throw new Error(entries.flatMap((e) => e.issues.map((i) => i.message)).join('; '));
        }
        const seen = new Set(s.seen);
        const fresh = articles.filter((a) => !seen.has(a.id));
        if (fresh.length > 0) await options.sink(fresh, feed);
        // Validators are kept only once the items are handed on: a failed sink must see the same items again.
        s.etag = r.headers.etag ?? undefined;
        s.lastModified = r.headers['last-modified'] ?? undefined;
        s.seen = [...s.seen, ...fresh.map((a) => a.id)].slice(-SEEN_CAP);
        result = {
          feed,
          status: fresh.length > 0 ? 'new-items' : 'no-new-items',
          httpStatus: r.status,
          handed: fresh.length,
        };
      }
      s.failures = 0;
      delete s.lastError;
      s.nextPollAt = new Date(now + options.everyMs).toISOString();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      s.failures += 1;
      s.lastError = message;
      const wait = Math.min(maxBackoff, options.everyMs * 2 ** s.failures);
      s.nextPollAt = new Date(now + wait).toISOString();
      log(`${feed}: ${message}; next try in ${Math.round(wait / 1000)} s (failure ${s.failures})`);
      result = { feed, status: 'failed', handed: 0, error: message };
    }
    options.state.save(state);
    return result;
  };

  const pollFeeds = async (feeds: readonly string[]): Promise<PollResult[]> => {
    const byHost = new Map<string, string[]>();
    for (const f of feeds) byHost.set(hostOf(f), [...(byHost.get(hostOf(f)) ?? []), f]);
    // Hosts side by side; the feeds of one host strictly one after another (politeness, and one connection each).
    const perHost = await Promise.all(
      [...byHost.values()].map(async (list) => {
        const out: PollResult[] = [];
        for (const f of list) out.push(await pollFeed(f));
        return out;
      }),
    );
    const results = perHost.flat();
    return feeds.map((f) => results.find((r) => r.feed === f) as PollResult);
  };

  const due = (): string[] => {
    const now = clock.now().getTime();
    return options.feeds.filter((f) => {
      const next = state[f]?.nextPollAt;
      return !next || Date.parse(next) <= now;
    });
  };

  return {
    pollAll: () => pollFeeds(options.feeds),
    tick: async () => {
      const list = due();
      const polled = await pollFeeds(list);
      const skipped = options.feeds
        .filter((f) => !list.includes(f))
        .map((feed): PollResult => ({ feed, status: 'skipped', handed: 0 }));
      return [...polled, ...skipped];
    },
  };
}
