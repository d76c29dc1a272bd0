import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Analysis, PlaceMention } from '../../src/domain/index.js';
import { distanceKm, plainArticle } from '../../src/domain/index.js';
import { PlaceMatcher, skeleton } from '../../src/nlp/extractors/place-matcher.js';
import { createPipeline, STAGES } from '../../src/pipeline/index.js';
import { contactLine, contactLineEra } from '../../src/resolve/geocode/contact-line.js';
import { buildGazetteer, gazetteerFromShared, SqliteGazetteer } from '../../src/resolve/gazetteer/index.js';
import { REPO_ROOT, scratch, sharedFile, skipReason } from '../shared.js';

const FIX = join(REPO_ROOT, 'fixtures', 'places');
const GAZ_CSV = join(FIX, 'gazetteer');
let gazPath = '';
let gaz: SqliteGazetteer;

const seedDayArticle = (id: string, text: string) =>
  plainArticle({ id, text, published: '2025-11-04', retrievedAt: '2025-11-04T00:00:00Z' });

function analyse(text: string, g: SqliteGazetteer = gaz): Analysis {
  const stages = STAGES.filter((s) => ['sentences', 'places', 'claims'].includes(s.name));
  return createPipeline({ gazetteer: g, stages }).analyse(seedDayArticle('t', text));
}

function settlements(a: Analysis): PlaceMention[] {
  return a.places.filter((p) => p.kind === 'settlement');
}

/** What a golden file records per mention: enough to review a change, nothing that churns. */
function compact(m: PlaceMention): Record<string, unknown> {
  return {
    text: m.text,
    span: [m.span.start, m.span.end],
    kind: m.kind,
    id: m.entry?.id ?? null,
    lat: m.lat,
    lon: m.lon,
    radiusKm: m.radiusKm,
    geoPrecision: m.geoPrecision,
    ...(m.qualifier ? { qualifier: m.qualifier } : {}),
    ...(m.pinned ? { pinned: true } : {}),
    ...(m.parts ? { parts: m.parts.map((p) => p.entry?.id ?? p.text) } : {}),
    basis: m.basis,
    score: m.score,
    alternatives: m.alternatives.map((e) => e.id),
    issues: m.issues.map((i) => i.code),
  };
}

function geojson(places: readonly PlaceMention[]): unknown {
  return {
    type: 'FeatureCollection',
    features: places
      .filter((p) => p.lat !== null && p.lon !== null)
      .map((p) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
        properties: {
          text: p.text,
          kind: p.kind,
          id: p.entry?.id ?? null,
          radius_km: p.radiusKm,
          geo_precision: p.geoPrecision,
        },
      })),
  };
}

