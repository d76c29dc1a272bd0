import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/index.js';
import type { IngestItem } from '../../src/ingest/index.js';
import { MAX_INPUT_BYTES, readBytes, readInputs } from '../../src/ingest/index.js';
import { scratch } from '../shared.js';

const clock = fixedClock('2026-01-01T00:00:00Z');
const dir = scratch('ingest-inputs');
const REPORT =
  'Shelling hits Nikopol\n\nRussian artillery shelled Nikopol overnight, damaging two houses, the governor said.\n';

async function all(inputs: readonly string[], stdin?: NodeJS.ReadableStream): Promise<IngestItem[]> {
  const out: IngestItem[] = [];
  for await (const item of readInputs(inputs, { clock, ...(stdin ? { stdin } : {}) })) out.push(item);
  return out;
}

beforeAll(() => {
  mkdirSync(join(dir, 'tree', 'b-sub', 'deeper'), { recursive: true });
  mkdirSync(join(dir, 'tree', '.hidden'), { recursive: true });
  writeFileSync(join(dir, 'tree', 'c.txt'), REPORT.replace('Nikopol', 'Marhanets'));
  writeFileSync(join(dir, 'tree', 'a.txt'), REPORT);
  writeFileSync(join(dir, 'tree', 'b-sub', 'deeper', 'd.txt'), REPORT.replace('Nikopol', 'Kherson'));
  writeFileSync(join(dir, 'tree', '.dotfile.txt'), REPORT);
  writeFileSync(join(dir, 'tree', '.hidden', 'e.txt'), REPORT);
  symlinkSync(join(dir, 'tree', 'a.txt'), join(dir, 'tree', 'b-link.txt'));
  symlinkSync(join(dir, 'tree'), join(dir, 'tree', 'b-sub', 'loop'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readInputs', () => {
  it('walks folders recursively in sorted order, skips dotfiles, follows file links but not folder links', async () => {
    const items = await all([join(dir, 'tree')]);
    expect(items.map((i) => i.origin.slice(dir.length + 1))).toEqual([
      'tree/a.txt',
      'tree/b-link.txt',
      'tree/b-sub/deeper/d.txt',
      'tree/c.txt',
    ]);
    expect(items.every((i) => i.article !== null && i.error === null)).toBe(true);
    expect(items[0].article?.headline).toBe('Shelling hits Nikopol');
  });

  it('reads - from stdin', async () => {
    const items = await all(['-'], Readable.from([Buffer.from(REPORT)]));
    expect(items).toHaveLength(1);
    expect(items[0].origin).toBe('-');
    expect(items[0].article?.paragraphs).toHaveLength(1);
  });

  it('fetches http URLs and names JSONL lines and feed items in origins', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/feed') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(
          '<rss version="2.0"><channel><title>T</title>' +
            '<item><title>One</title><link>https://ledger.example.org/1</link><description>Drones hit Sumy overnight, officials said.</description></item>' +
            '<item><title>Two</title><link>https://ledger.example.org/2</link><description>Shelling hit Kherson in the morning.</description></item>' +
            '</channel></rss>',
        );
      } else {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.end('{"headline":"A","text":"Drones hit Sumy overnight."}\n{oops\n');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const items = await all([`${base}/feed`, `${base}/dump`]);
      expect(items.map((i) => [i.origin.slice(base.length), i.article !== null])).toEqual([
        ['/feed#1', true],
        ['/feed#2', true],
        ['/dump:1', true],
        ['/dump:2', false],
      ]);
      expect(items[0].article?.url).toBe('https://ledger.example.org/1');
      expect(items[2].article?.url).toBe(`${base}/dump`);
      expect(items[3].error).toMatch(/line 2: not JSON/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('bad input: one clear issue naming the input, and the batch goes on', () => {
  const bad = join(dir, 'bad');

  beforeAll(() => {
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, '01-empty.txt'), '');
    writeFileSync(
      join(bad, '02-binary.txt'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    );
    writeFileSync(
      join(bad, '03-invalid-utf8.txt'),
      Buffer.concat([
        Buffer.from('Strike on Sumy\n\nA missile hit Sumy '),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from(' on Monday.\n'),
      ]),
    );
    writeFileSync(
      join(bad, '04-no-article.html'),
      '<html><head><title>Home</title></head><body><nav><a href="/">Home</a><a href="/war">War</a></nav><ul class="menu"><li>News</li><li>Video</li></ul></body></html>',
    );
    writeFileSync(
      join(bad, '05-malformed.xml'),
      '<?xml version="1.0"?>\n<rss><channel>\n<item><title>Cut off</title>\n</channel></rss>\n',
    );
    writeFileSync(
      join(bad, '06-lines.jsonl'),
      '{"headline":"Good","text":"Shelling hit Kherson."}\nnot json at all\n',
    );
    writeFileSync(join(bad, '07-good.txt'), REPORT);
  });

  it('reports each bad file once and still reads the good ones', async () => {
    const items = await all([bad, join(bad, 'no-such-file.txt')]);
    const byName = (name: string): IngestItem[] => items.filter((i) => i.origin.includes(name));
    const only = (name: string): IngestItem => {
      const found = byName(name);
      expect(found, name).toHaveLength(1);
      return found[0];
    };
    const empty = only('01-empty');
    expect(empty.article).toBeNull();
    expect(empty.issues.map((i) => i.code)).toEqual(['empty']);
    expect(empty.error).toContain('01-empty.txt');

    const binary = only('02-binary');
    expect(binary.issues.map((i) => i.code)).toEqual(['binary']);
    expect(binary.error).toContain('02-binary.txt');

    const utf8 = only('03-invalid');
    expect(utf8.article).not.toBeNull();
    expect(utf8.issues.map((i) => i.code)).toEqual(['utf8-invalid']);
    expect(utf8.issues[0].message).toContain('03-invalid-utf8.txt');
    expect(utf8.article?.text).toContain('\uFFFD');

    const html = only('04-no-article');
    expect(html.issues.map((i) => i.code)).toEqual(['no-article']);
    expect(html.error).toContain('04-no-article.html');

    const xml = only('05-malformed');
    expect(xml.issues.map((i) => i.code)).toEqual(['xml-invalid']);
    expect(xml.error).toMatch(/05-malformed\.xml: malformed XML at line \d+/);

    const lines = byName('06-lines');
    expect(lines.map((i) => [i.origin.slice(bad.length + 1), i.article !== null])).toEqual([
      ['06-lines.jsonl:1', true],
      ['06-lines.jsonl:2', false],
    ]);
    expect(lines[1].error).toContain('06-lines.jsonl: line 2: not JSON');

    expect(only('07-good').article?.headline).toBe('Shelling hits Nikopol');

    const missing = only('no-such-file');
    expect(missing.issues.map((i) => i.code)).toEqual(['read-failed']);
    expect(missing.error).toContain('ENOENT');
  });

  it('refuses a 60 MB file above MAX_INPUT_BYTES without reading it', async () => {
    const big = join(dir, 'big.txt');
    // A sparse file: 60 MB on paper, nothing written, so the test stays fast.
    writeFileSync(big, '');
    truncateSync(big, 60 * 1024 * 1024);
    try {
      const items = await all([big]);
      expect(items).toHaveLength(1);
      expect(items[0].issues.map((i) => i.code)).toEqual(['too-large']);
      expect(items[0].error).toContain('big.txt');
      expect(items[0].error).toContain(String(MAX_INPUT_BYTES));
    } finally {
      rmSync(big, { force: true });
    }
    const bytes = new Uint8Array(MAX_INPUT_BYTES + 1);
    expect(readBytes(bytes, { name: 'mem' }).issues.map((i) => i.code)).toEqual(['too-large']);
  });

  it('reports an unreachable URL (a closed local port) and goes on', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/report`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const items = await all([url, join(bad, '07-good.txt')]);
    expect(items).toHaveLength(2);
    expect(items[0].origin).toBe(url);
    expect(items[0].issues.map((i) => i.code)).toEqual(['network']);
    expect(items[0].error).toContain(url);
    expect(items[0].error).toContain('ECONNREFUSED');
    expect(items[1].article).not.toBeNull();
  });
});
