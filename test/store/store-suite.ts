import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis, Article, ChronicleEvent, Claim } from '../../src/domain/index.js';
import { toFeature } from '../../src/api/features.js';
import type { EventFilter, Store } from '../../src/store/index.js';
import { CORPUS, analysisOf, bulkCorpus } from '../api/corpus.js';
import { LONG_REPORT, actorMention, analysis, article, event, place, time } from './build.js';

const DOBROPILLIA = { lat: 48.4694, lon: 37.0889 };
const POKROVSK = { lat: 48.283, lon: 37.1829 };
const KHARKIV = { lat: 49.9935, lon: 36.2304 };

/** The corpus every block below starts from: English, Ukrainian and Russian reports with events and places. */
function corpus(): { a1: Analysis; a2: Analysis; a3: Analysis; a4: Analysis; all: Analysis[] } {
  const A1 = article({
    url: 'https://front-dispatch.example/2025/11/04/dobropillia-assault',
    outlet: 'Front Dispatch',
    published: '2025-11-04',
    headline: 'Assault on Dobropillia repelled, water supply cut',
    byline: ['Olena Testova'],
    paragraphs: LONG_REPORT,
  });
  const at = A1.text.indexOf('Dobropillia');
  const dobro = place('Dobropillia', DOBROPILLIA.lat, DOBROPILLIA.lon, at, 'UA1416007001');
  const claim: Claim = {
    kind: 'distance',
    articleId: A1.id,
    evidence: { start: 0, end: 40 },
    text: 'about 20 kilometers from Pokrovsk',
    from: 'Dobropillia',
    to: 'Pokrovsk',
    statedKm: 20,
    gazetteerKm: 21.9,
    toleranceKm: 5,
    verdict: 'consistent',
  };
  const a1 = analysis(A1, {
    places: [dobro],
    times: [
      time(A1, 'early on Tuesday', '2025-11-04'),
      // A time the pipeline implied has no span: nothing in the text to highlight, so it is not a mention.
      {
        date: '2025-11-04',
        start: '2025-11-04',
        end: '2025-11-04',
        precision: 2,
        basis: { stated: [], implied: ['date:publication'] },
      },
      { ...time(A1, 'for most of the day', '2025-11-03', '2025-11-04', 2), future: true },
    ],
    actors: [
      actorMention(
        A1,
        'Ukrainian defenders',
        'ukraine',
        'Armed Forces of Ukraine',
        'Military Forces of Ukraine (2019-)',
      ),
      actorMention(
        A1,
        'the brigade',
        'ukraine',
        'Armed Forces of Ukraine brigade',
        'Military Forces of Ukraine (2019-)',
        'Military Forces of Ukraine (2019-) Ground Forces',
      ),
    ],
    claims: [claim],
    events: [
      event(A1, {
        type: 'Battles',
        sub: 'Armed clash',
        date: '2025-11-04',
        place: dobro,
        side1: 'russia',
        actor1: 'Military Forces of Russia (2000-)',
        side2: 'ukraine',
        actor2: 'Military Forces of Ukraine (2019-)',
        assoc1: ['Military Forces of Russia (2000-) Airborne Troops'],
        notes: 'Ukrainian defenders repelled an assault on the northern approaches to Dobropillia.',
        confidence: 0.9,
        at,
      }),
      event(A1, {
        type: 'Explosions/Remote violence',
        sub: 'Air/drone strike',
        date: '2025-11-03',
        place: dobro,
        side1: 'russia',
        actor1: 'Military Forces of Russia (2000-)',
        notes: 'A drone struck a substation on the eastern edge of the district.',
        confidence: 0.5,
        at: A1.text.indexOf('a drone'),
      }),
    ],
  });
  const A2 = article({
    url: 'https://visti-skhodu.example/novyny/obstril-pokrovska',
    outlet: 'Вісті Сходу',
    published: '2025-10-27',
    language: 'uk',
    headline: 'Обстріл Покровська',
    paragraphs: [
      'У понеділок російські війська обстріляли Покровськ із реактивних систем залпового вогню.',
      'Пошкоджено дві школи та лікарню, повідомила міська військова адміністрація.',
    ],
  });
  const a2 = analysis(A2, {
    places: [place('Покровськ', POKROVSK.lat, POKROVSK.lon, A2.text.indexOf('Покровськ'))],
    times: [time(A2, 'У понеділок', '2025-10-27')],
    actors: [
      actorMention(
        A2,
        'російські війська',
        'russia',
        'Armed Forces of Russia',
        'Military Forces of Russia (2000-)',
      ),
    ],
    events: [
      event(A2, {
        type: 'Explosions/Remote violence',
        sub: 'Shelling/artillery/missile attack',
        date: '2025-10-27',
        place: place('Покровськ', POKROVSK.lat, POKROVSK.lon, A2.text.indexOf('Покровськ')),
        side1: 'russia',
        actor1: 'Military Forces of Russia (2000-)',
        notes: 'У понеділок російські війська обстріляли Покровськ із реактивних систем залпового вогню.',
        confidence: 0.7,
      }),
    ],
  });
  const A3 = article({
    url: 'https://vostochny-kurier.example/boi-u-pokrovska',
    outlet: 'Восточный курьер',
    published: '2025-09-15',
    language: 'ru',
    headline: 'Бои у Покровска',
    paragraphs: [
      'Российские подразделения продолжают штурмовые действия на окраинах Покровска, сообщают военкоры.',
    ],
  });
  const a3 = analysis(A3, {
    events: [
      event(A3, {
        type: 'Battles',
        sub: 'Armed clash',
        date: '2025-09-15',
        place: place('Покровска', POKROVSK.lat + 0.01, POKROVSK.lon, A3.text.indexOf('Покровска')),
        side1: 'russia',
        actor1: 'Military Forces of Russia (2000-)',
        side2: 'ukraine',
        actor2: 'Military Forces of Ukraine (2019-)',
        notes: 'Российские подразделения продолжают штурмовые действия на окраинах Покровска.',
        confidence: 0.4,
      }),
    ],
  });
  const A4 = article({
    outlet: 'Front Dispatch',
    published: '2025-08-01',
    headline: 'Missile hits apartment block in Kharkiv',
    paragraphs: [
      'A missile hit an apartment block in Kharkiv on Friday morning, the regional governor said.',
    ],
  });
  const a4 = analysis(A4, {
    events: [
      event(A4, {
        type: 'Violence against civilians',
        sub: 'Attack',
        date: '2025-08-01',
        place: place('Kharkiv', KHARKIV.lat, KHARKIV.lon, A4.text.indexOf('Kharkiv')),
        side1: 'russia',
        actor1: 'Military Forces of Russia (2000-)',
        side2: 'civilians',
        actor2: 'Civilians (Ukraine)',
        notes: 'A missile hit an apartment block in Kharkiv on Friday morning.',
        confidence: 0.6,
        fatalities: 3,
      }),
    ],
  });
  return { a1, a2, a3, a4, all: [a1, a2, a3, a4] };
}

