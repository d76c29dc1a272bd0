import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Analysis, Article } from '../src/domain/index.js';
import { emptyAnalysis, fixedClock } from '../src/domain/index.js';
import { readInputs } from '../src/ingest/index.js';
import { createPipeline } from '../src/pipeline/index.js';
import { openGazetteer } from '../src/resolve/gazetteer/index.js';
import { openSqliteStore } from '../src/store/index.js';
import { rssMb, writeResult } from './lib.js';
import { mulberry32 } from '../test/shared.js';

// Ingest throughput: a generated corpus of 10,000 reports of our own synthetic writing, as page-scrape .txt files
// and as one JSONL file, each read with readInputs and stored with putAnalyses in batches of 500 into a fresh SQLite
// file. The headline figure stores articles without the NLP pipeline (reading + storing, the part issue 2 owns); a
// second figure runs the whole pipeline with the default gazetteer over the first PIPELINE_SAMPLE articles.

const COUNT = Number(process.env.BENCH_ARTICLES ?? 10_000);
const BATCH = 500;
const PIPELINE_SAMPLE = Number(process.env.BENCH_PIPELINE_SAMPLE ?? 1000);
const ROOT = join(process.cwd(), 'test-output', `bench-ingest-${process.pid}`);

const PLACES = [
  ['Pokrovsk', 'Donetsk Oblast'],
  ['Dobropillia', 'Donetsk Oblast'],
  ['Kramatorsk', 'Donetsk Oblast'],
  ['Sloviansk', 'Donetsk Oblast'],
  ['Kostiantynivka', 'Donetsk Oblast'],
  ['Myrnohrad', 'Donetsk Oblast'],
  ['Lyman', 'Donetsk Oblast'],
  ['Siversk', 'Donetsk Oblast'],
  ['Kupiansk', 'Kharkiv Oblast'],
  ['Kharkiv', 'Kharkiv Oblast'],
  ['Izium', 'Kharkiv Oblast'],
  ['Vovchansk', 'Kharkiv Oblast'],
  ['Sumy', 'Sumy Oblast'],
  ['Okhtyrka', 'Sumy Oblast'],
  ['Zaporizhzhia', 'Zaporizhzhia Oblast'],
  ['Huliaipole', 'Zaporizhzhia Oblast'],
  ['Orikhiv', 'Zaporizhzhia Oblast'],
  ['Kherson', 'Kherson Oblast'],
  ['Nikopol', 'Dnipropetrovsk Oblast'],
  ['Dnipro', 'Dnipropetrovsk Oblast'],
  ['Odesa', 'Odesa Oblast'],
  ['Chernihiv', 'Chernihiv Oblast'],
] as const;
const MONTHS = [
  'Jan.',
  'Feb.',
  'March',
  'April',
  'May',
  'June',
  'July',
  'Aug.',
  'Sept.',
  'Oct.',
  'Nov.',
  'Dec.',
];
const WEAPONS = [
  'glide bombs',
  'attack drones',
  'artillery',
  'multiple rocket launchers',
  'a ballistic missile',
];
const TARGETS = [
  'a grain warehouse',
  'an apartment block',
  'a power substation',
  'a railway depot',
  'a school gym',
  'a water pumping station',
  'a bakery',
  'a fuel depot',
];
const UNITS = [
  'the 47th Mechanised Brigade',
  'the 3rd Assault Brigade',
  'the 1st Corps of the National Guard',
  'border guards',
  'a drone unit of the 93rd Brigade',
];
const OFFICIALS = [
  'the regional governor',
  'the city mayor',
  'the General Staff',
  'the police',
  'the State Emergency Service',
];
const SURNAMES = ['Kovalenko', 'Bondar', 'Tkachenko', 'Shevchuk', 'Melnyk', 'Kravets', 'Oliinyk', 'Lysenko'];
const GIVEN = ['Olena', 'Taras', 'Iryna', 'Mykola', 'Daria', 'Andrii', 'Sofiia', 'Petro'];

interface Generated {
  readonly published: string;
  readonly headline: string;
  readonly byline: string;
  readonly caption: string;
  readonly paragraphs: string[];
}

