/**
 * Places: gazetteer open time, matcher build time, recogniser (matcher alone) and recogniser+resolver throughput in
 * MB/s of text on one core, and resident memory. The gazetteer is the one built from ../shared CSVs when present
 * (all 29,708 settlements plus variants), else the built-in default. The text is generated: sentences of our own
 * writing around names drawn from the gazetteer, so a realistic share of tokens are names.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Gazetteer } from '../src/domain/index.js';
import { plainArticle } from '../src/domain/index.js';
import { recognisePlaces } from '../src/nlp/extractors/place.js';
import { PlaceMatcher } from '../src/nlp/extractors/place-matcher.js';
import { resolvePlaces } from '../src/resolve/geocode/index.js';
import { gazetteerFromShared, openGazetteer, SqliteGazetteer } from '../src/resolve/gazetteer/index.js';
import { splitSentences } from '../src/nlp/sentences.js';
import { rssMb, writeResult } from './lib.js';
import { mulberry32 } from '../test/shared.js';

const TEMPLATES = [
  'Russian forces shelled {A} overnight, the regional administration said, damaging several houses and a school.',
  'Ukrainian troops repelled an assault near {A} and {B}, according to the General Staff report on Tuesday morning.',
  'A drone struck an energy facility about 15 kilometers north of {A}; there were no casualties, officials said.',
  'Fighting continued in the {A} direction, where the brigade said it had held its positions for a third week.',
  'The governor said residents of {A}, {R} region, were told to leave as artillery fire intensified in the area.',
  'Volunteers delivered water and medicine to the village of {A} after the road from {B} was cut again.',
  'Analysts noted that the supply route between {A} and {B} remained under fire from glide bombs and drones.',
  'The mayor of {A} reported that power had been restored to most districts after the latest attack.',
];

function titleCase(key: string): string {
  return key.replace(/(^|[ -])(\p{L})/gu, (_, s: string, c: string) => s + c.toUpperCase());
}

function generate(gaz: Gazetteer, bytes: number): string[] {
  const names: string[] = [];
  for (const n of gaz.names())
    if (/^[a-z][a-z ]+$/u.test(n.key) && n.origin === 'official') names.push(n.key);
  const regions = ['Donetsk', 'Kharkiv', 'Sumy', 'Zaporizhzhia', 'Kherson', 'Dnipropetrovsk'];
  const rnd = mulberry32(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const articles: string[] = [];
  let total = 0;
  while (total < bytes) {
    const paras: string[] = [];
    for (let p = 0; p < 6; p++) {
      const sentences: string[] = [];
      for (let s = 0; s < 4; s++) {
        sentences.push(
          pick(TEMPLATES)
            .replace('{A}', titleCase(pick(names)))
            .replace('{B}', titleCase(pick(names)))
            .replace('{R}', pick(regions)),
        );
      }
      paras.push(sentences.join(' '));
    }
    const text = paras.join('\n\n');
    articles.push(text);
    total += Buffer.byteLength(text);
  }
  return articles;
}

/** CPU seconds (user + system) of this process since `from`. */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
}

async function run(): Promise<void> {
  const sharedPath = await gazetteerFromShared();
  let t = performance.now();
  const gaz = sharedPath ? SqliteGazetteer.open(sharedPath) : openGazetteer();
  const openMs = performance.now() - t;
  const info = gaz.info();

  t = performance.now();
  const matcher = new PlaceMatcher((s) => gaz.normalise(s), gaz.names());
  const matcherBuildMs = performance.now() - t;

  const texts = generate(gaz, 4 * 2 ** 20);
  const mb = texts.reduce((n, x) => n + Buffer.byteLength(x), 0) / 2 ** 20;

  // Warm up the JIT and the token cache on a slice, then time full passes.
  for (const x of texts.slice(0, 50)) matcher.match(x);
  t = performance.now();
  let cpu = process.cpuUsage();
  let names = 0;
  for (const x of texts) names += matcher.match(x).length;
  const matchS = (performance.now() - t) / 1000;
  const matchCpuS = cpuSeconds(cpu);

  t = performance.now();
  cpu = process.cpuUsage();
  let mentions = 0;
  texts.forEach((x, i) => {
    const a = plainArticle({ id: `bench-${i}`, text: x });
    const sentences = splitSentences(a.text);
    const candidates = recognisePlaces(a.text, matcher, {
      sentenceStarts: sentences.map((s) => s.span.start),
    });
    mentions += resolvePlaces(candidates, gaz, { sentences: sentences.map((s) => s.span) }).length;
  });
  const fullS = (performance.now() - t) / 1000;
  const fullCpuS = cpuSeconds(cpu);
  const rss = rssMb();
  gaz.close();

  writeResult('places', {
    gazetteer: sharedPath ? 'shared OCHA CSVs' : 'built-in default',
    gazetteerEntries: info.entries,
    gazetteerNames: info.names,
    matcherKeys: matcher.size,
    gazetteerOpenMs: Math.round(openMs * 10) / 10,
    matcherBuildMs: Math.round(matcherBuildMs),
    textMB: Math.round(mb * 100) / 100,
    articles: texts.length,
    namesMatched: names,
    mentionsResolved: mentions,
    matcherMBps: Math.round((mb / matchS) * 10) / 10,
    recogniseResolveMBps: Math.round((mb / fullS) * 10) / 10,
    // CPU-time rates: what one core does when it is not shared (the wall-clock ones depend on the machine's load).
    matcherMBpsCpu: Math.round((mb / matchCpuS) * 10) / 10,
    recogniseResolveMBpsCpu: Math.round((mb / fullCpuS) * 10) / 10,
    loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
    rssMB: rss,
  });
}

await run();
