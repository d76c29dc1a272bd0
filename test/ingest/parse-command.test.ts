import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Article } from '../../src/domain/index.js';
import { REPO_ROOT } from '../shared.js';

const IN = join(REPO_ROOT, 'fixtures', 'ingest', 'in');

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (c: Buffer) => (chunks.out += c.toString()));
  err.on('data', (c: Buffer) => (chunks.err += c.toString()));
  const code = await main(argv, {
    out,
    err,
    stdin: Readable.from([Buffer.from(stdin)]),
    env: {},
    cwd: REPO_ROOT,
  });
  return { code, ...chunks };
}

describe('litopys parse', () => {
  it('prints one article as JSON', async () => {
    const r = await run(['parse', join(IN, 'scrape-okhmatdyt-strike.txt'), '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const a = JSON.parse(r.out) as Article;
    expect(a.outlet).toBe('The Kyiv Independent');
    expect(a.byline).toEqual(['Test Writer', 'Second Author', 'Third Reporter']);
  });

  it('prints several articles one JSON per line, reports bad lines on stderr and exits 1', async () => {
    const r = await run(['parse', join(IN, 'jsonl-bad-line.jsonl'), '--json']);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.map((l) => (JSON.parse(l) as Article).sourceFormat)).toEqual([
      'jsonl',
      'jsonl',
      'jsonl',
      'jsonl',
    ]);
    expect(r.err).toContain('jsonl-bad-line.jsonl: line 2: not JSON');
  });

  it('honours --format and reads stdin', async () => {
    const r = await run(
      ['parse', '-', '--json', '--format', 'plain-text'],
      '{"headline":"not jsonl now"}\n\nBody.',
    );
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out) as Article;
    expect(a.sourceFormat).toBe('plain-text');
    expect(a.headline).toBe('{"headline":"not jsonl now"}');
  });

  it('exits 2 on usage errors', async () => {
    expect((await run(['parse'])).code).toBe(2);
    const bad = await run(['parse', 'x.txt', '--format', 'pdf']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--format must be one of');
  });
});