function generate(i: number): Generated {
  const r = mulberry32(i * 7919 + 17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(r() * 330) * 86_400_000);
  const published = day.toISOString().slice(0, 10);
  const dateText = (back: number): string => {
    const d = new Date(day.getTime() - back * 86_400_000);
    return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  };
  const [town, oblast] = pick(PLACES);
  const [other] = pick(PLACES);
  const km = 3 + Math.floor(r() * 40);
  const killed = Math.floor(r() * 6);
  const injured = Math.floor(r() * 14);
  const sentences = [
    `Russian forces struck ${pick(TARGETS)} in ${town} with ${pick(WEAPONS)} on ${dateText(1)}, ${pick(OFFICIALS)} said.`,
    killed > 0
      ? `${killed} people were killed and ${injured} injured, according to preliminary figures released in the morning.`
      : `No one was killed, but ${injured} residents sought medical help after the blast shattered windows along ${2 + Math.floor(r() * 9)} streets.`,
    `Fighting continued about ${km} kilometers ${pick(['north', 'south', 'east', 'west'])} of ${other}, where ${pick(UNITS)} reported repelling ${2 + Math.floor(r() * 12)} assaults over the past day.`,
    `Evacuation buses left ${town} for ${pick(PLACES)[0]} on ${dateText(2)} carrying ${20 + Math.floor(r() * 200)} people, most of them elderly.`,
    `Repair crews restored electricity to ${Math.floor(r() * 90) + 10} percent of homes in ${oblast} by evening, the energy company said.`,
    `A drone hit a car on the road between ${town} and ${other} on ${dateText(3)}, wounding the driver, ${pick(OFFICIALS)} reported.`,
    `Volunteers delivered ${Math.floor(r() * 40) + 2} tons of food and medicine to villages near ${town} that have been without shops since ${MONTHS[Math.floor(r() * 12)]}.`,
    `${pick(UNITS)} said it had destroyed ${1 + Math.floor(r() * 7)} armoured vehicles near ${other} during the night of ${dateText(4)}.`,
    `Schools in ${town} will stay on remote lessons until at least ${dateText(-10)}, the local education department announced.`,
    `Air raid alerts in ${oblast} lasted ${2 + Math.floor(r() * 9)} hours on ${dateText(1)}, the longest since ${MONTHS[Math.floor(r() * 12)]}.`,
  ];
  // Shuffle so reports differ in order as well as in their fills: otherwise template shingles would pile up.
  for (let k = sentences.length - 1; k > 0; k--) {
    const j = Math.floor(r() * (k + 1));
    [sentences[k], sentences[j]] = [sentences[j], sentences[k]];
  }
  const take = 5 + Math.floor(r() * 5);
  const body = sentences.slice(0, take);
  const paragraphs: string[] = [];
  for (let k = 0; k < body.length; k += 2) paragraphs.push(body.slice(k, k + 2).join(' '));
  paragraphs.push(`This is report number ${i} of the synthetic Litopys benchmark corpus.`);
  return {
    published,
    headline: `${pick(['Strike on', 'Attack hits', 'Shelling in', 'Drones over', 'Night of explosions in'])} ${town} as fighting goes on near ${other}`,
    byline: `${pick(GIVEN)} ${pick(SURNAMES)}`,
    caption: `Rescuers at the site of the strike in ${town}, ${dateText(1)}, 2025. (Synthetic / Litopys)`,
    paragraphs,
  };
}

function scrapeText(g: Generated): string {
  return [
    ` date ${g.published} KI logo`,
    'War',
    '',
    g.headline,
    '',
    `by ${g.byline}`,
    g.headline,
    g.caption,
    '',
    ...g.paragraphs.flatMap((p) => [p, '']),
  ].join('\n');
}

function writeCorpus(): { txtDir: string; jsonl: string } {
  const txtDir = join(ROOT, 'txt');
  const jsonl = join(ROOT, 'corpus.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const g = generate(i);
    const sub = join(txtDir, String(Math.floor(i / 1000)).padStart(2, '0'));
    if (i % 1000 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `${String(i).padStart(5, '0')}.txt`), scrapeText(g));
    lines.push(
      JSON.stringify({
        url: `https://bench.litopys.example/reports/${i}`,
        date: g.published,
        outlet: 'Litopys Bench Wire',
        headline: g.headline,
        author: g.byline,
        text: g.paragraphs.join('\n\n'),
      }),
    );
  }
  writeFileSync(jsonl, `${lines.join('\n')}\n`);
  return { txtDir, jsonl };
}