/** Compares with fixtures/places/out/<name>.<ext>; REGEN=1 (or a missing file) writes it instead. */
function golden(name: string, actual: unknown): void {
  const file = join(FIX, 'out', name);
  const text = JSON.stringify(actual, null, 2) + '\n';
  if (process.env.REGEN === '1' || !existsSync(file)) {
    mkdirSync(join(FIX, 'out'), { recursive: true });
    writeFileSync(file, text);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}

beforeAll(async () => {
  const dir = scratch('places');
  mkdirSync(dir, { recursive: true });
  gazPath = join(dir, 'gazetteer.db');
  await buildGazetteer(gazPath, {
    settlementsCsv: join(GAZ_CSV, 'settlements.csv'),
    hromadasCsv: join(GAZ_CSV, 'hromadas.csv'),
    raionsCsv: join(GAZ_CSV, 'raions.csv'),
    oblastsCsv: join(GAZ_CSV, 'oblasts.csv'),
  });
  gaz = SqliteGazetteer.open(gazPath);
});

afterAll(() => gaz?.close());

describe('golden fixtures (fixtures/places/in → out)', () => {
  const cases = readdirSync(join(FIX, 'in'))
    .filter((f) => f.endsWith('.txt'))
    .sort();
  it.each(cases)('%s', (file) => {
    const a = analyse(readFileSync(join(FIX, 'in', file), 'utf8'));
    const name = file.replace(/\.txt$/u, '');
    golden(`${name}.json`, { places: a.places.map(compact), claims: a.claims });
    golden(`${name}.geojson`, geojson(a.places));
    for (let i = 1; i < a.places.length; i++) {
      expect(a.places[i].span.start).toBeGreaterThanOrEqual(a.places[i - 1].span.start);
    }
  });
});

describe('resolution', () => {
  it('picks the city Dobropillia by category, and the village when its hromada is stated', () => {
    const text = readFileSync(join(FIX, 'in', 'dobropillia-two-in-one-raion.txt'), 'utf8');
    const ds = settlements(analyse(text)).filter((p) => p.text === 'Dobropillia');
    expect(ds.map((p) => p.entry?.id)).toEqual(['UA1416007001', 'UA1416009004']);
    expect(ds[0].alternatives.map((e) => e.id)).toContain('UA1416009004');
  });

  it('resolves renamed towns by their former name to the current entry', () => {
    const a = analyse('Russian artillery shelled Petrivka near Toretsk.');
    const p = a.places.find((m) => m.text === 'Petrivka');
    expect(p?.entry?.id).toBe('UA1402011006');
    expect(p?.qualifier).toBeUndefined();
  });

  it('resolves transliteration variants, possessives and compounds', () => {
    const a = analyse(readFileSync(join(FIX, 'in', 'transliteration-variants.txt'), 'utf8'));
    const byText = new Map(a.places.map((p) => [p.text, p.entry?.id]));
    expect(byText.get('Vodyane')).toMatch(/^UA14/u);
    expect(byText.get('Mariinka')).toBe('UA1416013001');
    expect(byText.get('Svyatohirsk')).toBe('UA1412019001');
    expect(byText.get('Severodonetsk')).toBe('UA4412011001');
    expect(a.places.filter((p) => p.text === 'Kramatorsk').length).toBe(2);
  });

  it('computes relative places, qualifiers, routes, communities and coded-to pins', () => {
    const a = analyse(readFileSync(join(FIX, 'in', 'relative-and-qualifiers.txt'), 'utf8'));
    const rel = a.places.find((p) => p.kind === 'relative' && p.offset?.bearingDeg === 0);
    expect(rel?.lat).not.toBeNull();
    expect(distanceKm(rel?.lat ?? 0, rel?.lon ?? 0, 48.5528, 37.1829)).toBeLessThan(1);
    expect(rel?.geoPrecision).toBe(2);
    expect(rel?.basis.stated).toEqual(expect.arrayContaining(['distance', 'bearing']));
    expect(a.places.find((p) => p.text === 'Myrnohrad')?.qualifier).toBe('near');
    expect(a.places.find((p) => p.text === 'Bakhmut')?.qualifier).toBe('outskirts');
    const toretsk = a.places.find((p) => p.text === 'Toretsk');
    expect([toretsk?.qualifier, toretsk?.geoPrecision]).toEqual(['direction', 2]);
    const route = a.places.find((p) => p.kind === 'route');
    expect(route?.parts?.map((p) => p.entry?.id)).toEqual(['UA1412009001', 'UA1416007001']);
    const oblast = a.places.find((p) => p.text === 'Donetsk Oblast');
    expect([oblast?.kind, oblast?.geoPrecision, oblast?.entry?.id]).toEqual(['admin', 3, 'UA14']);
    const pinned = a.places.filter((p) => p.pinned);
    expect(pinned.map((p) => p.entry?.id)).toEqual(['UA5908009001']);
    expect(a.claims).toHaveLength(1);
    expect(a.claims[0]).toMatchObject({
      from: 'Dobropillia',
      to: 'Pokrovsk',
      statedKm: 20,
      verdict: 'consistent',
    });
    expect(a.claims[0].gazetteerKm).toBeCloseTo(21.9, 0);
  });

  it('reads ACLED\'s "X, Region" as the region of X', () => {
    const a = analyse(readFileSync(join(FIX, 'in', 'acled-style.txt'), 'utf8'));
    expect(a.places.find((p) => p.text === 'Hirnyk')?.entry?.id).toBe('UA1416011002');
    // Of the two Stepnes in Sumy region, the one by the border is where shelling happens.
    expect(a.places.find((p) => p.text === 'Stepne')?.entry?.id).toBe('UA5910019025');
    // One letter off, with the region beside it: a misspelling of Myrnohrad; a word far from any name stays out.
    const myrnohrad = a.places.find((p) => p.text === 'Myrnohrod');
    expect([myrnohrad?.entry?.id, myrnohrad?.basis.implied]).toEqual([
      'UA1416015001',
      expect.arrayContaining(['name:one-edit']),
    ]);
    expect(a.places.find((p) => p.text === 'Zzyzxivka')).toBeUndefined();
    const kherson = a.places.filter((p) => p.text.startsWith('Kherson'));
    expect(kherson.map((p) => [p.text, p.kind])).toEqual([
      ['Kherson', 'settlement'],
      ['Kherson region', 'admin'],
    ]);
  });

  it('puts "X near Y" by Y, and reads "Y\'s outskirts"', () => {
    const a = analyse("Shelling hit Novopavlivka near Kramatorsk and Bakhmut's outskirts in Donetsk Oblast.");
    expect(a.places.find((p) => p.text === 'Novopavlivka')?.entry?.id).toBe('UA1412003011');
    expect(a.places.find((p) => p.text === 'Bakhmut')?.qualifier).toBe('outskirts');
  });

  it('keeps names after possessives, lower-case compounds and acronyms', () => {
    const a = analyse(
      "Strikes hit Russian-occupied Myrnohrad and DPR-controlled Toretsk. Ukraine's Pokrovsk held; ISW Bakhmut notes.",
    );
    expect(a.places.filter((p) => p.kind === 'settlement').map((p) => p.text)).toEqual([
      'Myrnohrad',
      'Toretsk',
      'Pokrovsk',
      'Bakhmut',
    ]);
  });

  it('locates an event in "City - District" or "City\'s X district" at the district', () => {
    const pipeline = createPipeline({ gazetteer: gaz });
    for (const [text, id] of [
      ['Ukrainian forces shelled Donetsk - Kirovskyi, Donetsk. A civilian was wounded.', 'donetsk-kirovskyi'],
      ["A Russian drone struck Kharkiv's Kyivskyi district, injuring two civilians.", 'kharkiv-kyivskyi'],
    ]) {
      const a = pipeline.analyse(seedDayArticle('d', text));
      expect(a.events[0]?.place?.entry?.id).toBe(`ua-district:${id}`);
    }
  });

  it('keeps a place the gazetteer does not know, unresolved and with an issue', () => {
    const a = analyse('Shelling damaged houses in the village of Zzyzxivka overnight.');
    expect(a.places).toHaveLength(1);
    expect(a.places[0]).toMatchObject({ text: 'Zzyzxivka', lat: null, lon: null });
    expect(a.places[0].issues.map((i) => i.code)).toEqual(['place-unresolved']);
  });
});

describe('negative cases: strings that must produce no place', () => {
  it.each([
    'President Volodymyr Zelensky wrote on X.',
    'The Azov brigade posted on Facebook and Telegram.',
    'Victory is near, he said.',
    'This is our East.',
    'the 1st Corps held the line.',
    'peremoha and dobropillia in lower case are words, not names.',
    'The Kyiv Independent reported it.',
    'Oleksandr Syrskyi met Peremoha Shevchenko.',
    'The assessment draws on Russian, Ukrainian, and Western reporting.',
    'As the talks began, AS and UN staff left.',
    'Less than a day later, Dmitriev said the talks would go on.',
  ])('%s', (text) => {
    const a = analyse(text);
    expect(a.places.filter((p) => p.kind !== 'country')).toEqual([]);
  });

  it('accepts a usually-not-place name when its context says it is a place', () => {
    const a = analyse('Strikes hit the village of Peremoha and Volodymyr, Volyn region.');
    expect(a.places.map((p) => p.text)).toEqual(expect.arrayContaining(['Peremoha', 'Volodymyr']));
  });
});

describe('matcher', () => {
  it('folds romanisation variants together', () => {
    expect(skeleton('vodyane')).toBe(skeleton('vodiane'));
    expect(skeleton('zaporizhia')).toBe(skeleton('zaporizhzhia'));
    expect(skeleton('mariinka')).toBe(skeleton('marinka'));
    expect(skeleton('kyiv')).not.toBe(skeleton('kharkiv'));
  });

  it('finds the longest capitalised run and strips a possessive', () => {
    const m = new PlaceMatcher((s) => s.toLowerCase(), [{ key: 'novyi buh' }, { key: 'pokrovsk' }]);
    expect(m.match("Novyi Buh and Pokrovsk's mayor; novyi buh; Novyi alone")).toEqual([
      { start: 0, end: 9, keys: ['novyi buh'], exact: true },
      { start: 14, end: 22, keys: ['pokrovsk'], exact: true },
    ]);
  });

  it("reads the gazetteer's names lazily, by first word, and matches as a trie built whole", () => {
    const heads = gaz.nameHeads();
    expect(heads).not.toBeNull();
    const lazy = new PlaceMatcher((s) => gaz.normalise(s), heads!);
    const whole = new PlaceMatcher((s) => gaz.normalise(s), gaz.names());
    expect(lazy.size).toBe(0);
    // The matcher's skeleton and the one the gazetteer indexed with are one rule.
    for (const { key } of gaz.names())
      for (const w of key.split(' ')) expect(heads!.skeleton(w)).toBe(skeleton(w));
    for (const f of readdirSync(join(FIX, 'in')).sort()) {
      const text = readFileSync(join(FIX, 'in', f), 'utf8');
      expect(lazy.match(text), f).toEqual(whole.match(text));
      for (const w of new Set(text.match(/\p{Lu}\p{Ll}{5,}/gu)))
        expect(lazy.nearKeys(w), w).toEqual(whole.nearKeys(w));
    }
    // Misspellings (one edit of a one-word skeleton) and a word no name starts with.
    for (const w of ['Dobropilia', 'Pokrovks', 'Kramatorks', 'Zzyzzyva'])
      expect(lazy.nearKeys(w), w).toEqual(whole.nearKeys(w));
    expect(lazy.nearKeys('Dobropilia')).toContain('dobropillia');
    expect(lazy.size).toBeGreaterThan(0);
    expect(lazy.size).toBeLessThan(whole.size);
  });

  it('tells the sides of the contact line apart', () => {
    expect(contactLine(48.732, 37.58).side).toBe('ukraine'); // Kramatorsk
    expect(contactLine(48.016, 37.803).side).toBe('russia'); // Donetsk
  });

  it("measures to the line of the report's era: the 2015 Donbas line before 24 February 2022, the front after", () => {
    expect(contactLineEra('2018-04-05')).toBe('2015');
    expect(contactLineEra('2022-02-23T22:00:00Z')).toBe('2015');
    expect(contactLineEra('2022-02-24')).toBe('2022');
    expect(contactLineEra(null)).toBe('any');
    expect(contactLineEra('April 2018')).toBe('any');
    // Shyrokyne, east of Mariupol: on the 2015 line, far behind the 2023–24 front.
    expect(contactLine(47.09, 37.68, '2015').km).toBeLessThan(5);
    expect(contactLine(47.09, 37.68, '2022').km).toBeGreaterThan(60);
    expect(contactLine(47.09, 37.68).km).toBeLessThan(5);
    // Chasiv Yar: on the 2023–24 front, well behind the 2015 line.
    expect(contactLine(48.59, 37.84, '2022').km).toBeLessThan(15);
    expect(contactLine(48.59, 37.84, '2015').km).toBeGreaterThan(20);
  });

  it("places a namesake by the line of the report's era", async () => {
    // Two real villages named Kalynivka in Donetsk Oblast: by Chasiv Yar (the 2023–24 front) and by Mariupol (the
    // 2015 line). Nothing in the sentence tells them apart but the date.
    const dir = scratch('places-era');
    mkdirSync(dir, { recursive: true });
    const csv = (name: string, rows: string[]): string => {
      writeFileSync(join(dir, name), rows.join('\n') + '\n');
      return join(dir, name);
    };
    const settlementsHeader = readFileSync(join(GAZ_CSV, 'settlements.csv'), 'utf8').split('\n')[0] ?? '';
    const path = join(dir, 'era.db');
    await buildGazetteer(path, {
      settlementsCsv: csv('settlements.csv', [
        settlementsHeader,
        'UA1402013004,Kalynivka,Калинівка,Калинівка,Kalynivka,,X,48.60807,37.84722,UA1402013,Chasovoiarska,Часовоярська,Часовоярская,UA1402,Bakhmutskyi,Бахмутський,Бахмутский,UA14,Donetsk Oblast,Донецька,Донецкая,',
        'UA1414009017,Kalynivka,Калинівка,Калинівка,Kalynivka,,X,47.14824,37.66953,UA1414009,Sartanska,Сартанська,Сартанская,UA1414,Mariupolskyi,Маріупольський,Мариупольский,UA14,Donetsk Oblast,Донецька,Донецкая,',
      ]),
      hromadasCsv: csv('hromadas.csv', [
        'pcode,parent_raion,name_en,name_uk,name_ru,lat_centroid,lon_centroid',
        'UA1402013,UA1402,Chasovoiarska,Часовоярська,Часовоярская,48.5862,37.8353',
        'UA1414009,UA1414,Sartanska,Сартанська,Сартанская,47.1736,37.6361',
      ]),
      raionsCsv: csv('raions.csv', [
        'pcode,parent_oblast,name_en,name_uk,name_ru,lat_centroid,lon_centroid',
        'UA1402,UA14,Bakhmutskyi,Бахмутський,Бахмутский,48.6496,38.0865',
        'UA1414,UA14,Mariupolskyi,Маріупольський,Мариупольский,47.2536,37.4311',
      ]),
      oblastsCsv: csv('oblasts.csv', [
        'pcode,name_en,name_uk,name_ru',
        'UA14,Donetsk Oblast,Донецька,Донецкая',
      ]),
    });
    const era = SqliteGazetteer.open(path);
    try {
      const stages = STAGES.filter((s) => ['sentences', 'places'].includes(s.name));
      const pipeline = createPipeline({ gazetteer: era, stages });
      const text = 'Russian forces shelled near Kalynivka, Donetsk. Casualties unknown.';
      const placed = (published: string): string | undefined =>
        pipeline
          .analyse(plainArticle({ id: `a_${published}`, text, published }))
          .places.find((p) => p.text === 'Kalynivka')?.entry?.id;
      expect(placed('2024-04-05')).toBe('UA1402013004');
      expect(placed('2018-04-05')).toBe('UA1414009017');
    } finally {
      era.close();
    }
  });
});

describe('litopys places', () => {
  it('prints one JSON object per mention', async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    let stdout = '';
    out.on('data', (c: Buffer) => (stdout += c.toString()));
    const code = await main(
      ['places', join(FIX, 'in', 'acled-style.txt'), '--gazetteer', gazPath, '--json'],
      { out, err, stdin: new PassThrough(), env: {}, cwd: REPO_ROOT },
    );
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const hirnyk = rows.find((r) => r.text === 'Stepne');
    expect(hirnyk).toMatchObject({
      kind: 'settlement',
      pcode: 'UA5910019025',
      geo_precision: 1,
      admin1: 'Sumy Oblast',
    });
    expect(Object.keys(hirnyk ?? {})).toEqual(
      expect.arrayContaining([
        'article_id',
        'start',
        'end',
        'lat',
        'lon',
        'radius_km',
        'admin2',
        'admin3',
        'score',
        'alternatives',
      ]),
    );
  });

  it('uses the id of a JSONL line as article_id, and reads Cyrillic names', async () => {
    const dir = scratch('places-cli');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'in.jsonl');
    writeFileSync(
      file,
      JSON.stringify({ id: 'row-7', text: 'Російські війська обстріляли Покровськ.' }) + '\n',
    );
    const out = new PassThrough();
    let stdout = '';
    out.on('data', (c: Buffer) => (stdout += c.toString()));
    const io = { out, err: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: REPO_ROOT };
    expect(await main(['places', file, '--gazetteer', gazPath, '--json'], io)).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.article_id, r.text, r.pcode])).toEqual([
      ['row-7', 'Покровськ', 'UA1416021001'],
    ]);
  });

  it('exits 2 for a gazetteer path that does not open', async () => {
    const io = {
      out: new PassThrough(),
      err: new PassThrough(),
      stdin: new PassThrough(),
      env: {},
      cwd: REPO_ROOT,
    };
    const file = join(FIX, 'in', 'negatives.txt');
    expect(await main(['places', file, '--gazetteer', join(REPO_ROOT, 'no-such-gazetteer.db')], io)).toBe(2);
  });

  it('exits 2 without an input', async () => {
    const io = {
      out: new PassThrough(),
      err: new PassThrough(),
      stdin: new PassThrough(),
      env: {},
      cwd: REPO_ROOT,
    };
    expect(await main(['places', '--gazetteer', gazPath], io)).toBe(2);
  });
});

