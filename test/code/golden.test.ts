import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock, toAcledRecord } from '../../src/domain/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import { articleOf } from '../events/article.js';
import { REPO_ROOT } from '../shared.js';

// Golden files of the coding rules (STYLE.md): test/fixtures/events/in/<case>.txt is our own writing, its first line
// the publication day; out/<case>.json is what the pipeline codes from it, cut to the fields an analyst checks against
// ACLED's codebook. `REGEN=1` rewrites the outputs; the git diff is the review. No gazetteer: the files pin coding,
// dates, actors, counts and attribution, not the geocoder.
const IN = join(REPO_ROOT, 'test', 'fixtures', 'events', 'in');
const OUT = join(REPO_ROOT, 'test', 'fixtures', 'events', 'out');
const cases = readdirSync(IN)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.slice(0, -4))
  .sort();

describe('coding rules: golden fixtures', () => {
  const pipeline = createPipeline({ gazetteer: null, clock: fixedClock('2026-01-01T00:00:00Z') });
  it.each(cases)('%s', (name) => {
    const [published, ...lines] = readFileSync(join(IN, `${name}.txt`), 'utf8').split('\n');
    const a = pipeline.analyse(articleOf(`fx_${name}`, lines.join('\n'), published.trim()));
    const got = a.events.map((e) => {
      const r = toAcledRecord(e);
      return {
        event_date: r.event_date,
        time_precision: r.time_precision,
        event_type: r.event_type,
        sub_event_type: r.sub_event_type,
        actor1: r.actor1,
        assoc_actor_1: r.assoc_actor_1,
        actor2: r.actor2,
        fatalities: r.fatalities,
        injured: e.injured,
        fatalities_unknown: e.fatalitiesUnknown,
        claimant: e.attribution.claimant,
        notes: r.notes,
      };
    });
    const file = join(OUT, `${name}.json`);
    if (process.env.REGEN) {
      mkdirSync(OUT, { recursive: true });
      writeFileSync(file, JSON.stringify(got, null, 2) + '\n');
    }
    expect(got).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});