const ids = (events: readonly { event_id: string }[]): string[] => events.map((e) => e.event_id).sort();
const eventIds = (...as: Analysis[]): string[] => as.flatMap((a) => a.events.map((e) => e.id)).sort();

/**
 * The one test suite of the Store port, run on every backend. `open` must return a new, empty store each time it is
 * called; the suite closes what it opens.
 *
 * @example runStoreSuite('sqlite', () => Promise.resolve(openSqliteStore(freshPath())));
 */
export function runStoreSuite(name: string, open: () => Promise<Store>): void {
  describe(`Store suite: ${name}`, () => {
    describe('putAnalyses', () => {
      let store: Store;
      beforeAll(async () => {
        store = await open();
      });
      afterAll(() => store.close());

      it('stores new articles with their events and reports each outcome', async () => {
        const c = corpus();
        const results = await store.putAnalyses(c.all);
        expect(results.map((r) => r.outcome)).toEqual(['new', 'new', 'new', 'new']);
        expect(results.map((r) => r.articleId)).toEqual(c.all.map((a) => a.article.id));
        expect(results.map((r) => r.events)).toEqual([2, 1, 1, 1]);
        const s = await store.stats();
        expect(s).toMatchObject({
          backend: store.backend,
          articles: 4,
          events: 5,
          places: 2,
          nearDuplicates: 0,
        });
        expect(s.outlets).toBe(3);
        expect(s.firstPublished).toBe('2025-08-01');
        expect(s.lastPublished).toBe('2025-11-04');
        expect(Object.keys(s.features)).toContain('fts');
      });

      it('is idempotent: the same batch again changes nothing', async () => {
        const c = corpus();
        const before = await store.stats();
        const storedBefore = await store.getArticle(c.a1.article.id);
        const results = await store.putAnalyses(c.all);
        expect(results.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
        expect(results.map((r) => r.articleId)).toEqual(c.all.map((a) => a.article.id));
        expect(await store.stats()).toEqual(before);
        // A second analysis of the same article (another pipeline version) does not touch what is stored.
        const other = {
          ...c.a1,
          times: [time(c.a1.article, 'before dawn', '2025-11-04')],
          actors: c.a1.actors.slice(1),
        };
        expect((await store.putAnalyses([other]))[0].outcome).toBe('duplicate');
        const storedAfter = await store.getArticle(c.a1.article.id);
        expect(storedAfter?.times).toEqual(storedBefore?.times);
        expect(storedAfter?.actors).toEqual(storedBefore?.actors);
        expect(storedAfter?.times).toHaveLength(2);
      });

      it('treats the same URL with new content, and the same content under a new URL, as duplicates', async () => {
        const c = corpus();
        const before = await store.stats();
        const sameUrl = article({
          url: c.a2.article.url,
          headline: 'Обстріл Покровська (оновлено)',
          paragraphs: ['Зовсім інший текст про інше місто, щоб хеш змінився.'],
        });
        const sameText = article({
          url: 'https://mirror.example/copy',
          headline: c.a3.article.headline,
          paragraphs: c.a3.article.paragraphs,
        });
        const r = await store.putAnalyses([analysis(sameUrl), analysis(sameText)]);
        expect(r.map((x) => [x.outcome, x.articleId])).toEqual([
          ['duplicate', c.a2.article.id],
          ['duplicate', c.a3.article.id],
        ]);
        expect(await store.stats()).toEqual(before);
      });

      it('links a near-duplicate to the stored article instead of storing it again', async () => {
        const c = corpus();
        const text = LONG_REPORT.map((p) => p.replace('evening summary', 'nightly summary'));
        const copy = article({
          url: 'https://aggregator.example/story/88412',
          outlet: 'Aggregator',
          published: '2025-11-05',
          headline: c.a1.article.headline,
          paragraphs: text,
        });
        expect(copy.contentHash).not.toBe(c.a1.article.contentHash);
        const [r] = await store.putAnalyses([analysis(copy, { events: [] })]);
        expect(r).toMatchObject({ outcome: 'near-duplicate', duplicateOf: c.a1.article.id, events: 0 });
        const s = await store.stats();
        expect(s.articles).toBe(4);
        expect(s.nearDuplicates).toBe(1);
        const stored = await store.getArticle(c.a1.article.id);
        expect(stored?.otherUrls).toEqual(['https://aggregator.example/story/88412']);
        // The same copy again is now a plain duplicate, through its URL.
        const [again] = await store.putAnalyses([analysis(copy)]);
        expect(again).toMatchObject({ outcome: 'duplicate', articleId: c.a1.article.id });
        expect(await store.stats()).toEqual(s);
      });

      it('does not call a different report on the same topic a near-duplicate', async () => {
        const other = article({
          url: 'https://front-dispatch.example/2025/11/06/dobropillia-evacuation',
          outlet: 'Front Dispatch',
          published: '2025-11-06',
          headline: 'Evacuation from Dobropillia continues',
          paragraphs: [
            'Volunteers from Dnipro kept driving into Dobropillia on Thursday to collect elderly residents, even as drones circled over the roads leading west.',
            'The regional administration said that more than four hundred people left the district during the week and that the evacuation buses would continue to run from the square.',
          ],
        });
        const [r] = await store.putAnalyses([analysis(other)]);
        expect(r.outcome).toBe('new');
        expect(await store.deleteArticle(other.id)).toBe(true);
      });

      it('keeps a batch atomic per item order: a duplicate inside one batch is seen', async () => {
        const one = article({ headline: 'Short note', paragraphs: ['A short note about Sloviansk.'] });
        const r = await store.putAnalyses([analysis(one), analysis(one)]);
        expect(r.map((x) => x.outcome)).toEqual(['new', 'duplicate']);
        expect(await store.deleteArticle(one.id)).toBe(true);
      });
    });

    describe('getArticle and deleteArticle', () => {
      let store: Store;
      const c = corpus();
      beforeAll(async () => {
        store = await open();
        await store.putAnalyses(c.all);
      });
      afterAll(() => store.close());

      it('returns the article as put, with its places, events and claims', async () => {
        const got = await store.getArticle(c.a1.article.id);
        expect(got?.article).toEqual(c.a1.article);
        expect(got?.places).toEqual(c.a1.places);
        expect(got?.times).toEqual([c.a1.times[0], c.a1.times[2]]);
        expect(got?.actors).toEqual(c.a1.actors);
        expect(got?.claims).toEqual(c.a1.claims);
        expect(ids(got?.events ?? [])).toEqual(eventIds(c.a1));
        const clash = got?.events.find((e) => e.event_type === 'Battles');
        expect(clash).toMatchObject({
          article_id: c.a1.article.id,
          event_date: '2025-11-04',
          sub_event_type: 'Armed clash',
          actor1: 'Military Forces of Russia (2000-)',
          assoc_actor_1: 'Military Forces of Russia (2000-) Airborne Troops',
          actor2: 'Military Forces of Ukraine (2019-)',
          admin1: 'Donetsk',
          location: 'Dobropillia',
          latitude: 48.4694,
          longitude: 37.0889,
          geo_precision: 1,
          side1: 'russia',
          side2: 'ukraine',
          radius_km: 0,
          outlet: 'Front Dispatch',
          headline: c.a1.article.headline,
          article_url: c.a1.article.url,
          attribution: { claimant: 'General Staff', channel: 'Telegram', hedged: false },
          confidence: 0.9,
        });
      });

      it('returns time and actor mentions with spans into the text and what they resolved to', async () => {
        const got = await store.getArticle(c.a1.article.id);
        const text = got?.article.text ?? '';
        expect(got?.times.map((t) => (t.span ? text.slice(t.span.start, t.span.end) : null))).toEqual([
          'early on Tuesday',
          'for most of the day',
        ]);
        expect(got?.times[1]).toMatchObject({
          text: 'for most of the day',
          start: '2025-11-03',
          end: '2025-11-04',
          precision: 2,
          future: true,
        });
        expect(got?.actors.map((a) => text.slice(a.span.start, a.span.end))).toEqual([
          'Ukrainian defenders',
          'the brigade',
        ]);
        expect(got?.actors[1]).toEqual({
          span: c.a1.actors[1].span,
          text: 'the brigade',
          kind: 'unit',
          side: 'ukraine',
          name: 'Armed Forces of Ukraine brigade',
          acledName: 'Military Forces of Ukraine (2019-)',
          assocName: 'Military Forces of Ukraine (2019-) Ground Forces',
        });
        const uk = await store.getArticle(c.a2.article.id);
        expect(uk?.times).toEqual(c.a2.times);
        expect(uk?.actors.map((a) => [a.text, a.side, a.acledName])).toEqual([
          ['російські війська', 'russia', 'Military Forces of Russia (2000-)'],
        ]);
        const none = await store.getArticle(c.a3.article.id);
        expect(none?.times).toEqual([]);
        expect(none?.actors).toEqual([]);
      });

      it('returns undefined for an unknown id', async () => {
        expect(await store.getArticle('a_nope')).toBeUndefined();
      });

      it('deletes an article with everything that hangs off it', async () => {
        const id = c.a2.article.id;
        expect(await store.deleteArticle(id)).toBe(true);
        expect(await store.getArticle(id)).toBeUndefined();
        expect((await store.queryEvents({ articleId: id })).events).toEqual([]);
        expect(await store.searchArticles({ q: 'Покровська' })).toEqual([]);
        expect(await store.stats()).toMatchObject({ articles: 3, events: 4, places: 1 });
        expect(await store.deleteArticle(id)).toBe(false);
        // Once deleted, the same article is new again, with its mentions once (none were left behind).
        const [r] = await store.putAnalyses([c.a2]);
        expect(r.outcome).toBe('new');
        const back = await store.getArticle(id);
        expect(back?.times).toEqual(c.a2.times);
        expect(back?.actors).toEqual(c.a2.actors);
      });
    });

    describe('searchArticles', () => {
      let store: Store;
      const c = corpus();
      beforeAll(async () => {
        store = await open();
        await store.putAnalyses(c.all);
      });
      afterAll(() => store.close());

      it('finds English text, case-insensitively, with a snippet', async () => {
        const hits = await store.searchArticles({ q: 'dobropillia' });
        expect(hits.map((h) => h.id)).toEqual([c.a1.article.id]);
        expect(hits[0]).toMatchObject({
          headline: c.a1.article.headline,
          outlet: 'Front Dispatch',
          published: '2025-11-04',
          url: c.a1.article.url,
        });
        expect(hits[0].snippet.toLowerCase()).toContain('dobropillia');
      });

      it('finds Ukrainian and Russian text', async () => {
        expect((await store.searchArticles({ q: 'Покровськ' })).map((h) => h.id)).toEqual([c.a2.article.id]);
        expect((await store.searchArticles({ q: 'покровська' })).map((h) => h.id)).toEqual([c.a2.article.id]);
        expect((await store.searchArticles({ q: 'Покровска' })).map((h) => h.id)).toEqual([c.a3.article.id]);
        expect((await store.searchArticles({ q: 'штурмовые действия' })).map((h) => h.id)).toEqual([
          c.a3.article.id,
        ]);
      });

      it('requires every word and survives FTS syntax in the query', async () => {
        expect(await store.searchArticles({ q: 'Kharkiv Dobropillia' })).toEqual([]);
        expect((await store.searchArticles({ q: 'missile* ("Kharkiv' })).map((h) => h.id)).toEqual([
          c.a4.article.id,
        ]);
        expect(await store.searchArticles({ q: '"*"' })).toEqual([]);
      });

      it('filters by since, until, outlet and limit', async () => {
        const all = await store.searchArticles({});
        expect(all.map((h) => h.id).sort()).toEqual(c.all.map((a) => a.article.id).sort());
        const since = await store.searchArticles({ since: '2025-10-01' });
        expect(since.map((h) => h.id).sort()).toEqual([c.a1.article.id, c.a2.article.id].sort());
        const until = await store.searchArticles({ until: '2025-09-15' });
        expect(until.map((h) => h.id).sort()).toEqual([c.a3.article.id, c.a4.article.id].sort());
        const outlet = await store.searchArticles({ outlet: 'front dispatch' });
        expect(outlet.map((h) => h.id).sort()).toEqual([c.a1.article.id, c.a4.article.id].sort());
        expect(await store.searchArticles({ limit: 2 })).toHaveLength(2);
        expect(await store.searchArticles({ q: 'missile', outlet: 'Вісті Сходу' })).toEqual([]);
      });
    });

    describe('queryEvents filters', () => {
      let store: Store;
      const c = corpus();
      beforeAll(async () => {
        store = await open();
        await store.putAnalyses(c.all);
      });
      afterAll(() => store.close());

      const cases: [string, EventFilter, () => string[]][] = [
        ['no filter', {}, () => eventIds(c.a1, c.a2, c.a3, c.a4)],
        ['bbox around Dobropillia', { bbox: [37.0, 48.4, 37.2, 48.5] }, () => eventIds(c.a1)],
        ['bbox around Pokrovsk', { bbox: [37.1, 48.2, 37.3, 48.35] }, () => eventIds(c.a2, c.a3)],
        ['bbox with nothing in it', { bbox: [30, 45, 31, 46] }, () => []],
        ['since', { since: '2025-10-01' }, () => eventIds(c.a1, c.a2)],
        ['until', { until: '2025-09-15' }, () => eventIds(c.a3, c.a4)],
        ['since + until', { since: '2025-11-03', until: '2025-11-03' }, () => [c.a1.events[1].id]],
        ['eventType', { eventType: ['Battles'] }, () => [c.a1.events[0].id, c.a3.events[0].id].sort()],
        [
          'two eventTypes',
          { eventType: ['Battles', 'Violence against civilians'] },
          () => [c.a1.events[0].id, c.a3.events[0].id, c.a4.events[0].id].sort(),
        ],
        ['subEventType', { subEventType: ['Air/drone strike'] }, () => [c.a1.events[1].id]],
        ['actor, case-insensitive', { actor: 'civilians (ukr' }, () => eventIds(c.a4)],
        ['actor in assoc actors', { actor: 'airborne' }, () => [c.a1.events[0].id]],
        ['side', { side: 'civilians' }, () => eventIds(c.a4)],
        ['side on either actor', { side: 'ukraine' }, () => [c.a1.events[0].id, c.a3.events[0].id].sort()],
        ['outlet', { outlet: 'Front Dispatch' }, () => eventIds(c.a1, c.a4)],
        ['q over notes', { q: 'substation' }, () => eventIds(c.a1)],
        ['q over article text (Ukrainian)', { q: 'лікарню' }, () => eventIds(c.a2)],
        ['q with no words', { q: '!!' }, () => []],
        ['minConfidence', { minConfidence: 0.65 }, () => [c.a1.events[0].id, c.a2.events[0].id].sort()],
        ['articleId', { articleId: c.a3.article.id }, () => eventIds(c.a3)],
        ['eventId', { eventId: c.a1.events[1].id }, () => [c.a1.events[1].id]],
        ['unknown eventId', { eventId: 'e_nope' }, () => []],
        ['bbox + since', { bbox: [37.1, 48.2, 37.3, 48.35], since: '2025-10-01' }, () => eventIds(c.a2)],
      ];
      for (const [label, filter, expected] of cases) {
        it(label, async () => {
          const page = await store.queryEvents(filter, { limit: 1000 });
          expect(ids(page.events)).toEqual(expected());
          expect(page.next).toBeNull();
        });
      }

      it('orders by event_date then event_id', async () => {
        const { events } = await store.queryEvents({});
        const keys = events.map((e) => `${e.event_date}|${e.event_id}`);
        expect(keys).toEqual([...keys].sort());
      });

      it('rejects a reversed bbox', async () => {
        await expect(store.queryEvents({ bbox: [38, 48, 37, 49] })).rejects.toThrow(/bbox/);
      });
    });

    describe('pagination and buckets', () => {
      let store: Store;
      const all: ChronicleEvent[] = [];
      beforeAll(async () => {
        store = await open();
        const items: Analysis[] = [];
        for (let i = 0; i < 5; i++) {
          const a: Article = article({
            url: `https://front-dispatch.example/daily/${i}`,
            outlet: 'Front Dispatch',
            published: `2025-10-0${i + 1}`,
            headline: `Daily frontline summary number ${i}`,
            paragraphs: [`Summary ${i}: shelling reported in several settlements of the Pokrovsk district.`],
          });
          const events = Array.from({ length: 5 }, (_, j) =>
            event(a, {
              type: j % 2 === 0 ? 'Explosions/Remote violence' : 'Battles',
              sub: j % 2 === 0 ? 'Shelling/artillery/missile attack' : 'Armed clash',
              // Three events share each date so the event_id tie-break is exercised.
              date: `2025-10-${String(1 + ((i * 5 + j) % 8)).padStart(2, '0')}`,
              place: place('Pokrovsk', POKROVSK.lat, POKROVSK.lon, 0),
              side1: 'russia',
              notes: `Event ${j} of summary ${i}.`,
              at: j * 10,
            }),
          );
          all.push(...events);
          items.push(analysis(a, { events }));
        }
        await store.putAnalyses(items);
      });
      afterAll(() => store.close());

      it('pages through every event once, in order, with an opaque cursor', async () => {
        const seen: string[] = [];
        let after: string | null = null;
        let pages = 0;
        do {
          const page = await store.queryEvents({}, { limit: 10, after });
          seen.push(...page.events.map((e) => `${e.event_date}|${e.event_id}`));
          after = page.next;
          pages++;
        } while (after !== null && pages < 10);
        expect(pages).toBe(3);
        const expected = all.map((e) => `${e.date.date}|${e.id}`).sort();
        expect(seen).toEqual(expected);
      });

      it('keeps filters across pages', async () => {
        const first = await store.queryEvents({ eventType: ['Battles'] }, { limit: 4 });
        const second = await store.queryEvents({ eventType: ['Battles'] }, { limit: 4, after: first.next });
        const third = await store.queryEvents({ eventType: ['Battles'] }, { limit: 4, after: second.next });
        const got = [...first.events, ...second.events, ...third.events];
        expect(got.every((e) => e.event_type === 'Battles')).toBe(true);
        expect(got).toHaveLength(10);
        expect(third.next).toBeNull();
      });

      it('rejects a cursor that is not one', async () => {
        await expect(store.queryEvents({}, { after: 'not-a-cursor' })).rejects.toThrow(/cursor/);
      });

      it('counts events per day, week (from Monday) and month and type', async () => {
        const count = (pred: (e: ChronicleEvent) => boolean): number => all.filter(pred).length;
        const day = await store.eventBuckets({}, 'day');
        expect(day.reduce((n, b) => n + b.count, 0)).toBe(25);
        expect(day.find((b) => b.bucket === '2025-10-01' && b.eventType === 'Battles')?.count).toBe(
          count((e) => e.date.date === '2025-10-01' && e.eventType === 'Battles'),
        );
        const week = await store.eventBuckets({}, 'week');
        // 2025-10-01 is a Wednesday: its week starts on Monday 2025-09-29; 2025-10-06 starts the next.
        expect([...new Set(week.map((b) => b.bucket))]).toEqual(['2025-09-29', '2025-10-06']);
        expect(week.filter((b) => b.bucket === '2025-09-29').reduce((n, b) => n + b.count, 0)).toBe(
          count((e) => e.date.date <= '2025-10-05'),
        );
        const month = await store.eventBuckets({ eventType: ['Battles'] }, 'month');
        expect(month).toEqual([{ bucket: '2025-10-01', eventType: 'Battles', count: 10 }]);
        const keys = week.map((b) => `${b.bucket}|${b.eventType}`);
        expect(keys).toEqual([...keys].sort());
      });
    });

    describe('queryEventFeatures', () => {
      let store: Store;
      beforeAll(async () => {
        store = await open();
        await store.putAnalyses([...CORPUS, ...bulkCorpus(60)].map(analysisOf));
      });
      afterAll(() => store.close());

      const filters: [string, EventFilter][] = [
        ['everything', {}],
        ['a bbox', { bbox: [36.5, 47.5, 38, 49] }],
        ['a bbox and dates', { bbox: [29, 44, 40, 52], since: '2024-01-10', until: '2024-03-01' }],
        ['types and a side', { eventType: ['Battles'], side: 'russia' }],
        ['full text', { q: 'drone' }],
        ['no match', { bbox: [0, 0, 1, 1] }],
      ];
      for (const [label, filter] of filters) {
        it(`equals the API's Features of queryEvents byte for byte, page by page: ${label}`, async () => {
          expect('queryEventFeatures' in store).toBe(true);
          let after: string | null = null;
          let pages = 0;
          do {
            const want = await store.queryEvents(filter, { limit: 13, after });
            const got = await store.queryEventFeatures!(filter, { limit: 13, after });
            const text = Buffer.from(got.features).toString('utf8');
            expect(text).toBe(want.events.map((e) => JSON.stringify(toFeature(e))).join(','));
            expect(got.count).toBe(want.events.length);
            expect(got.next).toBe(want.next);
            after = got.next;
            pages++;
          } while (after !== null && pages < 30);
          expect(after).toBeNull();
        });
      }

      it('drops the Features of a deleted article', async () => {
        const first = (await store.queryEvents({}, { limit: 1 })).events[0];
        expect(await store.deleteArticle(first?.article_id ?? '')).toBe(true);
        const all = await store.queryEventFeatures!({}, { limit: 1000 });
        const text = Buffer.from(all.features).toString('utf8');
        expect(text).not.toContain(first?.article_id ?? '-');
        expect(text).toBe(
          (await store.queryEvents({}, { limit: 1000 })).events
            .map((e) => JSON.stringify(toFeature(e)))
            .join(','),
        );
      });
    });

    describe('changeToken', () => {
      it('changes on every write that changes reads, not on a duplicate or a miss, and differs between stores', async () => {
        const store = await open();
        const other = await open();
        try {
          expect('changeToken' in store).toBe(true);
          const token = (): Promise<string> => store.changeToken!();
          const t0 = await token();
          expect(await token()).toBe(t0);
          expect(await other.changeToken!()).not.toBe(t0);
          const [first, ...rest] = CORPUS.map(analysisOf);
          await store.putAnalyses(first ? [first] : []);
          const t1 = await token();
          expect(t1).not.toBe(t0);
          await store.putAnalyses(first ? [first] : []);
          expect(await token()).toBe(t1);
          await store.putAnalyses(rest);
          const t2 = await token();
          expect(t2).not.toBe(t1);
          expect(await store.deleteArticle('a_nope')).toBe(false);
          expect(await token()).toBe(t2);
          expect(await store.deleteArticle(first?.article.id ?? '')).toBe(true);
          expect(await token()).not.toBe(t2);
        } finally {
          await other.close();
          await store.close();
        }
      });
    });

    describe('tokens', () => {
      let store: Store;
      beforeAll(async () => {
        store = await open();
      });
      afterAll(() => store.close());

      it('creates, finds, lists and revokes tokens by hash', async () => {
        await store.createToken('analyst', 'hash-1');
        await store.createToken('bot', 'hash-2');
        await expect(store.createToken('analyst', 'hash-3')).rejects.toThrow(/analyst/);
        expect(await store.findToken('hash-1')).toBe('analyst');
        expect(await store.findToken('hash-9')).toBeUndefined();
        expect(await store.revokeToken('analyst')).toBe(true);
        expect(await store.revokeToken('analyst')).toBe(false);
        expect(await store.revokeToken('nobody')).toBe(false);
        expect(await store.findToken('hash-1')).toBeUndefined();
        const list = await store.listTokens();
        expect(list.map((t) => t.name)).toEqual(['analyst', 'bot']);
        expect(list[0].revokedAt).not.toBeNull();
        expect(list[1].revokedAt).toBeNull();
        expect(Number.isNaN(Date.parse(list[1].createdAt))).toBe(false);
      });
    });
  });
}
