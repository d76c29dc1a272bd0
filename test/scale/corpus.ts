import { writeFileSync } from 'node:fs';
import { mulberry32 } from '../shared.js';

// Our own synthetic war reporting for the scale tests and the bench: a few sentences each, real place names, dates
// and numbers drawn from a seeded generator so every run writes the same corpus.

const PLACES = [
  'Pokrovsk',
  'Kramatorsk',
  'Dobropillia',
  'Kostiantynivka',
  'Kupiansk',
  'Huliaipole',
  'Orikhiv',
  'Kherson',
  'Nikopol',
  'Sumy',
  'Kharkiv',
  'Zaporizhzhia',
  'Sloviansk',
  'Myrnohrad',
  'Siversk',
  'Lyman',
  'Chasiv Yar',
  'Toretsk',
  'Vovchansk',
  'Bilozerka',
  'Izium',
  'Balakliia',
  'Marhanets',
  'Shostka',
];
const OBLASTS = ['Donetsk Oblast', 'Kharkiv Oblast', 'Zaporizhzhia Oblast', 'Kherson Oblast', 'Sumy Oblast'];
const OUTLETS = ['Steppe Wire', 'Front Ledger', 'Eastern Dispatch', 'Dnipro Evening Post'];
const MONTHS = ['Sept.', 'Oct.', 'Nov.'];

const TEMPLATES: readonly ((r: Rand) => string)[] = [
  (r) =>
    `Russian forces shelled ${r.pick(PLACES)} on ${r.pick(MONTHS)} ${r.int(1, 28)}, killing ${r.int(1, 6)} civilians and injuring ${r.int(2, 14)}, the regional governor said.`,
  (r) =>
    `A drone struck a ${r.pick(['warehouse', 'bus depot', 'grain silo', 'power substation', 'school gym'])} in ${r.pick(PLACES)} overnight, local officials reported on Telegram.`,
  (r) =>
    `Ukrainian troops repelled ${r.int(2, 40)} assaults near ${r.pick(PLACES)} in ${r.pick(OBLASTS)}, the General Staff said in its evening update.`,
  (r) =>
    `The ${r.int(3, 155)}th Mechanized Brigade said it had retaken positions ${r.int(2, 25)} kilometers ${r.pick(['north', 'south', 'east', 'west'])} of ${r.pick(PLACES)}.`,
  (r) =>
    `Air defense units shot down ${r.int(5, 90)} of ${r.int(91, 140)} drones launched at ${r.pick(PLACES)} and ${r.pick(PLACES)}, the Air Force said.`,
  (r) =>
    `Residents of ${r.pick(PLACES)} spent ${r.int(3, 19)} hours without water after a strike on a pumping station, according to the city council.`,
  (r) =>
    `Volunteers evacuated ${r.int(20, 400)} people from villages around ${r.pick(PLACES)} as the shelling intensified this week.`,
  (r) =>
    `Police in ${r.pick(PLACES)} detained ${r.int(1, 5)} men suspected of guiding missile strikes, the Security Service said.`,
  (r) =>
    `Rescuers in ${r.pick(OBLASTS)} pulled ${r.int(1, 9)} people from the rubble of an apartment block hit by a guided bomb on ${r.pick(MONTHS)} ${r.int(1, 28)}.`,
  (r) =>
    `Farmers near ${r.pick(PLACES)} said demining teams had cleared ${r.int(10, 300)} hectares of fields since the spring.`,
];

/** A small seeded generator (mulberry32), so a corpus is the same on every machine. */
export class Rand {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
}

/** One synthetic report as a JSONL record (`url, published, outlet, headline, text`). */
export interface CorpusRecord {
  readonly url: string;
  readonly published: string;
  readonly outlet: string;
  readonly headline: string;
  readonly text: string;
}

/**
 * `n` distinct synthetic reports: four to six sentences each, every one naming its serial number so no two are
 * near-duplicates of each other.
 *
 * @example generateCorpus(3)[0].headline → 'Report 1: Pokrovsk under fire'
 */
export function generateCorpus(n: number, seed = 20251104): CorpusRecord[] {
  const r = new Rand(seed);
  const out: CorpusRecord[] = [];
  for (let i = 1; i <= n; i += 1) {
    const place = r.pick(PLACES);
    const sentences = Array.from({ length: r.int(4, 6) }, () => r.pick(TEMPLATES)(r));
    const paragraphs = [
      `Dispatch ${i} from ${place}, filed on day ${r.int(1, 28)} of the month by correspondent number ${r.int(100, 999)}.`,
      sentences.slice(0, 2).join(' '),
      sentences.slice(2).join(' '),
    ];
    out.push({
      url: `https://synthetic.example/reports/${i}`,
      published: `2025-${String(r.int(9, 11)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
      outlet: r.pick(OUTLETS),
      headline: `Report ${i}: ${place} ${r.pick(['under fire', 'after the strikes', 'on the front line', 'this week'])}`,
      text: paragraphs.join('\n\n'),
    });
  }
  return out;
}

/** Writes a corpus as JSONL (the `ingest`/`enqueue` input format) and returns the path. */
export function writeCorpus(path: string, n: number, seed?: number): string {
  writeFileSync(
    path,
    generateCorpus(n, seed)
      .map((x) => JSON.stringify(x))
      .join('\n') + '\n',
  );
  return path;
}
