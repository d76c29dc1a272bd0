import { describe, expect, it } from 'vitest';
import { plainArticle } from '../domain/index.js';
import { createPipeline } from './create-pipeline.js';
import { STAGES } from './index.js';
import type { Stage } from './stage.js';

describe('createPipeline', () => {
  it('prepares each stage once, when made, before any article', () => {
    const calls: string[] = [];
    const stage: Stage = {
      name: 'probe',
      run: (a) => (calls.push('run'), a),
      prepare: () => calls.push('prepare'),
    };
    const pipeline = createPipeline({ stages: [stage, { name: 'plain', run: (a) => a }] });
    expect(calls).toEqual(['prepare']);
    pipeline.analyse(plainArticle({ id: 'a_1', text: 'Nothing happened.', published: '2025-11-04' }));
    pipeline.analyse(plainArticle({ id: 'a_2', text: 'Still nothing.', published: '2025-11-04' }));
    expect(calls).toEqual(['prepare', 'run', 'run']);
  });

  it('has the times stage warm chrono-node', () => {
    expect(STAGES.find((s) => s.name === 'times')?.prepare).toBeTypeOf('function');
  });
});
