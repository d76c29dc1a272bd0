import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Unzip, UnzipInflate } from 'fflate';
import type { GazetteerEntry, Issue } from '../../domain/index.js';
import { distanceKm, issue } from '../../domain/index.js';
import { curatedPath } from './builtin.js';
import { readLines } from './csv.js';
import { readCurated } from './curated.js';
import { normaliseName } from './normalise.js';
import type { ImportReport } from './ocha.js';
import { latinVariants, nameVariants, russianRomanisations } from './variants.js';
import type { GazetteerWriter } from './writer.js';

/**
 * Streams the lines of the text files inside a zip archive (GeoNames' `UA.zip` holds `UA.txt` and `readme.txt`),
 * decompressing chunk by chunk so a large archive never sits in memory whole. `want` picks the members to read.
 *
 * @example for await (const line of zipLines('UA.zip', (n) => n === 'UA.txt')) …
 */
export async function* zipLines(path: string, want: (name: string) => boolean): AsyncGenerator<string> {
  const queue: string[] = [];
  // A holder, not a let: the decoder callback sets it, and control-flow narrowing cannot see that.
  const state: { failure: Error | null } = { failure: null };
  const unzip = new Unzip((file) => {
    if (!want(file.name)) return;
    const decoder = new TextDecoder('utf-8');
    let rest = '';
    file.ondata = (err, data, final) => {
      if (err) {
        state.failure = err;
        return;
      }
      const text = rest + decoder.decode(data, { stream: !final });
      const lines = text.split('\n');
      rest = final ? '' : (lines.pop() ?? '');
      for (const l of lines) if (l !== '' || !final) queue.push(l.replace(/\r$/u, ''));
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const input = createReadStream(path);
  try {
    for await (const chunk of input) {
      unzip.push(chunk as Buffer);
      if (state.failure) throw state.failure;
      while (queue.length) yield queue.shift() as string;
    }
    unzip.push(new Uint8Array(0), true);
    if (state.failure) throw state.failure;
    while (queue.length) yield queue.shift() as string;
  } finally {
    input.destroy();
  }
}

// Pseudo-languages of alternateNamesV2 that are codes or links, not names.
const NOT_NAMES = new Set([
  'link',
  'wkdt',
  'post',
  'iata',
  'icao',
  'faac',
  'abbr',
  'unlc',
  'tcid',
  'fr_1793',
  'phon',
]);

const ADMIN_KINDS: Readonly<Record<string, GazetteerEntry['kind']>> = {
  ADM1: 'admin1',
  ADM2: 'admin2',
  ADM3: 'admin3',
  ADM4: 'admin3',
  ADMD: 'admin3',
  PCLI: 'country',
  PCLD: 'country',
  PCLF: 'country',
  PCLS: 'country',
  PCL: 'country',
};
const SEATS = new Set(['PPLC', 'PPLA', 'PPLA2', 'PPLA3', 'PPLG']);

/** Which GeoNames file a line comes from: a `geoname` row has 19 tab-separated columns, alternateNamesV2 8–10. */
function rowKind(cols: readonly string[]): 'geoname' | 'alternate' | null {
  if (cols.length === 19 && /^\d+$/u.test(cols[0])) return 'geoname';
  if (cols.length >= 8 && cols.length <= 10 && /^\d+$/u.test(cols[0]) && /^\d+$/u.test(cols[1]))
    return 'alternate';
  return null;
}

/** Lines of a GeoNames file: plain `.txt` or the `.zip` GeoNames publishes (readme and language lists skipped). */
function geonamesLines(path: string): AsyncGenerator<string> {
  if (!/\.zip$/iu.test(path)) return readLines(path);
  return zipLines(path, (n) => /\.txt$/iu.test(n) && !/readme|iso-languagecodes/iu.test(n));
}

/**
 * Imports a GeoNames dump — a country file (`UA.txt`/`UA.zip`), `allCountries.txt/.zip` or `alternateNamesV2.txt/
 * .zip` — streamed line by line. Feature classes P (populated places; PPLX as districts) and A (ADM1–ADM4,
 * countries) become `gn:<geonameid>` entries with population, admin codes (Ukrainian ones as pcodes where GeoNames
 * follows them) and every alternate name — except Ukrainian places an imported OCHA list already holds (same name
 * within 5 km), which get the names and population instead (`merged`); alternateNamesV2 rows add names (historic
 * ones as `former`) to either. Malformed lines are counted in one issue, never thrown.
 *
 * @example await importGeonames(w, 'UA.zip') → { kind: 'geonames', entries: 30000, issues: [] }
 */
export async function importGeonames(w: GazetteerWriter, path: string): Promise<ImportReport> {
  const oblasts = readCurated(curatedPath()).oblasts;
  const uaAdmin1 = new Map(oblasts.map((o) => [o.geonamesAdmin1, o]));
  const uaByPcode = new Map(oblasts.map((o) => [o.pcode, o]));
  const issues: Issue[] = [];
  let entries = 0;
  let names = 0;
  let bad = 0;
  let merged = 0;
  let known: Map<string, string> | null = null;
  const db = w.db;
  db.exec('CREATE TABLE IF NOT EXISTS geonames_links (gid TEXT PRIMARY KEY, id TEXT NOT NULL)');
  // A GeoNames place that an imported OCHA settlement already holds (same name, within 5 km) lends it its names
  // instead of becoming a second entry for the resolver to choose between.
  const ochaByKey = db.prepare(
    `SELECT e.id, e.lat, e.lon FROM names n JOIN entries e ON e.id = n.id
     WHERE n.key = ? AND e.kind = 'settlement' AND e.source = 'ocha-settlements' ORDER BY e.id`,
  );
  const link = db.prepare('INSERT OR REPLACE INTO geonames_links (gid, id) VALUES (?, ?)');
  const setPopulation = db.prepare('UPDATE entries SET population = coalesce(population, ?) WHERE id = ?');
  const ochaTwin = (keys: readonly string[], lat: number, lon: number): string | null => {
    let best: { id: string; d: number } | null = null;
    for (const key of keys) {
      for (const r of ochaByKey.all(key) as { id: string; lat: number; lon: number }[]) {
        const d = distanceKm(lat, lon, r.lat, r.lon);
        if (d <= 5 && (!best || d < best.d)) best = { id: r.id, d };
      }
    }
    return best?.id ?? null;
  };
  db.exec('BEGIN');
  try {
    for await (const line of geonamesLines(path)) {
      if (line === '' || line.startsWith('#')) continue;
      const cols = line.split('\t');
      const kind = rowKind(cols);
      if (kind === 'geoname') {
        const [id, name, ascii, alternates, latS, lonS, fclass, fcode, cc, , a1, a2, , , pop] = cols;
        const lat = Number(latS);
        const lon = Number(lonS);
        if (!name || !Number.isFinite(lat) || !Number.isFinite(lon)) {
          bad++;
          continue;
        }
        let entryKind: GazetteerEntry['kind'] | undefined;
        if (fclass === 'P')
          entryKind = fcode === 'PPLX' ? 'district' : fcode.endsWith('H') ? undefined : 'settlement';
        else if (fclass === 'A') entryKind = ADMIN_KINDS[fcode];
        if (!entryKind) continue;
        const ua = cc === 'UA';
        const oblast = ua
          ? /^\d{4}$/u.test(a2)
            ? uaByPcode.get(`UA${a2.slice(0, 2)}`)
            : uaAdmin1.get(a1)
          : undefined;
        const gid = `gn:${id}`;
        const twin =
          ua && entryKind === 'settlement'
            ? ochaTwin([...new Set([name, ascii].map(normaliseName))], lat, lon)
            : null;
        const target = twin ?? gid;
        if (twin) {
          link.run(gid, twin);
          if (Number(pop) > 0) setPopulation.run(Number(pop), twin);
          merged++;
        } else {
          w.addEntry({
            id: gid,
            name,
            kind: entryKind,
            lat,
            lon,
            country: cc,
            admin1: oblast?.en,
            admin1Code: oblast?.pcode ?? (a1 ? `${cc}.${a1}` : undefined),
            admin2Code: ua && /^\d{4}$/u.test(a2) ? `UA${a2}` : a2 ? `${cc}.${a1}.${a2}` : undefined,
            population: Number(pop) > 0 ? Number(pop) : undefined,
            isAdminSeat: fclass === 'P' ? SEATS.has(fcode) : undefined,
            source: `geonames:${basename(path)}`,
          });
          entries++;
        }
        const own = twin ? 'alternate' : 'official';
        w.addName(target, name, own);
        if (ascii && ascii !== name) w.addName(target, ascii, own);
        for (const alt of alternates ? alternates.split(',') : []) {
          if (alt.length > 80 || /^[\d\s-]+$/u.test(alt) || /^https?:/u.test(alt)) continue;
          if (w.addName(target, alt, 'alternate')) names++;
        }
        if (ua) for (const key of latinVariants(name)) w.addKeyed(target, key, 'variant');
      } else if (kind === 'alternate') {
        const [, gidNum, lang, alt, , , , historic] = cols;
        if (NOT_NAMES.has(lang) || !alt || alt.length > 80) continue;
        known ??= new Map([
          ...(db.prepare("SELECT id FROM entries WHERE id LIKE 'gn:%'").pluck().all() as string[]).map(
            (x): [string, string] => [x, x],
          ),
          ...(db.prepare('SELECT gid, id FROM geonames_links').raw(true).all() as [string, string][]),
        ]);
        const gid = known.get(`gn:${gidNum}`);
        if (!gid) continue;
        const origin = historic === '1' ? 'former' : lang === 'ru' ? 'russian' : 'alternate';
        if (w.addName(gid, alt, origin)) names++;
        if (lang === 'uk') for (const v of nameVariants(alt)) w.addKeyed(gid, v.key, v.origin);
        if (lang === 'ru') for (const key of russianRomanisations(alt)) w.addKeyed(gid, key, 'russian');
      } else {
        bad++;
      }
    }
    w.addSource(`geonames:${basename(path)}`);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    issues.push(
      issue('gazetteer-file-unreadable', `${path}: ${err instanceof Error ? err.message : String(err)}`),
    );
    return { source: path, kind: 'geonames', entries: 0, names: 0, issues };
  }
  if (bad > 0) issues.push(issue('gazetteer-row-invalid', `${path}: ${bad} malformed line(s) skipped`));
  return { source: path, kind: 'geonames', entries, names, merged, issues };
}
