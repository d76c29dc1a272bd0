/**
 * `npm run eval:places [CSV]`: the place resolver scored on ACLED events. Each row's `notes` is an article
 * (published = event day + 1); the score is the share of geo_precision-1 rows whose coded point lies within 10 km of
 * one of the resolved mentions. Prints the figure, then the misses to study. Reads ../shared (skips when absent);
 * nothing from it is written anywhere.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { distanceKm } from '../src/domain/index.js';
import { article, isoDay, parseCsv } from './acled-rows.js';
import { createPipeline, STAGES } from '../src/pipeline/index.js';
import { gazetteerFromShared, SqliteGazetteer } from '../src/resolve/gazetteer/index.js';

const SHARED = process.env.LITOPYS_SHARED ?? resolve(import.meta.dirname, '..', '..', 'shared');
const WITHIN_KM = 10;

async function main(): Promise<number> {
  const csvPath = process.argv[2] ?? join(SHARED, 'data', 'events', 'acled-ukraine-dev.csv');
  let raw: string;
  try {
    raw = readFileSync(csvPath, 'utf8');
  } catch {
    process.stderr.write(`eval:places skipped: ${csvPath} is absent\n`);
    return 0;
  }
  const gazPath = process.env.LITOPYS_GAZETTEER ?? (await gazetteerFromShared());
  if (!gazPath) {
    process.stderr.write('eval:places skipped: no gazetteer (../shared/data/gazetteer is absent)\n');
    return 0;
  }
  const gaz = SqliteGazetteer.open(gazPath);
  const pipeline = createPipeline({
    gazetteer: gaz,
    stages: STAGES.filter((s) => s.name === 'sentences' || s.name === 'places'),
  });
  const [header, ...rows] = parseCsv(raw);
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`eval:places: column ${name} missing from ${csvPath}`);
    return i;
  };
  const [iNotes, iDate, iLat, iLon, iPrec, iLoc, iAdm1, iId] = [
    'notes',
    'event_date',
    'latitude',
    'longitude',
    'geo_precision',
    'location',
    'admin1',
    'event_id_cnty',
  ].map(col);
  let total = 0;
  let hits = 0;
  let allTotal = 0;
  let allHits = 0;
  const misses: string[] = [];
  const started = performance.now();
  for (const r of rows) {
    const a = pipeline.analyse(article(r[iId], r[iNotes], isoDay(r[iDate], 1)));
    const lat = Number(r[iLat]);
    const lon = Number(r[iLon]);
    const resolved = a.places.filter((p) => p.lat !== null && p.lon !== null);
    const best = Math.min(...resolved.map((p) => distanceKm(lat, lon, p.lat ?? 0, p.lon ?? 0)));
    const ok = best <= WITHIN_KM;
    allTotal++;
    if (ok) allHits++;
    if (r[iPrec] !== '1') continue;
    total++;
    if (ok) hits++;
    else {
      const found = a.places
        .map(
          (p) =>
            `${p.text}→${p.entry?.name ?? '?'}/${p.entry?.admin1 ?? ''}${p.lat === null ? ' (unresolved)' : ''}`,
        )
        .join('; ');
      misses.push(
        `  ${r[iId]} ${r[iLoc]} (${r[iAdm1]}) ${Number.isFinite(best) ? best.toFixed(1) + ' km' : 'no place'} | found: ${found || '-'}\n    ${r[iNotes].slice(0, 220)}`,
      );
    }
  }
  const ms = performance.now() - started;
  gaz.close();
  const pct = (n: number, d: number): string => ((100 * n) / Math.max(1, d)).toFixed(1);
  process.stdout.write(
    `geo_precision-1 rows within ${WITHIN_KM} km: ${hits}/${total} = ${pct(hits, total)} %\n` +
      `all rows within ${WITHIN_KM} km (any precision): ${allHits}/${allTotal} = ${pct(allHits, allTotal)} %\n` +
      `time: ${Math.round(ms)} ms for ${rows.length} rows\n`,
  );
  if (misses.length > 0) process.stdout.write(`misses (geo_precision 1):\n${misses.join('\n')}\n`);
  return 0;
}

// `npm run eval:places | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});
process.exitCode = await main();
