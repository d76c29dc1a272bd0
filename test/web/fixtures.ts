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
  TimeRef,
} from '../../src/domain/index.js';
import { emptyAnalysis, PARAGRAPH_SEPARATOR } from '../../src/domain/index.js';

// Hand-built analyses of our own writing for the browser tests: four short reports, one of which carries markup
// that must stay inert. Spans are found with indexOf so the fixtures stay readable and exact.

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

interface Spec {
  readonly outlet: string;
  readonly published: string;
  readonly headline: string;
  readonly byline: readonly string[];
  readonly image?: { caption: string; credit: string };
  readonly paragraphs: readonly string[];
  readonly places: readonly { text: string; lat: number; lon: number; radiusKm?: number; admin1: string }[];
  readonly times: readonly { text: string; date: string }[];
  readonly actors: readonly { text: string; side: Side; acled: string }[];
  readonly events: readonly {
    type: EventType;
    sub: SubEventType;
    date: string;
    /** The evidence sentence, verbatim from a paragraph. */
    sentence: string;
    place: string;
    actor1: string;
    actor2?: string;
    claimant: string;
    channel: string;
    fatalities?: number;
  }[];
}

function at(text: string, needle: string): { start: number; end: number } {
  const start = text.indexOf(needle);
  if (start < 0) throw new Error(`fixture: "${needle}" not in text`);
  return { start, end: start + needle.length };
}

function build(spec: Spec): Analysis {
  const text = spec.paragraphs.join(PARAGRAPH_SEPARATOR);
  const article: Article = {
    id: `a_${sha(spec.headline).slice(0, 16)}`,
    url: `https://example.org/${sha(spec.headline).slice(0, 8)}`,
    canonicalUrl: `https://example.org/${sha(spec.headline).slice(0, 8)}`,
    outlet: spec.outlet,
    published: spec.published,
    publishedPrecision: 'day',
    section: 'War',
    headline: spec.headline,
    byline: spec.byline,
    ...(spec.image ? { image: spec.image } : {}),
    paragraphs: spec.paragraphs,
    text,
    language: 'en',
    sourceFormat: 'plain-text',
    contentHash: sha(text),
    retrievedAt: '2025-11-05T08:00:00.000Z',
    issues: [],
  };
  const places: PlaceMention[] = spec.places.map((p) => ({
    kind: p.radiusKm ? 'relative' : 'settlement',
    span: at(text, p.text),
    text: p.text,
    lat: p.lat,
    lon: p.lon,
    radiusKm: p.radiusKm ?? 0,
    geoPrecision: p.radiusKm ? 2 : 1,
    entry: {
      id: `test:${p.text}`,
      name: p.text,
      kind: 'settlement',
      lat: p.lat,
      lon: p.lon,
      country: 'UA',
      admin1: p.admin1,
    },
    basis: { stated: ['name'], implied: ['point:centroid'] },
    score: 0.9,
    alternatives: [],
    issues: [],
  }));
  const times: TimeRef[] = spec.times.map((t) => ({
    span: at(text, t.text),
    text: t.text,
    date: t.date,
    start: t.date,
    end: t.date,
    precision: 1,
    basis: { stated: ['month', 'day'], implied: ['year:publication'] },
  }));
  const actors: ActorMention[] = spec.actors.map((a) => ({
    span: at(text, a.text),
    text: a.text,
    kind: 'force',
    side: a.side,
    name: a.text,
    acledName: a.acled,
  }));
  const actorFor = (t: string): ActorMention | null => actors.find((a) => a.text === t) ?? null;
  const events: ChronicleEvent[] = spec.events.map((e) => {
    const evidence = at(text, e.sentence);
    return {
      id: `e_${sha(`${article.id}|${e.type}|${evidence.start}`).slice(0, 16)}`,
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
      place: places.find((p) => p.text === e.place) ?? null,
      actor1: actorFor(e.actor1),
      actor2: e.actor2 ? actorFor(e.actor2) : null,
      assocActors1: [],
      assocActors2: [],
      fatalities: e.fatalities ?? 0,
      injured: 0,
      fatalitiesUnknown: e.fatalities === undefined,
      quantities: {},
      attribution: { claimant: e.claimant, channel: e.channel, hedged: false, belligerent: true },
      source: `${e.claimant}; ${spec.outlet}`,
      evidence,
      notes: e.sentence,
      confidence: 0.8,
    };
  });
  return { ...emptyAnalysis(article), places, times, actors, events };
}

/** The hostile markup of the XSS fixture; the test checks it arrives as text and runs nothing. */
export const HOSTILE_SCRIPT = '<script>window.__xss = 1; alert("xss")</script>';
export const HOSTILE_IMG = '<img src="x" onerror="window.__xss = 2; alert(\'img\')">';

