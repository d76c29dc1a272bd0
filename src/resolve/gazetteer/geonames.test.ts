import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from './index.js';
import { buildGazetteer, SqliteGazetteer, zipLines } from './index.js';
import { packageRoot } from './package-root.js';

const IN = join(packageRoot(), 'fixtures', 'gazetteer', 'in');
const DIR = join(packageRoot(), 'test-output', `gazetteer-geonames-${process.pid}-${Date.now()}`);

/** A zip laid out as GeoNames publishes a country: the dump plus a readme. */
function makeCountryZip(path: string): void {
  const zip = zipSync({
    'UA.txt': readFileSync(join(IN, 'geonames-UA.txt')),
    'readme.txt': strToU8('readme: not data\tat\tall\n'),
  });
  writeFileSync(path, zip);
}

describe('GeoNames import', () => {
  let g: SqliteGazetteer;
  let reports: readonly ImportReport[];

  beforeAll(async () => {
    mkdirSync(DIR, { recursive: true });
    makeCountryZip(join(DIR, 'UA.zip'));
    const out = join(DIR, 'g.db');
    reports = (
      await buildGazetteer(out, {
        files: [join(IN, 'alternateNamesV2.txt'), join(DIR, 'UA.zip')],
        curated: false,
      })
    ).imports;
    g = SqliteGazetteer.open(out);
  });
  afterAll(() => g?.close());

  it('streams the members of a zip', async () => {
    const lines: string[] = [];
    for await (const l of zipLines(join(DIR, 'UA.zip'), (n) => n === 'UA.txt')) lines.push(l);
    expect(lines).toHaveLength(10);
    expect(lines[0].split('\t')[1]).toBe('Pokrovsk');
  });

  it('imports P and A features, skips the rest, and counts bad lines in one issue', () => {
    expect(reports.map((r) => [r.kind, r.entries])).toEqual([
      ['geonames', 6],
      ['geonames', 0],
    ]);
    expect(reports[0].issues).toEqual([
      { code: 'gazetteer-row-invalid', message: expect.stringContaining('2 malformed line(s)') as string },
    ]);
    expect(g.get('gn:1000007')).toBeUndefined();
    expect(g.get('gn:1000008')).toBeUndefined();
    expect(g.get('gn:1000004')?.kind).toBe('district');
    expect(g.get('gn:1000003')).toMatchObject({ kind: 'admin1', admin1Code: 'UA14' });
  });

  it('keeps admin codes as pcodes where GeoNames follows them, population and seats', () => {
    expect(g.get('gn:1000001')).toMatchObject({
      kind: 'settlement',
      country: 'UA',
      admin1Code: 'UA14',
      admin1: 'Donetsk Oblast',
      admin2Code: 'UA1416',
      population: 60127,
      isAdminSeat: true,
    });
    expect(g.get('gn:1000006')).toMatchObject({ country: 'MD', admin1Code: 'MD.57' });
  });

  it('makes alternate names, Cyrillic and historic names searchable; drops links and codes', () => {
    const ids = (name: string): string[] => g.lookup(g.normalise(name)).map((e) => e.id);
    expect(ids('Krasnoarmiisk')).toEqual(['gn:1000001']);
    expect(ids('Покровськ')).toEqual(['gn:1000001']);
    expect(ids('Kiev')).toEqual(['gn:1000005']);
    expect(ids('Dobropillia')).toEqual(['gn:1000002']);
    expect(ids('Кишинев')).toEqual(['gn:1000006']);
    expect(ids('Kishinyov')).toEqual(['gn:1000006']);
    expect(ids('01001')).toEqual([]);
    expect(g.namesOf('gn:1000001')).toContainEqual({
      key: 'красноармейск',
      id: 'gn:1000001',
      origin: 'former',
    });
    expect(g.namesOf('gn:1000005').some((n) => n.key.includes('http'))).toBe(false);
  });

  it('merges Ukrainian places an OCHA list already holds instead of duplicating them', async () => {
    const out = join(DIR, 'merged.db');
    const { imports } = await buildGazetteer(out, {
      settlementsCsv: join(IN, 'settlements.csv'),
      files: [join(DIR, 'UA.zip'), join(IN, 'alternateNamesV2.txt')],
      curated: false,
    });
    expect(imports.filter((r) => r.kind === 'geonames').map((r) => [r.entries, r.merged])).toEqual([
      [3, 3],
      [0, 0],
    ]);
    const m = SqliteGazetteer.open(out);
    try {
      expect(m.get('gn:1000001')).toBeUndefined();
      expect(m.lookup('krasnoarmiisk').map((e) => e.id)).toEqual(['UA1416021001']);
      expect(m.namesOf('UA1416021001')).toContainEqual({
        key: 'красноармейск',
        id: 'UA1416021001',
        origin: 'former',
      });
      expect(m.get('UA1416021001')?.population).toBe(60127);
      // Dobropillya is the nearer Dobropillia, the city; the village 5 km away gets nothing.
      expect(m.get('gn:1000002')).toBeUndefined();
      expect(m.get('UA1416007001')?.population).toBe(28000);
      expect(m.get('UA1416009004')?.population).toBeUndefined();
      expect(m.lookup('kiev').map((e) => e.id)).toEqual(['UA8000000000']);
      expect(m.lookup('chisinau').map((e) => e.id)).toEqual(['gn:1000006']);
    } finally {
      m.close();
    }
  });

  it('reports an unreadable zip as an issue instead of throwing', async () => {
    const bad = join(DIR, 'broken.zip');
    writeFileSync(
      bad,
      Buffer.concat([readFileSync(join(DIR, 'UA.zip')).subarray(0, 60), Buffer.alloc(40, 7)]),
    );
    const { imports } = await buildGazetteer(join(DIR, 'bad.db'), {
      files: [bad, join(DIR, 'nope.csv')],
      curated: false,
    });
    expect(imports.map((r) => r.issues[0]?.code)).toEqual([
      'gazetteer-file-unreadable',
      'gazetteer-format-unknown',
    ]);
  });
});
