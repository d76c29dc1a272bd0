import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import type { ArticleHit, StoredArticle, StoreStats } from '../../src/store/index.js';
import { REPO_ROOT, scratch, sharedFile, skipReason } from '../shared.js';

const CORPUS = join(REPO_ROOT, 'fixtures/cli/in/corpus');
const BAD_JSONL = join(REPO_ROOT, 'fixtures/cli/in/with-bad-line.jsonl');
const dir = scratch('cli-storage');

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString('utf8');
}

/** Runs the CLI in-process with captured streams; the environment names no database, so `--db` decides. */
async function cli(args: readonly string[], stdin = ''): Promise<Run> {
  const out = new PassThrough();
  const err = new PassThrough();
  const readOut = collect(out);
  const readErr = collect(err);
  const io: CommandIo = {
    out,
    err,
    stdin: Readable.from([stdin]),
    env: { ...process.env, LITOPYS_DB: '' },
    cwd: dir,
  };
  const code = await main(args, io);
  out.end();
  err.end();
  return { code, out: readOut(), err: readErr() };
}

let n = 0;
const freshDb = (): string => join(dir, `cli${++n}.db`);

async function stats(db: string): Promise<StoreStats> {
  const r = await cli(['stats', '--json', '--db', db]);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as StoreStats;
}

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
});

describe('litopys ingest', () => {
  it('stores a folder (recursively) once: a second run changes nothing', async () => {
    const db = freshDb();
    const first = await cli(['ingest', CORPUS, '--db', db, '--json']);
    expect(first.err).not.toMatch(/failed|Error/);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({
      read: 3,
      new: 3,
      duplicate: 0,
      nearDuplicate: 0,
      failed: 0,
    });
    const before = await stats(db);
    expect(before.articles).toBe(3);
    const second = await cli(['ingest', CORPUS, '--db', db]);
    expect(second.code).toBe(0);
    expect(second.out).toContain('0 new, 3 duplicate, 0 near-duplicate, 0 failed');
    expect(await stats(db)).toEqual(before);
  });

  it('goes on past a bad JSONL line and a missing file, stores the good items, and exits 1', async () => {
    const db = freshDb();
    const missing = join(dir, 'no-such-file.txt');
    const r = await cli(['ingest', BAD_JSONL, missing, join(CORPUS, 'sumy-power.txt'), '--db', db, '--json']);
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.out) as { new: number; failed: number; failures: { origin: string }[] };
    expect(summary.new).toBe(3);
    expect(summary.failed).toBe(2);
    const errLines = r.err.trim().split('\n');
    expect(errLines.some((l) => l.includes('with-bad-line.jsonl:2'))).toBe(true);
    expect(errLines.some((l) => l.includes('no-such-file.txt'))).toBe(true);
    expect((await stats(db)).articles).toBe(3);
    const hits = JSON.parse((await cli(['search', 'Chernihiv', '--db', db, '--json'])).out) as ArticleHit[];
    expect(hits.map((h) => h.headline)).toEqual(['School in Chernihiv reopens shelter classes']);
  });

  it('reads stdin with -', async () => {
    const db = freshDb();
    const line = JSON.stringify({
      headline: 'Trains to Kramatorsk run on a new timetable',
      date: '2025-08-20',
      text: 'Passenger trains to Kramatorsk now stop further west because of shelling near the station.',
    });
    const r = await cli(['ingest', '-', '--format', 'jsonl', '--db', db], `${line}\n`);
    expect(r.code).toBe(0);
    expect(r.out).toContain('1 new');
  });

  it('says what is wrong with the arguments and exits 2', async () => {
    const db = freshDb();
    for (const args of [
      ['ingest'],
      ['ingest', CORPUS, '--format', 'docx', '--db', db],
      ['ingest', CORPUS, '--batch', '0', '--db', db],
      ['ingest', CORPUS, '--frobnicate'],
      ['search', '--db', db],
      ['search', 'x', '--limit', 'ten', '--db', db],
      ['search', 'x', '--since', 'yesterday', '--db', db],
      ['articles', 'frob', 'x', '--db', db],
      ['articles', 'show', '--db', db],
      ['stats', 'extra'],
      ['stats', '--db', join(dir, 'never-created.db')],
    ]) {
      const r = await cli(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.err).toMatch(/Usage: litopys/);
    }
  });
});

