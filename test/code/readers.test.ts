import { describe, expect, it } from 'vitest';
import { isBoilerplate } from '../../src/code/boilerplate.js';
import { inRussia } from '../../src/code/rules/territory.js';
import type { Sentence } from '../../src/domain/index.js';
import { extractCasualties } from '../../src/nlp/extractors/quantity.js';
import { extractTimes } from '../../src/nlp/extractors/time.js';

// The readers behind the coding rules, one behaviour a case. Our own sentences.

describe('casualties phrased many ways', () => {
  it.each([
    ['No one was hurt.', 0, 0],
    ['A 67-year-old man died of his wounds and his wife was hospitalized.', 1, 1],
    ['Russian soldiers shot dead a civilian man.', 1, 0],
    ['Troops executed two civilians.', 2, 0],
    ['The shelling killed a 45-year-old woman.', 1, 0],
    ['A man was killed and 2 were injured.', 1, 2],
    ['Her son was seriously wounded.', 0, 1],
  ])('%s', (text, fatalities, injured) => {
    const c = extractCasualties(text);
    expect([c.fatalities, c.injured]).toEqual([fatalities, injured]);
  });

  it('says outright that nobody was hurt, not that one was', () => {
    expect(extractCasualties('No one was hurt.')).toMatchObject({ none: true, unknown: false });
  });
});

describe('page furniture', () => {
  it.each([
    'Drone attack sparks fire at Novorossiysk oil terminal 02:17',
    'Strikes on Kharkiv, accessed March 3, 2025, <https://example.org/kharkiv-strikes>',
    'https://example.org/2025/03/03/strikes-on-kharkiv',
    'Order of Battle: Elements of the Russian 3rd Army Corps reportedly operate near Siversk.',
    'Russian Missiles Hit Kyiv Power Plant As Winter Cold Sets In Across Ukraine',
    'Will Russian troops capture Huliaipole before the summer?',
    'Home | War in Ukraine | Russian shelling kills two in Kherson',
  ])('is furniture: %s', (text) => expect(isBoilerplate(text)).toBe(true));

  it.each([
    'Russian forces shelled Kherson at 03:55, killing one man.',
    'Russian forces launched 420 drones and 39 missiles at Ukraine overnight, according to the Air Force',
    'On 2 April 2024, Russian forces shelled Nikopol.',
    'On 5 March 2024, at approximately 22:10, Russian forces shelled Nikopol.',
    'On 5 March 2024 (22:10 local time), Russian forces shelled Nikopol.',
    'Shelling lasted from 21:00 until 23:30 in Nikopol.',
  ])('is prose: %s', (text) => expect(isBoilerplate(text)).toBe(false));

  it('counts title-case words across any whitespace, and with a linking word or two', () => {
    expect(isBoilerplate('Drones\u00a0Hit Odesa Port\tAs Strikes Intensify In The South')).toBe(true);
    expect(isBoilerplate('Strikes on the Grid in Kharkiv and Sumy Leave Thousands Without Power')).toBe(true);
    // Under 85 % capitalised or linking words: a clipped line of prose.
    expect(isBoilerplate('Strikes on the grid in Kharkiv and Sumy left thousands without power')).toBe(false);
    // Fewer than six words, or fewer than four capitalised.
    expect(isBoilerplate('Kyiv Under Fire Again Tonight')).toBe(false);
    expect(isBoilerplate('in the of and to for with by from as after over Kyiv Odesa Lviv')).toBe(false);
  });

  it('reads a megabyte-long sentence with no full stop as prose', () => {
    const line = 'Russian forces shelled the village and the governor said nothing more about it '.repeat(
      13_000,
    );
    expect(isBoilerplate(line)).toBe(false);
    expect(isBoilerplate(line.replace(/\b[a-z]/g, (c) => c.toUpperCase()))).toBe(true);
  });
});

describe('ground inside Russia', () => {
  it.each([
    ['Ukrainian forces withdrew from positions in Kursk Oblast.', true],
    ['Ukrainian forces captured the Russian village of Nikolayevo-Daryino.', true],
    ['Russian forces recaptured Sudzha.', true],
    ['Russian forces captured Pokrovsk.', false],
    ["Russia's Defense Ministry claimed the capture of Kupiansk.", false],
  ])('%s', (text, expected) => expect(inRussia(text)).toBe(expected));
});

function sentences(...texts: string[]): Sentence[] {
  let at = 0;
  return texts.map((text, index) => {
    const s: Sentence = {
      index,
      paragraph: index,
      text,
      span: { start: at, end: at + text.length },
      quoted: false,
    };
    at += text.length + 2;
    return s;
  });
}

describe('nights and report days', () => {
  it('an "overnight" beside the day of the report is the night before that day', () => {
    const [t] = extractTimes(
      sentences('Air defence downed 40 drones overnight, the Air Force said on June 11.'),
      '2025-06-14',
    ).filter((x) => x.text?.startsWith('overnight'));
    expect(t.start).toBe('2025-06-10');
  });

  it('marks the day of a report as such', () => {
    const times = extractTimes(
      sentences('Air defence downed 40 drones, the Air Force reported on June 11.'),
      '2025-06-14',
    );
    expect(times.map((t) => [t.start, t.basis.stated.includes('report')])).toEqual([['2025-06-11', true]]);
  });

  it('"during the night" continues the day stated before it in the paragraph', () => {
    const s = sentences(
      'On 10 June 2025, Russian forces launched drones at Sumy.',
      'During the night, air defence downed 25.',
    );
    const times = extractTimes([s[0], { ...s[1], paragraph: 0 }], '2025-06-12');
    expect(times.map((t) => t.start)).toEqual(['2025-06-10', '2025-06-10']);
  });

  it('a bare "during the night" with nothing before it is the night before publication', () => {
    const times = extractTimes(sentences('During the night, air defence downed 25 drones.'), '2025-06-12');
    expect(times.map((t) => t.start)).toEqual(['2025-06-11']);
  });
});

describe('tolls and dates among counts', () => {
  it.each([
    ['A missile strike on Izium on Feb. 3 killed five people and injured more than 50.', 5, 50],
    ['The death toll from the strike on Poltava on Feb. 1 has risen to 14, including three children.', 14, 0],
    ['Two people died and another three were injured.', 2, 3],
  ])('%s', (text, fatalities, injured) => {
    const c = extractCasualties(text);
    expect([c.fatalities, c.injured]).toEqual([fatalities, injured]);
  });
});

describe('ranges of days', () => {
  it('"between 1 and 3 March" starts on the first day, precision 2', () => {
    const times = extractTimes(
      sentences('Between 1 and 3 March 2024, Russian forces shelled Vovchansk.'),
      '2024-03-06',
    );
    expect(times.map((t) => [t.date, t.precision])).toEqual([['2024-03-01', 2]]);
  });
});
