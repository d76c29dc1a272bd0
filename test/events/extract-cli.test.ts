import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { ACLED_CSV_COLUMNS } from '../../src/domain/index.js';
import { REPO_ROOT } from '../shared.js';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function cli(args: readonly string[], stdin = ''): Promise<Run> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: [Buffer[], Buffer[]] = [[], []];
  out.on('data', (c: Buffer) => chunks[0].push(c));
  err.on('data', (c: Buffer) => chunks[1].push(c));
  const io: CommandIo = { out, err, stdin: Readable.from([stdin]), env: { ...process.env }, cwd: REPO_ROOT };
  const code = await main(args, io);
  out.end();
  err.end();
  return {
    code,
    out: Buffer.concat(chunks[0]).toString('utf8'),
    err: Buffer.concat(chunks[1]).toString('utf8'),
  };
}

// Our own writing: one report with a shelling, a toll, a claimant and a stated distance.
const REPORT = JSON.stringify({
  url: 'https://example.org/report-1',
  date: '2024-03-16',
  outlet: 'Example Wire',
  headline: 'Shelling in Kherson',
  text:
    'On 15 March 2024, Russian forces shelled Kherson with artillery, injuring 3 civilians, the regional governor said on Telegram.\n\n' +
    'Kherson is about 60 kilometers from Mykolaiv.',
});

describe('litopys extract', () => {
  it('prints one JSON event per line with the ACLED fields, evidence and attribution', async () => {
    const r = await cli(['extract', '-', '--input-format', 'jsonl'], REPORT);
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      event_date: '2024-03-15',
      time_precision: 1,
      event_type: 'Explosions/Remote violence',
      sub_event_type: 'Shelling/artillery/missile attack',
      actor1: 'Military Forces of Russia (2000-)',
      actor2: 'Civilians (Ukraine)',
      injured: 3,
      fatalities: 0,
      attribution: { channel: 'Telegram', hedged: false },
    });
    expect(String(lines[0].source)).toContain('Example Wire');
    expect(lines[0].evidence).toEqual({ start: 0, end: 126 });
    expect(r.err).toContain('1 events from 1 articles');
  });

  it('writes CSV with ACLED columns in ACLED order and quotes fields with commas', async () => {
    const r = await cli(['extract', '-', '--input-format', 'jsonl', '--format', 'csv'], REPORT);
    expect(r.code).toBe(0);
    const [header, row] = r.out.split('\r\n');
    expect(header.split(',').slice(0, ACLED_CSV_COLUMNS.length)).toEqual([...ACLED_CSV_COLUMNS]);
    expect(row).toContain(
      '"On 15 March 2024, Russian forces shelled Kherson with artillery, injuring 3 civilians',
    );
    expect(row).toContain(',Shelling/artillery/missile attack,');
  });

  it('writes a GeoJSON FeatureCollection, with claims beside events when asked', async () => {
    const r = await cli(
      ['extract', '-', '--input-format', 'jsonl', '--format', 'geojson', '--claims'],
      REPORT,
    );
    expect(r.code).toBe(0);
    const fc = JSON.parse(r.out) as {
      type: string;
      features: Array<{ properties: Record<string, unknown> }>;
    };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features[0].properties.sub_event_type).toBe('Shelling/artillery/missile attack');
    expect(fc.features.filter((f) => f.properties.record === 'claim').length).toBeGreaterThanOrEqual(0);
  });

  it('exits 2 on a usage mistake and 1 when an input cannot be read', async () => {
    expect((await cli(['extract', '-', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['extract', '-', '--format', 'csv', '--claims'])).code).toBe(2);
    expect((await cli(['extract'])).code).toBe(2);
    const missing = await cli(['extract', 'no-such-file.txt']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no-such-file.txt');
  });
});
