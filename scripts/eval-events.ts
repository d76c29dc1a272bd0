/**
 * `npm run eval [CSV]`: the whole pipeline scored on ACLED events. Each row's `notes` is an article (published = the
 * event day + 1); the FIRST event emitted is compared with ACLED's coding: coverage, event_type, sub_event_type,
 * event_date, fatalities, location (10 km for geo_precision 1, 25 km for 2), actor1. Prints the figures, then the
 * misses per column. Reads ../shared (skips when absent); nothing from it is written anywhere.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChronicleEvent } from '../src/domain/index.js';
import { distanceKm } from '../src/domain/index.js';
import { article, isoDay, parseCsv } from './acled-rows.js';
import { createPipeline } from '../src/pipeline/index.js';
import { gazetteerFromShared, SqliteGazetteer } from '../src/resolve/gazetteer/index.js';

const SHARED = process.env.LITOPYS_SHARED ?? resolve(import.meta.dirname, '..', '..', 'shared');

interface Column {
  readonly name: string;
  readonly target: number;
  hits: number;
  total: number;
  readonly misses: string[];
}

function column(name: string, target: number): Column {
  return { name, target, hits: 0, total: 0, misses: [] };
}

function score(c: Column, ok: boolean, miss: () => string): void {
  c.total++;
  if (ok) c.hits++;
  else c.misses.push(miss());
}

async function main(): Promise<number> {
  const csvPath = process.argv[2] ?? join(SHARED, 'data', 'events', 'acled-ukraine-dev.csv');
  let raw: string;
  try {
    raw = readFileSync(csvPath, 'utf8');
  } catch {
    process.stderr.write(`eval skipped: ${csvPath} is absent\n`);
    return 0;
  }
  const gazPath = process.env.LITOPYS_GAZETTEER ?? (await gazetteerFromShared());
  const gaz = gazPath ? SqliteGazetteer.open(gazPath) : null;
  if (!gaz)
    process.stderr.write('eval: no gazetteer (../shared/data/gazetteer is absent): locations will miss\n');
  const pipeline = createPipeline({ gazetteer: gaz });
  const [header, ...rows] = parseCsv(raw);
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`eval: column ${name} missing from ${csvPath}`);
    return i;
  };
  const I = Object.fromEntries(
    [
      'notes',
      'event_date',
      'event_type',
      'sub_event_type',
      'fatalities',
      'latitude',
      'longitude',
      'geo_precision',
      'location',
      'actor1',
      'event_id_cnty',
    ].map((n) => [n, col(n)]),
  );
  const cols = {
    coverage: column('coverage', 98),
    eventType: column('event_type', 95),
    subEventType: column('sub_event_type', 90),
    eventDate: column('event_date', 98),
    fatalities: column('fatalities', 95),
    loc1: column('location ≤10 km (geo_precision 1)', 95),
    loc2: column('location ≤25 km (geo_precision 2)', 90),
    actor1: column('actor1', 0),
  };
  const started = performance.now();
  for (const r of rows) {
    const id = r[I.event_id_cnty];
    const notes = r[I.notes];
    const a = pipeline.analyse(article(id, notes, isoDay(r[I.event_date], 1)));
    const e: ChronicleEvent | undefined = a.events[0];
    const brief = `${id} | ${notes.slice(0, 200)}`;
    score(cols.coverage, e !== undefined, () => `${brief}`);
    if (!e) continue;
    score(
      cols.eventType,
      e.eventType === r[I.event_type],
      () => `${e.eventType} ≠ ${r[I.event_type]} | ${brief}`,
    );
    score(
      cols.subEventType,
      e.subEventType === r[I.sub_event_type],
      () => `${e.subEventType} ≠ ${r[I.sub_event_type]} | ${brief}`,
    );
    score(
      cols.eventDate,
      e.date.date === isoDay(r[I.event_date]),
      () => `${e.date.date} ≠ ${isoDay(r[I.event_date])} | ${brief}`,
    );
    score(
      cols.fatalities,
      e.fatalities === Number(r[I.fatalities]),
      () => `${e.fatalities} ≠ ${r[I.fatalities]} | ${brief}`,
    );
    score(
      cols.actor1,
      (e.actor1?.acledName ?? '') === r[I.actor1],
      () => `${e.actor1?.acledName ?? '-'} ≠ ${r[I.actor1]} | ${brief}`,
    );
    const prec = r[I.geo_precision];
    const target = prec === '1' ? cols.loc1 : prec === '2' ? cols.loc2 : null;
    if (target) {
      const lat = Number(r[I.latitude]);
      const lon = Number(r[I.longitude]);
      const p = e.place;
      const km = p && p.lat !== null && p.lon !== null ? distanceKm(lat, lon, p.lat, p.lon) : Infinity;
      score(target, km <= (prec === '1' ? 10 : 25), () => {
        const got = p ? `${p.text}→${p.entry?.name ?? '?'}/${p.entry?.admin1 ?? ''}` : 'no place';
        return `${Number.isFinite(km) ? km.toFixed(1) + ' km' : '∞'} ${got} ≠ ${r[I.location]} | ${brief}`;
      });
    }
  }
  const ms = performance.now() - started;
  gaz?.close();
  const pct = (c: Column): string => ((100 * c.hits) / Math.max(1, c.total)).toFixed(1);
  const lines = [`rows: ${rows.length}, time: ${Math.round(ms)} ms`];
  for (const c of Object.values(cols)) {
    const mark = c.target === 0 ? '' : Number(pct(c)) >= c.target ? ' ok' : ` BELOW ${c.target} %`;
    lines.push(
      `${c.name.padEnd(36)} ${String(c.hits).padStart(4)}/${String(c.total).padEnd(4)} = ${pct(c).padStart(5)} %${mark}`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  const verbose = process.env.EVAL_MISSES !== '0';
  if (verbose) {
    for (const c of Object.values(cols)) {
      if (c.misses.length === 0) continue;
      process.stdout.write(
        `\nmisses: ${c.name} (${c.misses.length})\n${c.misses.map((m) => `  ${m}`).join('\n')}\n`,
      );
    }
  }
  return 0;
}

process.exitCode = await main();