describe('litopys search, articles show, stats', () => {
  const db = join(dir, 'read.db');
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    expect((await cli(['ingest', CORPUS, BAD_JSONL, '--db', db])).code).toBe(1);
  });

  it('search finds by a word, filters, and prints JSON hits', async () => {
    const r = await cli(['search', 'Oskil', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const hits = JSON.parse(r.out) as ArticleHit[];
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      headline: 'Ferry crossing near Kupiansk struck again, volunteers say',
      outlet: 'The Kyiv Independent',
      published: '2025-10-14',
    });
    expect(hits[0].snippet).toMatch(/Oskil/);
    const none = await cli(['search', 'Oskil', '--until', '2025-10-01', '--db', db, '--json']);
    expect(JSON.parse(none.out)).toEqual([]);
    const outlet = await cli(['search', 'drone', '--outlet', 'Test Wire', '--db', db, '--json']);
    expect((JSON.parse(outlet.out) as ArticleHit[]).map((h) => h.headline)).toEqual([
      'Drone debris falls near Odesa port',
    ]);
    const text = await cli(['search', 'Oskil', '--db', db]);
    expect(text.out).toMatch(/^a_\S+ {2}2025-10-14 {2}The Kyiv Independent {2}Ferry crossing/);
  });

  it('articles show gives the stored article, and exit 1 for an unknown id', async () => {
    const [hit] = JSON.parse((await cli(['search', 'Sumy', '--db', db, '--json'])).out) as ArticleHit[];
    const r = await cli(['articles', 'show', hit.id, '--db', db, '--json']);
    expect(r.code).toBe(0);
    const stored = JSON.parse(r.out) as StoredArticle;
    expect(stored.article.id).toBe(hit.id);
    expect(stored.article.headline).toBe('Power restored in parts of Sumy after overnight drone attack');
    expect(stored.article.paragraphs).toHaveLength(2);
    const text = await cli(['articles', 'show', hit.id, '--db', db]);
    expect(text.out).toContain(`id:        ${hit.id}`);
    expect(text.out).toContain(`times:     ${stored.times.length}`);
    expect(text.out).toContain(`actors:    ${stored.actors.length}`);
    expect(stored.times.length).toBeGreaterThan(0);
    const missing = await cli(['articles', 'show', 'a_0000', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('a_0000');
  });

  it('stats counts articles and prints plain lines without --json', async () => {
    const s = await stats(db);
    expect(s).toMatchObject({ backend: 'sqlite', articles: 5, nearDuplicates: 0, outlets: 2 });
    const r = await cli(['stats', '--db', db]);
    expect(r.out).toMatch(/^backend +sqlite$/m);
    expect(r.out).toMatch(/^articles +5$/m);
  });

  it('runs as a real process', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), 'stats', '--json', '--db', db],
      { encoding: 'utf8', cwd: REPO_ROOT, env: { ...process.env, LITOPYS_DB: '' } },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as StoreStats).articles).toBe(5);
    const bad = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), 'search'],
      {
        encoding: 'utf8',
        cwd: REPO_ROOT,
      },
    );
    expect(bad.status).toBe(2);
  });
});

const SEEDS = 'seeds';
const SCRAPES = 'data/news/war-news-scrapes.jsonl';
const seeds = sharedFile(SEEDS);
const scrapes = sharedFile(SCRAPES);

describe.skipIf(!seeds || !scrapes)(`litopys on ../shared (${skipReason(SCRAPES)} when absent)`, () => {
  it('ingests the seeds and the scrapes twice with stats unchanged, and finds the seed by Dobropillia', async () => {
    const db = freshDb();
    const first = await cli(['ingest', seeds ?? '', scrapes ?? '', '--db', db]);
    expect(first.code).toBe(0);
    const before = await stats(db);
    expect(before.articles).toBeGreaterThanOrEqual(60);
    const second = await cli(['ingest', seeds ?? '', scrapes ?? '', '--db', db]);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/ 0 new, /);
    expect(await stats(db)).toEqual(before);
    const hits = JSON.parse((await cli(['search', 'Dobropillia', '--db', db, '--json'])).out) as ArticleHit[];
    const seed = hits.find((h) => h.headline.startsWith('Zelensky visits Azov National Guard troops'));
    expect(seed).toMatchObject({ published: '2025-11-04', outlet: 'The Kyiv Independent' });
  });
});