interface RunFigures {
  articlesPerSec: number;
  /** Articles per CPU-second of the whole process: the one-core rate, fair when other work shares the machine. */
  articlesPerCpuSec: number;
  seconds: number;
  read: number;
  new: number;
  duplicate: number;
  nearDuplicate: number;
  failed: number;
  dbMB: number;
}

async function ingest(
  input: string,
  db: string,
  analyse: (a: Article) => Analysis,
  limit = Infinity,
): Promise<RunFigures> {
  const store = openSqliteStore(db);
  const clock = fixedClock('2026-01-01T00:00:00Z');
  const f: RunFigures = {
    articlesPerSec: 0,
    articlesPerCpuSec: 0,
    seconds: 0,
    read: 0,
    new: 0,
    duplicate: 0,
    nearDuplicate: 0,
    failed: 0,
    dbMB: 0,
  };
  const start = performance.now();
  const cpu = process.cpuUsage();
  let batch: Analysis[] = [];
  const flush = async (): Promise<void> => {
    for (const r of await store.putAnalyses(batch)) {
      if (r.outcome === 'new') f.new++;
      else if (r.outcome === 'duplicate') f.duplicate++;
      else if (r.outcome === 'near-duplicate') f.nearDuplicate++;
    }
    batch = [];
  };
  for await (const item of readInputs([input], { clock })) {
    f.read++;
    if (!item.article) f.failed++;
    else batch.push(analyse(item.article));
    if (batch.length >= BATCH) await flush();
    if (f.read >= limit) break;
  }
  await flush();
  f.seconds = Math.round((performance.now() - start) / 10) / 100;
  f.articlesPerSec = Math.round(f.read / ((performance.now() - start) / 1000));
  const used = process.cpuUsage(cpu);
  f.articlesPerCpuSec = Math.round(f.read / ((used.user + used.system) / 1e6));
  await store.close();
  f.dbMB = Math.round(statSync(db).size / 2 ** 20);
  return f;
}

async function bench(): Promise<void> {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(ROOT, { recursive: true });
  const genStart = performance.now();
  const { txtDir, jsonl } = writeCorpus();
  const generateSeconds = Math.round((performance.now() - genStart) / 10) / 100;
  const storeOnly = (a: Article): Analysis => emptyAnalysis(a);
  const txt = await ingest(txtDir, join(ROOT, 'txt.db'), storeOnly);
  const jsonlRun = await ingest(jsonl, join(ROOT, 'jsonl.db'), storeOnly);
  // The same JSONL again: every item a duplicate, the cost of an idempotent re-run.
  const rerun = await ingest(jsonl, join(ROOT, 'jsonl.db'), storeOnly);
  const gazetteer = openGazetteer();
  const pipeline = createPipeline({ gazetteer });
  const withPipeline = await ingest(
    jsonl,
    join(ROOT, 'pipeline.db'),
    (a) => pipeline.analyse(a),
    PIPELINE_SAMPLE,
  );
  gazetteer.close();
  writeResult('ingest', {
    articles: COUNT,
    batch: BATCH,
    what: 'readInputs + putAnalyses into a fresh SQLite file (WAL, FTS5, MinHash LSH); pipeline off unless named',
    generateSeconds,
    txtArticlesPerSec: txt.articlesPerSec,
    jsonlArticlesPerSec: jsonlRun.articlesPerSec,
    txtArticlesPerCpuSec: txt.articlesPerCpuSec,
    jsonlArticlesPerCpuSec: jsonlRun.articlesPerCpuSec,
    loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
    jsonlRerunAllDuplicateArticlesPerSec: rerun.articlesPerSec,
    pipelineJsonlArticlesPerSec: withPipeline.articlesPerSec,
    pipelineSample: withPipeline.read,
    txt,
    jsonl: jsonlRun,
    rerun,
    pipeline: withPipeline,
    rssMb: rssMb(),
  });
  rmSync(ROOT, { recursive: true, force: true });
}

await bench();
