import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock, toAcledRecord } from '../../src/domain/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import { REPO_ROOT } from '../shared.js';
import { articleOf } from './article.js';

// Golden files (STYLE.md): fixtures/events/in/<case>.txt is our own writing, its first line the publication day;
// out/<case>.json is what the pipeline codes from it. `REGEN=1` rewrites the outputs; the git diff is the review.
// No gazetteer here, so the files pin the coding, times, actors, counts and attribution, not the geocoder's output.
const IN = join(REPO_ROOT, 'fixtures', 'events', 'in');
const OUT = join(REPO_ROOT, 'fixtures', 'events', 'out');
const cases = readdirSync(IN)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.slice(0, -4))
  .sort();

describe('events golden fixtures', () => {
  const pipeline = createPipeline({ gazetteer: null, clock: fixedClock('2026-01-01T00:00:00Z') });
  it.each(cases)('%s', (name) => {
    const [published, ...lines] = readFileSync(join(IN, `${name}.txt`), 'utf8').split('\n');
    const a = pipeline.analyse(articleOf(`fx_${name}`, lines.join('\n'), published.trim()));
    const got = a.events.map((e) => ({
      ...toAcledRecord(e),
      fatalities_unknown: e.fatalitiesUnknown,
      quantities: e.quantities,
      belligerent_claim: e.attribution.belligerent,
    }));
    const file = join(OUT, `${name}.json`);
    if (process.env.REGEN) {
      mkdirSync(OUT, { recursive: true });
      writeFileSync(file, JSON.stringify(got, null, 2) + '\n');
    }
    expect(got).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});
