import { describe, expect, it } from 'vitest';
import type { Sentence } from '../../src/domain/index.js';
import type { SentenceView } from '../../src/code/rule.js';
import { RULES } from '../../src/code/rules/index.js';
import { extractActors } from '../../src/nlp/extractors/actor.js';
import { wordsOf } from '../../src/nlp/words.js';

// Sentences that fire the rules listing their words (`Rule.needs`), one or more forms of each: a rule fired without
// its words would be skipped over an article that holds it. Our own writing.
const FIRING = [
  'Protesters rallied in Kyiv against the law.',
  'Residents marched through Odesa.',
  'Hundreds gathered to protest the decision.',
  'They staged a rally outside the council.',
  'Activists picketed the embassy.',
  'Ukraine and Russia exchanged 95 prisoners on Friday.',
  'Russia and Ukraine agreed on a ceasefire.',
  'The bodies of 500 soldiers were repatriated.',
  'Kyiv returned 20 bodies as part of an exchange.',
  'Repatriation of the remains took place.',
  'Russia withdrew from the Black Sea Grain Initiative.',
  'Moscow suspended its participation in the treaty.',
  'Russia walked away from the talks.',
  'Russia pulled out of the deal.',
  'Ukrainian forces withdrew from Avdiivka.',
  'Russian troops retreated from the town.',
  'President Zelensky visited troops near Bakhmut and presented state awards.',
  'Zelensky met with soldiers of the 47th brigade.',
  'Zelensky handed over awards to defenders.',
  'Russian forces formed a new brigade.',
  'Ukraine announced the creation of new corps.',
  'Russian forces set up checkpoints in the village.',
  'Russian troops established a military presence near Kherson.',
  'Police arrested two men.',
  'A man was taken into custody by police.',
  'Russian soldiers looted homes in Bucha.',
  'Russian troops set fire to the school.',
  'Protesters threw stones at police.',
  'A crowd of men beat a recruitment officer.',
  'Rioters smashed cars in Odesa.',
  'Protesters stormed the building.',
  'Russian forces used chemical weapons near Kupiansk.',
  'Russian troops dropped K-1 grenades.',
  'Russian forces used CS gas against soldiers.',
  'A suicide drone attack hit Kharkiv.',
  'A soldier threw a hand grenade at civilians.',
  'Grenades were thrown at the building.',
];

function viewOf(text: string): SentenceView {
  const sentence: Sentence = {
    index: 0,
    paragraph: 0,
    span: { start: 0, end: text.length },
    text,
    quoted: false,
  };
  return { sentence, text, actors: extractActors([sentence], text) };
}

describe('rule words (Rule.needs)', () => {
  it.each(FIRING)('a rule that fires on "%s" finds its words there', (text) => {
    const view = viewOf(text);
    const words = wordsOf(text);
    const fired = RULES.filter((r) => r.needs && r.match(view));
    expect(fired.length).toBeGreaterThan(0);
    for (const r of fired) expect(r.needs?.every((any) => any.some((w) => words.has(w)))).toBe(true);
  });
});
