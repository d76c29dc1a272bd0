import { describe, expect, it } from 'vitest';
import { toCsvValues } from '../../src/code/index.js';
import { ACLED_CSV_COLUMNS } from '../../src/domain/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import { articleOf } from '../events/article.js';

// The CSV row's country columns: an event abroad is that country's even when the gazetteer (Ukraine's) cannot place
// it, and another state's police at home are state forces (inter 1), not external ones.
describe('CSV export: country of an event', () => {
  const pipeline = createPipeline({ gazetteer: null });
  const row = (text: string): Record<string, string | number> => {
    const [e] = pipeline.analyse(articleOf('csv', text, '2025-03-12')).events;
    const values = toCsvValues(e);
    return Object.fromEntries(ACLED_CSV_COLUMNS.map((c, i) => [c, values[i]]));
  };

  it('an arrest in Chisinau is Moldova’s, by its police, of its civilians', () => {
    const r = row('Police in Chisinau detained two men on Tuesday on suspicion of spying for Russia.');
    expect([r.country, r.iso, r.actor1, r.inter1, r.actor2, r.inter2]).toEqual([
      'Moldova',
      498,
      'Police Forces of Moldova (2020-)',
      1,
      'Civilians (Moldova)',
      7,
    ]);
  });

  it('a strike in Ukraine stays Ukraine’s, with Russia’s forces external', () => {
    const r = row('Russian forces shelled Kherson on Tuesday, killing two civilians.');
    expect([r.country, r.iso, r.inter1, r.inter2, r.civilian_targeting]).toEqual([
      'Ukraine',
      804,
      8,
      7,
      'Civilian targeting',
    ]);
  });
});
