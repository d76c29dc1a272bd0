import type { GazetteerEntry } from '../../domain/index.js';

// Approximate centroids and radii of Ukraine and its neighbours (facts), for country mentions the gazetteer lacks.
const TABLE: readonly (readonly [string, string, number, number, number])[] = [
  ['UA', 'Ukraine', 48.3794, 31.1656, 650],
  ['RU', 'Russia', 55.7558, 37.6173, 2500],
  ['BY', 'Belarus', 53.7098, 27.9534, 300],
  ['PL', 'Poland', 51.9194, 19.1451, 350],
  ['MD', 'Moldova', 47.4116, 28.3699, 180],
  ['RO', 'Romania', 45.9432, 24.9668, 350],
  ['HU', 'Hungary', 47.1625, 19.5033, 250],
  ['SK', 'Slovakia', 48.669, 19.699, 200],
  ['GE', 'Georgia', 42.3154, 43.3569, 250],
];

/**
 * A country as a gazetteer entry (kind `country`, id `country:XX`), from a small built-in table.
 *
 * @example countryEntry('BY')?.name === 'Belarus'
 */
export function countryEntry(iso: string): GazetteerEntry | undefined {
  const row = TABLE.find((r) => r[0] === iso);
  if (!row) return undefined;
  const [code, name, lat, lon, radiusKm] = row;
  return { id: `country:${code}`, name, kind: 'country', lat, lon, country: code, radiusKm };
}