const SEED = 'seeds/000_52a6c90232f8ccf7.txt';
describe('the seed article', () => {
  const seed = sharedFile(SEED);
  it.skipIf(!seed)(seed ? 'resolves its places and none of its non-places' : skipReason(SEED), async () => {
    const path = await gazetteerFromShared();
    if (!path || !seed) return;
    const g = SqliteGazetteer.open(path);
    try {
      const a = analyse(readFileSync(seed, 'utf8'), g);
      const ids = new Set(a.places.map((p) => p.entry?.id));
      for (const id of ['UA1416021001', 'UA1416007001', 'UA1412009001', 'UA14']) expect(ids).toContain(id);
      expect(ids).not.toContain('UA1416009004');
      const texts = new Set(a.places.map((p) => p.text));
      for (const t of ['Azov', 'Volodymyr', 'Zelensky', 'X', 'Facebook', 'Corps', 'East'])
        expect(texts).not.toContain(t);
      const north = a.places.find((p) => p.kind === 'relative' && p.offset?.bearingDeg === 0);
      expect(distanceKm(north?.lat ?? 0, north?.lon ?? 0, 48.5528, 37.1829)).toBeLessThan(12);
      expect(a.claims.map((c) => c.verdict)).toEqual(['consistent']);
    } finally {
      g.close();
    }
  });
});

const SETTLEMENTS = 'data/gazetteer/ua-settlements.csv';
describe('the full gazetteer from ../shared', () => {
  const csv = sharedFile(SETTLEMENTS);
  it.skipIf(!csv)(
    csv ? 'resolves former names and Russian-style spellings' : skipReason(SETTLEMENTS),
    async () => {
      const path = await gazetteerFromShared();
      if (!path) return;
      const g = SqliteGazetteer.open(path);
      try {
        const a = analyse(
          'Fighting near Krasnoarmiisk and Artemivsk; strikes on Kiev, Severodonetsk, Ocheretino, Konstantinovka, ' +
            'Avdeyevka, Ugledar and Dzerzhynsk.',
          g,
        );
        expect(settlements(a).map((p) => p.entry?.id)).toEqual([
          'UA1416021001',
          'UA1402001001',
          'UA8000000000',
          'UA4412011001',
          'UA1416019001',
          'UA1412007001',
          'UA1416001001',
          'UA1404005001',
          'UA1402011001',
        ]);
      } finally {
        g.close();
      }
    },
  );
});
