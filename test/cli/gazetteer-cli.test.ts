import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { SqliteGazetteer } from '../../src/resolve/gazetteer/index.js';
import { REPO_ROOT, scratch } from '../shared.js';

const IN = join(REPO_ROOT, 'fixtures', 'gazetteer', 'in');
const dir = scratch('cli-gazetteer');

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI in-process with captured streams and an environment that names no gazetteer. */
async function cli(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const out = new PassThrough();
  const err = new PassThrough();
  const o: Buffer[] = [];
  const e: Buffer[] = [];
  out.on('data', (c: Buffer) => o.push(c));
  err.on('data', (c: Buffer) => e.push(c));
  const io: CommandIo = {
    out,
    err,
    stdin: Readable.from(['']),
    env: { PATH: process.env.PATH ?? '', LITOPYS_CACHE_DIR: join(dir, 'cache'), ...env },
    cwd: dir,
  };
  const code = await main(args, io);
  out.end();
  err.end();
  return { code, out: Buffer.concat(o).toString('utf8'), err: Buffer.concat(e).toString('utf8') };
}

describe('litopys gazetteer', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    // A GeoNames-like mirror on 127.0.0.1 serving a small zip made here from our own fixture rows.
    const zip = zipSync({
      'UA.txt': readFileSync(join(IN, 'geonames-UA.txt')),
      'readme.txt': strToU8('readme\n'),
    });
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/dump/UA.zip') {
        res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
        res.end(Buffer.from(zip));
      } else {
        res.writeHead(404).end('not here');
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dump`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('imports the OCHA CSVs into the named file, adding up across runs', async () => {
    const db = join(dir, 'ocha.db');
    const first = await cli([
      'gazetteer',
      'import',
      join(IN, 'settlements.csv'),
      '--gazetteer',
      db,
      '--json',
    ]);
    expect(first.code).toBe(1);
    expect(first.err).toContain('gazetteer-row-invalid');
    const parsed = JSON.parse(first.out) as { imports: { kind: string; entries: number }[] };
    expect(parsed.imports.map((r) => [r.kind, r.entries])).toEqual([['settlements', 17]]);
    const second = await cli(['gazetteer', 'import', 'hromadas.csv', 'raions.csv'], {
      LITOPYS_GAZETTEER: db,
    });
    expect(second.code).toBe(1);
    expect(second.err).toContain('gazetteer-format-unknown');
    const third = await cli([
      'gazetteer',
      'import',
      join(IN, 'oblasts.csv'),
      join(IN, 'hromadas.csv'),
      '--gazetteer',
      db,
    ]);
    expect(third.code).toBe(0);
    expect(third.out).toMatch(/oblasts, 5 entries, 0 issue/u);
    const g = SqliteGazetteer.open(db);
    expect(g.lookup('dobropillia').map((e) => e.id)).toEqual(['UA1416007001', 'UA1416009004']);
    expect(g.lookup(g.normalise('Krasnoarmeysk')).map((e) => e.id)).toEqual(['UA1416021001']);
    expect(g.get('UA1416007')?.lat).toBe(48.48345);
    g.close();
  });

  it('describes a gazetteer with info, as text and JSON', async () => {
    const db = join(dir, 'ocha.db');
    const text = await cli(['gazetteer', 'info', '--gazetteer', db]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^path: +.*ocha\.db$/mu);
    expect(text.out).toMatch(/settlement \d+/u);
    const json = JSON.parse((await cli(['gazetteer', 'info', '--json'], { LITOPYS_GAZETTEER: db })).out) as {
      byKind: Record<string, number>;
      sources: string[];
    };
    expect(json.byKind.settlement).toBeGreaterThanOrEqual(17);
    expect(json.sources).toContain('ocha-settlements');
  });

  it('looks names up, saying by which origin they matched', async () => {
    const db = join(dir, 'ocha.db');
    const r = await cli(['gazetteer', 'lookup', 'Dobropillia', 'Krasnoarmeysk', '--gazetteer', db]);
    expect(r.code).toBe(0);
    const rows = r.out
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows.map((x) => [x[0], x[1], x[2], x[6]])).toEqual([
      ['Dobropillia', 'UA1416007001', 'settlement M', 'official'],
      ['Dobropillia', 'UA1416009004', 'settlement C', 'official'],
      ['Krasnoarmeysk', 'UA1416021001', 'settlement M', 'former'],
    ]);
    const json = await cli(['gazetteer', 'lookup', 'Артемівськ', 'Atlantis', '--json', '--gazetteer', db]);
    expect(json.code).toBe(1);
    expect(json.err).toContain("nothing named 'Atlantis'");
    expect(JSON.parse(json.out)).toMatchObject({ id: 'UA1402001001', origin: 'former', key: 'артемівск' });
  });

  it('downloads a GeoNames dump from the given base URL and imports it', async () => {
    const db = join(dir, 'geonames.db');
    const r = await cli([
      'gazetteer',
      'download',
      'geonames',
      'UA',
      '--base-url',
      base,
      '--gazetteer',
      db,
      '--json',
    ]);
    expect(requests).toContain('/dump/UA.zip');
    expect(r.err).toContain('2 malformed line(s)');
    const parsed = JSON.parse(r.out) as { imports: { kind: string; entries: number }[] };
    expect(parsed.imports).toEqual([expect.objectContaining({ kind: 'geonames', entries: 6 })]);
    const g = SqliteGazetteer.open(db);
    expect(g.lookup('pokrovsk').map((e) => e.id)).toEqual(['gn:1000001']);
    // The curated file applies to GeoNames rows too: Artemivsk is not in the fixture, Krasnoarmeysk → Pokrovsk is.
    expect(g.lookup('krasnoarmeysk').map((e) => e.id)).toContain('gn:1000001');
    g.close();
  });

  it('fails with exit 1 when the download fails, and 2 on usage mistakes', async () => {
    const db = join(dir, 'missing.db');
    const r = await cli(['gazetteer', 'download', 'geonames', 'PL', '--base-url', base, '--gazetteer', db]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('download failed (http-status)');
    expect((await cli(['gazetteer', 'download', 'geonames', 'ukraine', '--gazetteer', db])).code).toBe(2);
    expect((await cli(['gazetteer', 'import', join(IN, 'oblasts.csv')])).code).toBe(2);
    expect((await cli(['gazetteer', 'frobnicate'])).code).toBe(2);
  });
});
