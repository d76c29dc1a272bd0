/**
 * Extract, end to end: JSONL in (through `readInputs`, as `litopys extract` reads it), the whole pipeline (sentences,
 * places, claims, times, actors, events), one JSON line per event out. The corpus is ../shared's war-news scrapes
 * repeated to about 10 MB of article text (or, without ../shared, a generated corpus of our own writing). Reports MB/s
 * of article text in one process INCLUDING start-up (node, module loading and the gazetteer; the bench's making of
 * its corpus file is left out and reported apart), the slowest single article, and two pathological articles: 1 MB on
 * one line, and 10,000 place names in a row. Targets: ≥ 1 MB/s (goal 4), no article over 200 ms.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { plainArticle, toAcledRecord } from '../src/domain/index.js';
import { readInputs } from '../src/ingest/index.js';
import type { Stage } from '../src/pipeline/index.js';
import { createPipeline, STAGES } from '../src/pipeline/index.js';
import { gazetteerFromShared, openGazetteer, SqliteGazetteer } from '../src/resolve/gazetteer/index.js';
import { rssMb, writeResult } from './lib.js';

const SHARED = process.env.LITOPYS_SHARED ?? resolve(import.meta.dirname, '..', '..', 'shared');
const NEWS = join(SHARED, 'data', 'news', 'war-news-scrapes.jsonl');
// raw JSONL text; the reader drops boilerplate (menus, tickers), leaving about 10 MB of article text
const TARGET_BYTES = 16 * 1024 * 1024;

// Our own sentences for the corpus when ../shared is absent.
const TEMPLATES = [
  'On 14 March 2024, Russian forces shelled Kupiansk with artillery, injuring two civilians, the governor said.',
  'Ukrainian troops repelled an assault near Chasiv Yar on Tuesday, the General Staff reported on Facebook.',
  'Air defence shot down 21 of 30 drones overnight over Kyiv, Odesa and Dnipro regions.',
  'Russian aviation dropped guided bombs on Orikhiv in late February, damaging a school.',
  'The brigade said it had held its positions near Toretsk for a third week despite heavy losses.',
  'Volunteers delivered water to residents of Sloviansk after the road from Kramatorsk was cut again.',
];

function generated(): string[] {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const text = Array.from({ length: 40 }, (_, k) => TEMPLATES[(i + k) % TEMPLATES.length]).join(
      k2(i) ? '\n\n' : ' ',
    );
    bytes += Buffer.byteLength(text);
    lines.push(
      JSON.stringify({ url: `https://example.org/${i}`, date: '2024-03-15', headline: `Report ${i}`, text }),
    );
  }
  return lines;
}

function k2(i: number): boolean {
  return i % 2 === 0;
}

function corpus(): { lines: string[]; source: string } {
  if (!existsSync(NEWS)) return { lines: generated(), source: 'generated (../shared absent)' };
  const base = readFileSync(NEWS, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const textBytes = base.reduce(
    (n, l) => n + Buffer.byteLength(String((JSON.parse(l) as { text?: string }).text ?? '')),
    0,
  );
  const lines: string[] = [];
  for (let copy = 0; copy * textBytes < TARGET_BYTES; copy++) {
    // a distinct url per copy, so every copy is its own article
    for (const l of base) {
      const rec = JSON.parse(l) as Record<string, unknown>;
      lines.push(JSON.stringify({ ...rec, url: `${String(rec.url)}#copy${copy}` }));
    }
  }
  return { lines, source: 'war-news-scrapes.jsonl repeated' };
}

async function main(): Promise<void> {
  // Making the corpus file is the bench's own work, not extract's: its wall and CPU time are left out of the
  // figures (and reported apart); node's start-up, module loading and the gazetteer stay in.
  const prepStarted = performance.now();
  const prepCpu = process.cpuUsage();
  const { lines, source } = corpus();
  const dir = join(tmpdir(), `litopys-extract-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'corpus.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  const prepSeconds = (performance.now() - prepStarted) / 1000;
  const prepCpuUsed = process.cpuUsage(prepCpu);
  const prepCpuSeconds = (prepCpuUsed.user + prepCpuUsed.system) / 1e6;
  // the clock for throughput starts before the gazetteer opens: start-up is part of the figure
  const started = performance.now();
  const sharedGaz = await gazetteerFromShared();
  const gaz = sharedGaz ? SqliteGazetteer.open(sharedGaz) : openGazetteer();
  // each stage timed on its own, so the figures say where the time goes
  const stageMs: Record<string, number> = {};
  const stages: Stage[] = STAGES.map((s) => ({
    ...s,
    run(a, ctx) {
      const t = performance.now();
      const out = s.run(a, ctx);
      stageMs[s.name] = (stageMs[s.name] ?? 0) + performance.now() - t;
      return out;
    },
  }));
  const pipeline = createPipeline({ gazetteer: gaz, stages });
  let textBytes = 0;
  let articles = 0;
  let events = 0;
  let outBytes = 0;
  let slowest = { ms: 0, id: '', kb: 0 };
  let slowestWarm = { ms: 0, id: '', kb: 0 };
  let firstMs = 0;
  for await (const item of readInputs([file], { format: 'jsonl' })) {
    if (!item.article) continue;
    const t = performance.now();
    const a = pipeline.analyse(item.article);
    for (const e of a.events) outBytes += JSON.stringify(toAcledRecord(e)).length + 1;
    const ms = performance.now() - t;
    if (ms > slowest.ms) slowest = { ms, id: item.origin, kb: Math.round(item.article.text.length / 1024) };
    // the first article pays for cold code (chrono, the JIT) and the first gazetteer reads: reported apart
    if (articles === 0) firstMs = ms;
    else if (ms > slowestWarm.ms)
      slowestWarm = { ms, id: item.origin, kb: Math.round(item.article.text.length / 1024) };
    textBytes += Buffer.byteLength(item.article.text);
    articles++;
    events += a.events.length;
  }
  const seconds = (performance.now() - started) / 1000 + process.uptime() - performance.now() / 1000;
  const wall = process.uptime() - prepSeconds;
  // CPU time of the process (start-up included): on a shared, loaded machine it says more than the wall clock
  const cpu = process.cpuUsage();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6 - prepCpuSeconds;
  rmSync(dir, { recursive: true, force: true });

  // pathological articles, each timed alone
  const corpusStageMs = Object.fromEntries(Object.entries(stageMs).map(([k, v]) => [k, Math.round(v)]));
  for (const k of Object.keys(stageMs)) stageMs[k] = 0;
  const oneLine =
    'Russian forces shelled the village with artillery and the governor said nothing more about it '.repeat(
      Math.ceil(1_048_576 / 95),
    );
  const names = [
    'Pokrovsk',
    'Kramatorsk',
    'Dobropillia',
    'Kostiantynivka',
    'Sloviansk',
    'Kupiansk',
    'Huliaipole',
    'Orikhiv',
  ];
  const manyPlaces =
    'Russian forces shelled ' +
    Array.from({ length: 10_000 }, (_, i) => names[i % names.length]).join(', ') +
    '.';
  const timed = (id: string, text: string): number => {
    const t = performance.now();
    pipeline.analyse(
      plainArticle({ id, text, published: '2025-11-04', retrievedAt: '2025-11-04T00:00:00Z' }),
    );
    return Math.round(performance.now() - t);
  };
  timed('warm', TEMPLATES.join(' '));
  const oneLineMs = timed('one-line-1mb', oneLine);
  const oneLineStageMs = Object.fromEntries(Object.entries(stageMs).map(([k, v]) => [k, Math.round(v)]));
  for (const k of Object.keys(stageMs)) stageMs[k] = 0;
  const manyPlacesMs = timed('10000-places', manyPlaces);
  const manyPlacesStageMs = Object.fromEntries(Object.entries(stageMs).map(([k, v]) => [k, Math.round(v)]));
  gaz.close();
  const mb = textBytes / 1_048_576;
  writeResult('extract', {
    corpus: source,
    gazetteer: sharedGaz ? 'shared CSVs' : 'built-in default',
    articles,
    events,
    textMB: Math.round(mb * 100) / 100,
    jsonlOutKB: Math.round(outBytes / 1024),
    secondsIncludingStartup: Math.round(wall * 100) / 100,
    benchCorpusPrepSeconds: Math.round(prepSeconds * 100) / 100,
    secondsPipelineOnly: Math.round(seconds * 100) / 100,
    mbPerSecIncludingStartup: Math.round((mb / wall) * 100) / 100,
    cpuSecondsIncludingStartup: Math.round(cpuSeconds * 100) / 100,
    mbPerCpuSecIncludingStartup: Math.round((mb / cpuSeconds) * 100) / 100,
    slowestArticleMs: Math.round(slowest.ms),
    slowestArticle: `${slowest.id} (${slowest.kb} KB)`,
    firstArticleMs: Math.round(firstMs),
    slowestAfterFirstMs: Math.round(slowestWarm.ms),
    slowestAfterFirst: `${slowestWarm.id} (${slowestWarm.kb} KB)`,
    corpusStageMs,
    oneLineStageMs,
    manyPlacesStageMs,
    loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
    pathologicalOneLine1MbMs: oneLineMs,
    pathological10000PlacesMs: manyPlacesMs,
    targets: { mbPerSec: 1, goalMbPerSec: 4, maxArticleMs: 200 },
    rssMb: rssMb(),
  });
}

await main();
