import { createHash } from 'node:crypto';
import type {
  ActorMention,
  Analysis,
  Article,
  ChronicleEvent,
  EventType,
  PlaceMention,
  Side,
  SubEventType,
} from '../../src/domain/index.js';
import { emptyAnalysis, PARAGRAPH_SEPARATOR } from '../../src/domain/index.js';

// Hand-built analyses of our own writing for the API tests: no reader and no pipeline, so a failure here is the
// API's (or the store's), never an extractor's. Places and dates are real; the sentences are ours.

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** A place the corpus uses: name, latitude, longitude, oblast. */
export interface Town {
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly admin1: string;
}

export const POKROVSK: Town = { name: 'Pokrovsk', lat: 48.28333, lon: 37.18333, admin1: 'Donetsk' };
export const DOBROPILLIA: Town = { name: 'Dobropillia', lat: 48.46667, lon: 37.08333, admin1: 'Donetsk' };
export const KYIV: Town = { name: 'Kyiv', lat: 50.45, lon: 30.52333, admin1: 'Kyiv City' };
export const KHARKIV: Town = { name: 'Kharkiv', lat: 49.99083, lon: 36.23028, admin1: 'Kharkiv' };
export const ODESA: Town = { name: 'Odesa', lat: 46.48572, lon: 30.74383, admin1: 'Odesa' };

/** What an event of the corpus says; the evidence is the sentence that contains `sentence`. */
export interface EventSpec {
  readonly sentence: string;
  readonly type: EventType;
  readonly sub: SubEventType;
  readonly date: string;
  readonly town: Town | null;
  readonly actor1?: { readonly name: string; readonly side: Side };
  readonly actor2?: { readonly name: string; readonly side: Side };
  readonly confidence: number;
  readonly fatalities?: number;
}

/** What an article of the corpus says. */
export interface ArticleSpec {
  readonly url: string;
  readonly outlet: string;
  readonly published: string;
  readonly headline: string;
  readonly paragraphs: readonly string[];
  readonly events: readonly EventSpec[];
}

function actor(name: string, side: Side, text: string, at: number): ActorMention {
  return { span: { start: at, end: at + text.length }, text, kind: 'force', side, name, acledName: name };
}

function placeOf(town: Town, at: number): PlaceMention {
  return {
    kind: 'settlement',
    span: { start: at, end: at + town.name.length },
    text: town.name,
    lat: town.lat,
    lon: town.lon,
    radiusKm: 0,
    geoPrecision: 1,
    entry: {
      id: `test:${town.name.toLowerCase()}`,
      name: town.name,
      kind: 'settlement',
      lat: town.lat,
      lon: town.lon,
      country: 'UA',
      admin1: town.admin1,
    },
    basis: { stated: ['name'], implied: ['point:centroid'] },
    score: 0.9,
    alternatives: [],
    issues: [],
  };
}

/** The Article of a spec, with the id, hash and offsets the readers would give it. */
export function articleOf(spec: ArticleSpec): Article {
  const text = spec.paragraphs.join(PARAGRAPH_SEPARATOR);
  return {
    id: `a_${sha(spec.url).slice(0, 16)}`,
    url: spec.url,
    canonicalUrl: spec.url,
    outlet: spec.outlet,
    published: spec.published,
    publishedPrecision: 'day',
    headline: spec.headline,
    byline: [],
    paragraphs: spec.paragraphs,
    text,
    language: 'en',
    sourceFormat: 'plain-text',
    contentHash: sha(text),
    retrievedAt: '2025-11-05T08:00:00.000Z',
    issues: [],
  };
}

/** The analysis of a spec: its events, each with evidence, place and actors pointing into the article text. */
export function analysisOf(spec: ArticleSpec): Analysis {
  const article = articleOf(spec);
  const places: PlaceMention[] = [];
  const events: ChronicleEvent[] = spec.events.map((e) => {
    const start = article.text.indexOf(e.sentence);
    if (start < 0) throw new Error(`corpus: '${e.sentence}' is not in ${spec.url}`);
    const evidence = { start, end: start + e.sentence.length };
    const townAt = e.town ? article.text.indexOf(e.town.name, start) : -1;
    const place = e.town && townAt >= 0 ? placeOf(e.town, townAt) : null;
    if (place) places.push(place);
    const a1 = e.actor1 ? actor(e.actor1.name, e.actor1.side, e.sentence.slice(0, 4), start) : null;
    const a2 = e.actor2 ? actor(e.actor2.name, e.actor2.side, e.sentence.slice(0, 4), start) : null;
    return {
      id: `e_${sha(`${article.id}|${e.type}|${evidence.start}|${evidence.end}`).slice(0, 16)}`,
      articleId: article.id,
      eventType: e.type,
      subEventType: e.sub,
      date: {
        date: e.date,
        start: e.date,
        end: e.date,
        precision: 1,
        basis: { stated: ['day'], implied: [] },
      },
      place,
      actor1: a1,
      actor2: a2,
      assocActors1: [],
      assocActors2: [],
      fatalities: e.fatalities ?? 0,
      injured: 0,
      fatalitiesUnknown: e.fatalities === undefined,
      quantities: {},
      attribution: { claimant: null, channel: null, hedged: false, belligerent: false },
      source: spec.outlet,
      evidence,
      notes: e.sentence,
      confidence: e.confidence,
    };
  });
  places.sort((a, b) => a.span.start - b.span.start);
  return { ...emptyAnalysis(article), places, events, status: 'ok' };
}

