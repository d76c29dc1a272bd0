import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../src/pipeline/index.js';
import { articleOf } from './article.js';

// Strings that must produce no event (chrono's negative_cases model): threats, hypotheticals, denials, plans,
// forecasts, history and plain background. Our own writing.
const NEGATIVE_CASES = [
  'Russia threatened to strike government buildings in Kyiv if the talks fail.',
  'Ukrainian forces could launch a counteroffensive in the south next month.',
  'The ministry denied that Russian troops had entered Kupiansk.',
  'If Russian forces capture Pokrovsk, the road to Kramatorsk will be open.',
  'Moscow may launch a new offensive toward Zaporizhzhia in the spring.',
  'In 2014, Russian forces seized Crimea.',
  'The army plans to rebuild the bridge near Izium that was shelled last year.',
  'Analysts warned that Russian forces might attack Sumy again.',
  'Kyiv did not confirm that its drones struck the refinery.',
  'Pokrovsk used to be a key Ukrainian logistics hub.',
  'The mayor thanked volunteers for their help with the evacuation.',
  'Russian troops are expected to attack Huliaipole in the coming weeks.',
  'Russian troops withdrew to new positions east of the river.',
  'Kyiv urged Russian forces to withdraw from the Zaporizhzhia nuclear plant.',
];

describe('negative cases', () => {
  const pipeline = createPipeline({ gazetteer: null });
  it.each(NEGATIVE_CASES)('no event: %s', (text) => {
    const a = pipeline.analyse(articleOf('neg', text, '2025-11-04'));
    expect(a.events.map((e) => `${e.subEventType}: ${e.notes}`)).toEqual([]);
  });
});
