import { describe, expect, it } from 'vitest';
import { extractActors } from '../../src/nlp/extractors/actor.js';
import { extractAttribution } from '../../src/nlp/extractors/attribution.js';
import { extractCasualties, extractCounts } from '../../src/nlp/extractors/quantity.js';
import { splitSentences } from '../../src/nlp/sentences.js';

describe('casualties', () => {
  it.each([
    ['One person was killed and three injured.', 1, 3, false],
    ['Russian forces shelled the town, killing two civilians and injuring five.', 2, 5, false],
    ['1 civilian was killed, 1 wounded.', 1, 1, false],
    ['Casualties unknown.', 0, 0, true],
    ['There were no casualties.', 0, 0, false],
    ['An explosive device seriously injured a local official. The victim died in hospital.', 1, 0, false],
    [
      'Up to 30 soldiers were killed [reported 40 fatalities; 3 fatalities coded to this event].',
      3,
      0,
      false,
    ],
    ['Two rebels were killed during the day [2 fatalities split among 7 events].', 0, 0, false],
    ['On 10 March 2024 Russian forces shelled the village.', 0, 0, true],
  ])('%s', (text, fatalities, injured, unknown) => {
    expect(extractCasualties(text)).toMatchObject({ fatalities, injured, unknown });
  });

  it('counts villages and drones', () => {
    expect(extractCounts('Ukrainian forces liberated two villages and shot down 12 Russian drones.')).toEqual(
      { villages: 2, drones: 12 },
    );
  });
});

describe('attribution', () => {
  it('finds the claimant after the report', () => {
    expect(
      extractAttribution(
        "Ukrainian forces liberated two villages, the General Staff of Ukraine's Armed Forces said on Oct. 26.",
      ),
    ).toEqual({
      claimant: 'General Staff of the Armed Forces of Ukraine',
      channel: null,
      hedged: false,
      belligerent: true,
    });
  });

  it('finds the channel and the writer', () => {
    expect(extractAttribution('The president met soldiers, Zelensky wrote on X on Nov. 4.')).toMatchObject({
      claimant: 'Volodymyr Zelensky',
      channel: 'X',
    });
    expect(
      extractAttribution('Nine villages were retaken, the General Staff said in its Facebook post.').channel,
    ).toBe('Facebook');
  });

  it('marks a belligerent claim and hedging', () => {
    expect(
      extractAttribution("Russia's Defense Ministry claimed its forces captured the village."),
    ).toMatchObject({
      claimant: 'Ministry of Defence of Russia',
      hedged: true,
      belligerent: true,
    });
    expect(extractAttribution('According to Russian sources, a drone was shot down.')).toMatchObject({
      claimant: 'Russian sources',
      hedged: true,
    });
  });
});

describe('actors', () => {
  const actors = (text: string) =>
    extractActors(splitSentences(text)).map((a) => [a.text, a.kind, a.side, a.acledName, a.assocName ?? '']);

  it('maps forces, air arms and officials to ACLED names', () => {
    expect(actors('Russian air forces struck Siversk while Ukrainian troops held.')).toEqual([
      ['Russian air forces', 'force', 'russia', 'Military Forces of Russia (2000-) Air Force', ''],
      ['Ukrainian troops', 'force', 'ukraine', 'Military Forces of Ukraine (2019-)', ''],
    ]);
    expect(actors('President Volodymyr Zelensky visited the front.')[0].slice(0, 4)).toEqual([
      'President Volodymyr Zelensky',
      'official',
      'ukraine',
      'Government of Ukraine (2019-)',
    ]);
  });

  it('reads named units with their associated actor', () => {
    expect(
      actors(
        'Soldiers of the 1st Corps of the National Guard of Ukraine "Azov" and the 47th Mechanized Brigade fought on.',
      ),
    ).toEqual([
      [
        '1st Corps of the National Guard of Ukraine "Azov"',
        'unit',
        'ukraine',
        'Military Forces of Ukraine (2019-)',
        'Military Forces of Ukraine (2019-) National Guard',
      ],
      [
        '47th Mechanized Brigade',
        'unit',
        'ukraine',
        'Military Forces of Ukraine (2019-)',
        'Military Forces of Ukraine (2019-)',
      ],
    ]);
  });

  it('reads civilians, protesters and the DPR', () => {
    expect(actors('Ukrainian forces shelled DPR positions, injuring 8 civilians.').map((a) => a[3])).toEqual([
      'Military Forces of Ukraine (2019-)',
      "Military Forces of Russia (2000-) Donetsk People's Militia",
      'Civilians (Ukraine)',
    ]);
    expect(actors('Over 100 demonstrators gathered.')[0][3]).toBe('Protesters (Ukraine)');
  });
});
