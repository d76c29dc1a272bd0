import { describe, expect, it } from 'vitest';
import { fixedClock, plainArticle } from '../../src/domain/index.js';
import { createPipeline } from '../../src/pipeline/index.js';

// The times stage needs a reference day: the article's, else the clock's, and it says which.

const pipeline = createPipeline({ gazetteer: null, clock: fixedClock('2025-11-05T09:00:00Z') });
const text = 'Russian forces shelled Nikopol yesterday, killing one man.';

describe('publication day of the times stage', () => {
  it('reads times against a valid publication day, with no issue', () => {
    const a = pipeline.analyse(plainArticle({ id: 'a_day', text, published: '2025-11-04' }));
    expect(a.times.map((t) => t.date)).toEqual(['2025-11-03']);
    expect(a.issues.filter((i) => i.code.startsWith('date-'))).toEqual([]);
  });

  it('falls back to the clock for a date that is not a calendar day, and says so', () => {
    const a = pipeline.analyse(plainArticle({ id: 'a_bad', text, published: '2025-02-30' }));
    expect(a.times.map((t) => t.date)).toEqual(['2025-11-04']);
    expect(a.issues.map((i) => i.code)).toContain('date-invalid');
    expect(a.issues.find((i) => i.code === 'date-invalid')?.message).toContain('"2025-02-30"');
  });

  it('falls back to the clock when the article has no date', () => {
    const a = pipeline.analyse(plainArticle({ id: 'a_none', text }));
    expect(a.issues.map((i) => i.code)).toContain('date-missing');
    expect(a.times.map((t) => t.date)).toEqual(['2025-11-04']);
  });
});
