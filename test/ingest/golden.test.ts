import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/index.js';
import { readEntries } from '../../src/ingest/index.js';
import { REPO_ROOT } from '../shared.js';

// Golden files (STYLE.md, Tests): every fixtures/ingest/in/<case>.<ext> read with a fixed clock must equal
// fixtures/ingest/out/<case>.json; `REGEN=1` rewrites the outputs and the git diff is the review.
const IN = join(REPO_ROOT, 'fixtures', 'ingest', 'in');
const OUT = join(REPO_ROOT, 'fixtures', 'ingest', 'out');
const clock = fixedClock('2026-01-01T00:00:00Z');

describe('ingest golden fixtures', () => {
  const cases = readdirSync(IN)
    .filter((f) => !f.startsWith('.'))
    .sort();

  it('has a fixture for every reader', () => {
    const formats = new Set(
      cases.flatMap((f) => {
        const entries = readEntries(readFileSync(join(IN, f)), { name: f, clock });
        return entries.flatMap((e) => (e.article ? [e.article.sourceFormat] : []));
      }),
    );
    expect([...formats].sort()).toEqual(['atom', 'html', 'jsonl', 'plain-text', 'rss', 'scrape-text']);
  });

  for (const file of cases) {
    it(file, () => {
      const entries = readEntries(readFileSync(join(IN, file)), { name: file, clock });
      const actual = JSON.parse(JSON.stringify(entries)) as unknown;
      const out = join(OUT, `${basename(file, extname(file))}.json`);
      if (process.env.REGEN) {
        mkdirSync(OUT, { recursive: true });
        writeFileSync(out, `${JSON.stringify(actual, null, 2)}\n`);
      }
      expect(actual).toEqual(JSON.parse(readFileSync(out, 'utf8')));
    });
  }
});
