import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../../src/cli/command.js';
import { UsageError } from '../../src/cli/command.js';
import {
  createProgress,
  dbUrl,
  isoDay,
  optionalGazetteer,
  positiveInt,
  readerFormat,
  requireExistingDb,
} from '../../src/cli/options.js';

function io(env: NodeJS.ProcessEnv): CommandIo {
  return { out: new PassThrough(), err: new PassThrough(), stdin: Readable.from([]), env, cwd: '/work/here' };
}

function sink(tty: boolean): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  if (tty) Object.assign(stream, { isTTY: true });
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('dbUrl', () => {
  it('takes --db, then LITOPYS_DB, then ./litopys.db, resolving relative paths against cwd', () => {
    expect(dbUrl('x.db', io({ LITOPYS_DB: 'y.db' }))).toBe('/work/here/x.db');
    expect(dbUrl(undefined, io({ LITOPYS_DB: 'y.db' }))).toBe('/work/here/y.db');
    expect(dbUrl(undefined, io({}))).toBe('/work/here/litopys.db');
    expect(dbUrl('/abs/z.db', io({}))).toBe('/abs/z.db');
    expect(dbUrl('postgres://u@h/db', io({}))).toBe('postgres://u@h/db');
    expect(dbUrl('sqlite:rel.db', io({}))).toBe('sqlite:rel.db');
  });

  it('refuses to read a database file that does not exist', () => {
    expect(() => requireExistingDb('/no/such/dir/litopys.db')).toThrow(UsageError);
    expect(() => requireExistingDb('postgres://u@h/db')).not.toThrow();
  });
});

describe('option parsers', () => {
  it('parse positive integers and ISO days, naming the option when wrong', () => {
    expect(positiveInt('limit', undefined, 20)).toBe(20);
    expect(positiveInt('limit', '5', 20)).toBe(5);
    expect(() => positiveInt('limit', '0', 20)).toThrow(/--limit/);
    expect(() => positiveInt('limit', '2.5', 20)).toThrow(/--limit/);
    expect(isoDay('since', '2025-11-04')).toBe('2025-11-04');
    expect(isoDay('since', undefined)).toBeUndefined();
    expect(() => isoDay('since', '04.11.2025')).toThrow(/--since/);
  });
});

describe('shared verb options', () => {
  it('checks --format against the readers, listing them when wrong', () => {
    expect(readerFormat(undefined)).toBeUndefined();
    expect(readerFormat('jsonl')).toBe('jsonl');
    expect(() => readerFormat('docx')).toThrow(/--format must be one of .*jsonl.*not 'docx'/);
  });

  it('fails on a gazetteer the user named that cannot open, by flag or by LITOPYS_GAZETTEER', () => {
    const missing = '/no/such/dir/gazetteer.db';
    expect(() => optionalGazetteer(missing, io({}), 'ingest', 'places stay unresolved')).toThrow(UsageError);
    expect(() => optionalGazetteer(missing, io({}), 'ingest', 'x')).toThrow(/^--gazetteer: /);
    expect(() => optionalGazetteer(undefined, io({ LITOPYS_GAZETTEER: missing }), 'serve', 'x')).toThrow(
      UsageError,
    );
  });
});

describe('createProgress', () => {
  it('prints a plain line every N items when stderr is not a terminal', () => {
    const { stream, text } = sink(false);
    const p = createProgress(stream, 'ingest', 2);
    for (let i = 1; i <= 5; i++) p.update(i, { new: i });
    p.done();
    expect(text()).toBe('ingest: 2 items, 2 new\ningest: 4 items, 4 new\n');
  });

  it('redraws one line in place on a terminal and clears it at the end', () => {
    const { stream, text } = sink(true);
    const p = createProgress(stream, 'ingest');
    p.update(1, { new: 1, failed: 0 });
    p.done();
    const t = text();
    expect(t.startsWith('\r\x1b[2K[')).toBe(true);
    expect(t).toContain('ingest: 1 items, 1 new, 0 failed');
    expect(t.endsWith('\r\x1b[2K')).toBe(true);
    expect(t).not.toContain('\n');
  });
});
