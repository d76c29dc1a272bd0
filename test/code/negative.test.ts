import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../src/pipeline/index.js';
import { articleOf } from '../events/article.js';

// Strings that must produce no event (chrono's negative_cases model): history, hypotheticals, denials, threats,
// future plans, and page furniture of scrapes. Our own writing; the first block of the list is in
// test/events/negative.test.ts.
const NEGATIVE_CASES = [
  // history and background
  'Russian forces have occupied Crimea since 2014.',
  'Since February 2022, Russian forces have shelled Kharkiv almost daily.',
  'Kherson was liberated in November 2022 after eight months of occupation.',
  'Fighting in Donbas has continued since 2014, when Russia-backed militants seized Donetsk and Luhansk.',
  'Bakhmut fell to Russian forces in May 2023 after months of fighting.',
  'The city has been shelled regularly since 2022, when Ukrainian forces fought Russian troops for control of the region.',
  // threats, vows, plans, hypotheticals
  'Russia threatened to strike Ukrainian airfields that host F-16 jets.',
  'The Kremlin warned it would retaliate if Western missiles hit Russian territory.',
  'Moscow has repeatedly threatened to use nuclear weapons against Ukraine’s allies.',
  'Russian officials vowed to capture Kharkiv by the end of the year.',
  'Ukraine is preparing a counteroffensive in Zaporizhzhia Oblast for the summer.',
  'Should Russian forces break through near Pokrovsk, they could reach Dnipropetrovsk Oblast within weeks.',
  'Russia plans to launch a new offensive in the north in the coming weeks, the intelligence chief said.',
  'Zelensky said Ukraine would strike Russian refineries until the shelling of Ukrainian energy stops.',
  'The mayor called on residents to stay in shelters in case of a drone attack.',
  'Residents fear that Russian troops will return to the village of Hroza.',
  'Ukrainian officials said Russia was massing troops to attack Vovchansk.',
  // denials and rejected claims
  'The General Staff denied Russian claims that Ukrainian troops had withdrawn from Chasiv Yar.',
  'The Russian Defence Ministry falsely claimed that its forces had captured Robotyne.',
  'Officials rejected reports that a missile had hit the Dnipro dam.',
  'Ukraine has not confirmed that its drones attacked the airfield in Morozovsk.',
  // leaving a deal or a unit is not ground changing hands
  'He left the Ukrainian unit eleven years ago.',
  // words of protest used for something else
  'Ukraine has demonstrated that democracies can still defend themselves.',
  'The president’s speeches helped rally Ukrainians in the first weeks of the invasion.',
  'With authoritarian regimes on the march in Europe and Asia, allies must act.',
  'Zelensky said he expected the next round of talks in early March in Geneva.',
  'Ukrainian crews recently demonstrated in practice what the new missiles can do.',
  // capabilities and industries are not acts
  'Robotic systems can now strike targets on land, in the air and at sea.',
  'The aviation industry is running out of engineers.',
  // assessments and trends: no place, day or count of a concrete act (an analyst codes occurrences)
  "Russia's intensifying strikes on Ukrainian energy infrastructure reflect the Kremlin's effort to break Ukrainian morale.",
  'Russia fields thousands of tanks in its ongoing offensive operations across the theater.',
  'Russian forces continue to conduct offensive operations along the entire front line.',
  'The Kremlin continues to pursue its long-term objective of destroying Ukrainian statehood through military pressure.',
  'Russian forces are increasingly using glide bombs to compensate for shortages of artillery ammunition.',
  'Ukrainian forces have regularly struck Russian logistics in recent weeks, suggesting a deliberate interdiction campaign.',
  'The tempo of Russian assaults indicates that the command is willing to accept heavy losses for marginal gains.',
  "Russia's drone strike campaign aims to exhaust Ukrainian air defences before the winter.",
  'Recent Ukrainian strikes have degraded Russian oil refining capacity.',
  // claims told only to be refuted, assessments of an earlier report
  'A Russian milblogger refuted claims that Russian troops had seized Kurakhove.',
  'ISW previously assessed that Russian forces seized Selydove on a prior date.',
  'See topline text for reports of Ukrainian drone strikes on Russian refineries.',
  'On the Huliaipole direction, no active offensive actions by the enemy were recorded.',
  'Ukraine issues air raid alert across the east amid threat of ballistic missiles.',
  'Firefighters work at the site of a strike on a power plant in Kyiv, Ukraine, on March 3 [Ivan Petrenko/Reuters]',
  '- [Russian missile strike kills four in Sumy](https://example.org/news/sumy-strike)',
  // page furniture: tickers, citations, labels, captions, link lists, teasers
  'Drone attack sparks fire at Novorossiysk oil terminal 02:17',
  'Strikes on Kharkiv, accessed March 3, 2025, <https://example.org/kharkiv-strikes>',
  'Order of Battle: Drone operators of the Russian 20th Motorized Rifle Division are reportedly striking Ukrainian positions near Siversk.',
  'Russian Main Effort #2 – Donetsk Oblast (Russian objective: Capture Kostiantynivka and advance toward Kramatorsk)',
  'A photo shows firefighters putting out a blaze after a Russian drone strike on Sumy.',
  'Russian Missiles Hit Kyiv Power Plant As Winter Cold Sets In Across Ukraine',
  'Will Russian troops capture Huliaipole before the summer?',
  'Russian strikes leave Odesa without power 4 min read',
  'Home | War in Ukraine | Russian shelling kills two in Kherson | Opinion',
];

describe('coding rules: negative cases', () => {
  const pipeline = createPipeline({ gazetteer: null });
  it.each(NEGATIVE_CASES)('no event: %s', (text) => {
    const a = pipeline.analyse(articleOf('neg', text, '2025-11-04'));
    expect(a.events.map((e) => `${e.subEventType}: ${e.notes}`)).toEqual([]);
  });
});
