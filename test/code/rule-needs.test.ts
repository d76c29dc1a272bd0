import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/code/rules/index.js';
import { wordsOf } from '../../src/nlp/words.js';
import { viewOf } from './view.js';

// Sentences that fire the rules listing their words (`Rule.needs`, or `needsOr` for words it cannot list), one or more
// forms of each: a rule fired without its words would be skipped on a sentence that holds it. Our own writing.
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
  'Ukrainian forces repelled a counter-offensive near Robotyne.',
  'Russian troops exchanged fire with Ukrainian units near Toretsk.',
  'Ukrainian snipers killed two Russian soldiers in a shoot-out near Chasiv Yar.',
  'Ukrainian forces liberated Kherson on Friday.',
  'Russian forces occupied Kupiansk.',
  'Ukrainian troops entered Kherson after Russian troops withdrew.',
  'Russian troops were forced out of Vovchansk, the General Staff said.',
  'Ukrainian forces de-occupied Robotyne.',
  'Air defence shot down 30 drones overnight.',
  'Missiles were intercepted over Kyiv.',
  'Ukrainian air defence destroyed 12 Shaheds.',
  'Police defused a bomb in Odesa.',
  // the bare stem the pattern allows ("repuls(?:ed|es)?")
  'Air defence crews repuls drone attacks near Odesa.',
  'Ukrainian forces shot down a Su-34 over Donetsk.',
  'Russian soldiers executed two Ukrainian POWs near Bakhmut.',
  'Russian troops abducted the mayor of Melitopol.',
  'Russian forces opened fire on a group of civilians in Kherson.',
  'Russian forces struck Kharkiv with attack drones.',
  'A Russian airstrike hit Orikhiv.',
  'Russian aviation dropped guided bombs on Kostiantynivka.',
  'A Geran hit a warehouse in Odesa.',
  'Russian forces fired Kh-101 missiles at Kyiv.',
  'Russian S-300 missiles hit Kharkiv overnight.',
  'Russian forces shelled Nikopol with artillery.',
  'A tractor hit an anti-tank mine near Kherson.',
  'Two IEDs exploded in Melitopol.',
  'A boy found the UXO in the yard.',
  'An unexploded shell went off in the yard.',
  'A civilian stepped on a landmine near Izium.',
];

describe('rule words (Rule.needs)', () => {
  it.each(FIRING)('a rule that fires on "%s" finds its words there', (text) => {
    const view = viewOf(text);
    const words = wordsOf(text);
    const fired = RULES.filter((r) => r.needs && r.match(view));
    expect(fired.length).toBeGreaterThan(0);
    for (const r of fired) {
      const held = r.needs?.every((any) => any.some((w) => words.has(w))) || r.needsOr?.test(text);
      expect(held).toBe(true);
    }
  });
});