const RU = { name: 'Military Forces of Russia (2000-)', side: 'russia' } as const;
const UA = { name: 'Military Forces of Ukraine (2019-)', side: 'ukraine' } as const;
const CIV = { name: 'Civilians (Ukraine)', side: 'civilians' } as const;
const GOV = { name: 'Government of Ukraine (2019-)', side: 'ukraine' } as const;

/** Five small reports in three outlets: every filter of the API has something to keep and something to drop. */
export const CORPUS: readonly ArticleSpec[] = [
  {
    url: 'https://example.org/news/pokrovsk-glide-bombs',
    outlet: 'Steppe Herald',
    published: '2025-11-04',
    headline: 'Glide bombs fall on Pokrovsk as fighting reaches Dobropillia road',
    paragraphs: [
      'Russian aircraft dropped glide bombs on Pokrovsk on Monday, damaging two apartment blocks.',
      'Ukrainian infantry repelled an assault near Dobropillia on Sunday, the brigade said.',
    ],
    events: [
      {
        sentence:
          'Russian aircraft dropped glide bombs on Pokrovsk on Monday, damaging two apartment blocks.',
        type: 'Explosions/Remote violence',
        sub: 'Air/drone strike',
        date: '2025-11-03',
        town: POKROVSK,
        actor1: RU,
        actor2: CIV,
        confidence: 0.8,
      },
      {
        sentence: 'Ukrainian infantry repelled an assault near Dobropillia on Sunday, the brigade said.',
        type: 'Battles',
        sub: 'Armed clash',
        date: '2025-11-02',
        town: DOBROPILLIA,
        actor1: RU,
        actor2: UA,
        confidence: 0.6,
        fatalities: 3,
      },
    ],
  },
  {
    url: 'https://example.org/news/kyiv-cabinet-decision',
    outlet: 'Dnipro Daily',
    published: '2025-10-20',
    headline: 'Cabinet in Kyiv approves new shelter funding',
    paragraphs: ['The cabinet in Kyiv approved money for school shelters on Monday after a long debate.'],
    events: [
      {
        sentence: 'The cabinet in Kyiv approved money for school shelters on Monday after a long debate.',
        type: 'Strategic developments',
        sub: 'Other',
        date: '2025-10-20',
        town: KYIV,
        actor1: GOV,
        confidence: 0.9,
      },
    ],
  },
  {
    url: 'https://example.org/news/kharkiv-tram-attack',
    outlet: 'Dnipro Daily',
    published: '2025-10-19',
    headline: 'Tram depot in Kharkiv hit by a missile',
    paragraphs: ['A missile struck a tram depot in Kharkiv late on Saturday, wounding four workers.'],
    events: [
      {
        sentence: 'A missile struck a tram depot in Kharkiv late on Saturday, wounding four workers.',
        type: 'Explosions/Remote violence',
        sub: 'Shelling/artillery/missile attack',
        date: '2025-10-18',
        town: KHARKIV,
        actor1: RU,
        actor2: CIV,
        confidence: 0.4,
      },
    ],
  },
  {
    url: 'https://example.org/news/odesa-port-rally',
    outlet: 'Black Sea Wire',
    published: '2025-09-01',
    headline: 'Dockers rally at the port',
    paragraphs: ['Several hundred dockers held a quiet rally about unpaid wages on Monday morning.'],
    events: [
      {
        sentence: 'Several hundred dockers held a quiet rally about unpaid wages on Monday morning.',
        type: 'Protests',
        sub: 'Peaceful protest',
        date: '2025-09-01',
        town: null,
        confidence: 0.5,
      },
    ],
  },
  {
    url: 'https://example.org/news/odesa-drone-night',
    outlet: 'Black Sea Wire',
    published: '2025-09-03',
    headline: 'Night of drones over Odesa',
    paragraphs: ['Attack drones hit an energy site in Odesa overnight, the regional governor wrote.'],
    events: [
      {
        sentence: 'Attack drones hit an energy site in Odesa overnight, the regional governor wrote.',
        type: 'Explosions/Remote violence',
        sub: 'Air/drone strike',
        date: '2025-09-02',
        town: ODESA,
        actor1: RU,
        confidence: 0.7,
      },
    ],
  },
];

/**
 * `n` reports of one event each (types and towns cycling, days spread over 2024), for pagination walks. One event
 * per article keeps every article text distinct enough for the store's near-duplicate check.
 */
export function bulkCorpus(n: number): ArticleSpec[] {
  const towns = [POKROVSK, DOBROPILLIA, KYIV, KHARKIV, ODESA];
  const kinds: [EventType, SubEventType][] = [
    ['Battles', 'Armed clash'],
    ['Explosions/Remote violence', 'Shelling/artillery/missile attack'],
    ['Strategic developments', 'Other'],
  ];
  const words = ['amber', 'birch', 'cedar', 'delta', 'ember', 'flint', 'grove', 'heron', 'iris', 'juniper'];
  const out: ArticleSpec[] = [];
  for (let i = 0; i < n; i++) {
    const town = towns[i % towns.length];
    const [type, sub] = kinds[i % kinds.length];
    // Several events share a day so the keyset cursor must break ties by id.
    const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 4) * 86_400_000).toISOString().slice(0, 10);
    const code = `${words[i % 10]} ${words[Math.floor(i / 10) % 10]} ${words[Math.floor(i / 100) % 10]}`;
    const sentence = `Report ${i} (${code}): units near ${town.name} logged incident number ${i * 7919} on ${day}.`;
    out.push({
      url: `https://example.org/bulk/${i}`,
      outlet: 'Bulk Wire',
      published: day,
      headline: `Bulk report ${i} ${code}`,
      paragraphs: [sentence],
      events: [{ sentence, type, sub, date: day, town, actor1: RU, confidence: 0.5 }],
    });
  }
  return out;
}