/** Four reports: three on dated events in Donetsk, Kharkiv and Kyiv, one carrying markup. */
export const ANALYSES: readonly Analysis[] = [
  build({
    outlet: 'Litopys Test Wire',
    published: '2025-10-27',
    headline: 'Ukrainian troops push back near Dobropillia',
    byline: ['Test Reporter'],
    image: { caption: 'A road outside Dobropillia in October.', credit: 'Test Photo Desk' },
    paragraphs: [
      'Ukrainian troops pushed Russian forces out of two positions near Dobropillia on Oct. 26, the General Staff said on Telegram.',
      'Russian artillery shelled the outskirts of Pokrovsk on the same day, the regional administration reported.',
    ],
    places: [
      { text: 'Dobropillia', lat: 48.4683, lon: 37.0853, admin1: 'Donetsk' },
      { text: 'Pokrovsk', lat: 48.282, lon: 37.1761, radiusKm: 6, admin1: 'Donetsk' },
    ],
    times: [{ text: 'Oct. 26', date: '2025-10-26' }],
    actors: [
      { text: 'Ukrainian troops', side: 'ukraine', acled: 'Military Forces of Ukraine (2019-)' },
      { text: 'Russian forces', side: 'russia', acled: 'Military Forces of Russia (2000-)' },
      { text: 'Russian artillery', side: 'russia', acled: 'Military Forces of Russia (2000-)' },
    ],
    events: [
      {
        type: 'Battles',
        sub: 'Government regains territory',
        date: '2025-10-26',
        sentence:
          'Ukrainian troops pushed Russian forces out of two positions near Dobropillia on Oct. 26, the General Staff said on Telegram.',
        place: 'Dobropillia',
        actor1: 'Ukrainian troops',
        actor2: 'Russian forces',
        claimant: 'General Staff of the Armed Forces of Ukraine',
        channel: 'Telegram',
      },
      {
        type: 'Explosions/Remote violence',
        sub: 'Shelling/artillery/missile attack',
        date: '2025-10-26',
        sentence:
          'Russian artillery shelled the outskirts of Pokrovsk on the same day, the regional administration reported.',
        place: 'Pokrovsk',
        actor1: 'Russian artillery',
        claimant: 'Donetsk Regional Military Administration',
        channel: 'statement',
      },
    ],
  }),
  build({
    outlet: 'Litopys Test Wire',
    published: '2025-11-02',
    headline: 'Drones strike Kharkiv overnight',
    byline: ['Second Reporter'],
    paragraphs: [
      'Russian drones struck an industrial district of Kharkiv on Nov. 2, the mayor wrote on Telegram, and two people were killed.',
    ],
    places: [{ text: 'Kharkiv', lat: 49.9935, lon: 36.2304, admin1: 'Kharkiv' }],
    times: [{ text: 'Nov. 2', date: '2025-11-02' }],
    actors: [{ text: 'Russian drones', side: 'russia', acled: 'Military Forces of Russia (2000-)' }],
    events: [
      {
        type: 'Explosions/Remote violence',
        sub: 'Air/drone strike',
        date: '2025-11-02',
        sentence:
          'Russian drones struck an industrial district of Kharkiv on Nov. 2, the mayor wrote on Telegram, and two people were killed.',
        place: 'Kharkiv',
        actor1: 'Russian drones',
        claimant: 'Mayor of Kharkiv',
        channel: 'Telegram',
        fatalities: 2,
      },
    ],
  }),
  build({
    outlet: 'Second Test Paper',
    published: '2025-07-23',
    headline: 'Crowds rally in Kyiv',
    byline: ['Third Reporter'],
    paragraphs: ['Protesters gathered in central Kyiv on July 22 to oppose a new law, organisers said.'],
    places: [{ text: 'Kyiv', lat: 50.4501, lon: 30.5234, admin1: 'Kyiv City' }],
    times: [{ text: 'July 22', date: '2025-07-22' }],
    actors: [{ text: 'Protesters', side: 'civilians', acled: 'Protesters (Ukraine)' }],
    events: [
      {
        type: 'Protests',
        sub: 'Peaceful protest',
        date: '2025-07-22',
        sentence: 'Protesters gathered in central Kyiv on July 22 to oppose a new law, organisers said.',
        place: 'Kyiv',
        actor1: 'Protesters',
        claimant: 'organisers',
        channel: 'statement',
      },
    ],
  }),
  build({
    outlet: 'Second Test Paper',
    published: '2025-11-04',
    headline: `Markup test ${HOSTILE_SCRIPT}`,
    byline: [HOSTILE_IMG],
    image: { caption: `Caption ${HOSTILE_IMG}`, credit: HOSTILE_SCRIPT },
    paragraphs: [
      `Shelling hit Sumy on Nov. 3, a post said ${HOSTILE_SCRIPT} and nobody was hurt.`,
      `A second line ${HOSTILE_IMG} ends here.`,
    ],
    places: [{ text: 'Sumy', lat: 50.9077, lon: 34.7981, admin1: 'Sumy' }],
    times: [{ text: 'Nov. 3', date: '2025-11-03' }],
    actors: [],
    events: [
      {
        type: 'Explosions/Remote violence',
        sub: 'Shelling/artillery/missile attack',
        date: '2025-11-03',
        sentence: `Shelling hit Sumy on Nov. 3, a post said ${HOSTILE_SCRIPT} and nobody was hurt.`,
        place: 'Sumy',
        actor1: 'nobody',
        claimant: HOSTILE_IMG,
        channel: HOSTILE_SCRIPT,
      },
    ],
  }),
];
