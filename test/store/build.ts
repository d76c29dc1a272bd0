import { createHash } from 'node:crypto';
import type {
  ActorMention,
  Analysis,
  Article,
  ChronicleEvent,
  Claim,
  EventType,
  PlaceMention,
  Side,
  SubEventType,
  TimeRef,
} from '../../src/domain/index.js';
import { emptyAnalysis, PARAGRAPH_SEPARATOR } from '../../src/domain/index.js';

// Hand-built articles and analyses of our own writing for the store suite: no reader, no pipeline, so a store test
// fails only for the store's own reasons.

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** What a test says about an article; the rest is derived the way the readers derive it. */
export interface ArticleSpec {
  readonly url?: string;
  readonly outlet?: string;
  readonly published?: string;
  readonly headline: string;
  readonly paragraphs: readonly string[];
  readonly language?: string;
  readonly byline?: readonly string[];
}

/** An Article: id from the canonical URL when there is one, else from the content hash. */
export function article(spec: ArticleSpec): Article {
  const text = spec.paragraphs.join(PARAGRAPH_SEPARATOR);
  const contentHash = sha(text);
  const a: Article = {
    id: `a_${sha(spec.url ?? contentHash).slice(0, 16)}`,
    ...(spec.url ? { url: spec.url, canonicalUrl: spec.url } : {}),
    ...(spec.outlet ? { outlet: spec.outlet } : {}),
    ...(spec.published ? { published: spec.published } : {}),
    publishedPrecision: spec.published ? 'day' : 'unknown',
    headline: spec.headline,
    byline: spec.byline ?? [],
    paragraphs: spec.paragraphs,
    text,
    language: spec.language ?? 'en',
    sourceFormat: 'plain-text',
    contentHash,
    retrievedAt: '2025-11-05T08:00:00.000Z',
    issues: [],
  };
  return a;
}

/** A resolved settlement mention. */
export function place(text: string, lat: number, lon: number, at: number, pcode?: string): PlaceMention {
  return {
    kind: 'settlement',
    span: { start: at, end: at + text.length },
    text,
    lat,
    lon,
    radiusKm: 0,
    geoPrecision: 1,
    ...(pcode
      ? {
          entry: {
            id: pcode,
            name: text,
            kind: 'settlement' as const,
            lat,
            lon,
            country: 'UA',
            admin1: 'Donetsk',
            admin2: 'Pokrovskyi',
            admin3: text,
          },
        }
      : {}),
    basis: { stated: ['name'], implied: ['point:centroid'] },
    score: 0.9,
    alternatives: [],
    issues: [],
  };
}

function actor(side: Side, acledName: string): ActorMention {
  return { span: { start: 0, end: 1 }, text: acledName, kind: 'force', side, name: acledName, acledName };
}

/** What a test says about an event. */
export interface EventSpec {
  readonly type: EventType;
  readonly sub: SubEventType;
  readonly date: string;
  readonly place?: PlaceMention | null;
  readonly side1?: Side;
  readonly side2?: Side;
  readonly actor1?: string;
  readonly actor2?: string;
  readonly assoc1?: readonly string[];
  readonly notes: string;
  readonly confidence?: number;
  readonly fatalities?: number;
  readonly at?: number;
}

/** A ChronicleEvent of an article; its id hashes article, type and evidence like the coder's. */
export function event(a: Article, spec: EventSpec): ChronicleEvent {
  const at = spec.at ?? 0;
  const evidence = { start: at, end: at + spec.notes.length };
  return {
    id: `e_${sha(`${a.id}|${spec.type}|${spec.sub}|${evidence.start}|${spec.date}`).slice(0, 16)}`,
    articleId: a.id,
    eventType: spec.type,
    subEventType: spec.sub,
    date: {
      date: spec.date,
      start: spec.date,
      end: spec.date,
      precision: 1,
      basis: { stated: ['day'], implied: [] },
    },
    place: spec.place ?? null,
    actor1: spec.side1 ? actor(spec.side1, spec.actor1 ?? `Military Forces of ${spec.side1}`) : null,
    actor2: spec.side2 ? actor(spec.side2, spec.actor2 ?? `Military Forces of ${spec.side2}`) : null,
    assocActors1: spec.assoc1 ?? [],
    assocActors2: [],
    fatalities: spec.fatalities ?? 0,
    injured: 0,
    fatalitiesUnknown: spec.fatalities === undefined,
    quantities: {},
    attribution: { claimant: 'General Staff', channel: 'Telegram', hedged: false, belligerent: true },
    source: a.outlet ?? 'unknown',
    evidence,
    notes: spec.notes,
    confidence: spec.confidence ?? 0.8,
  };
}

/** A time mention of an article: `text` found in its text (the `nth` occurrence, from 0), resolved to a range. */
export function time(
  a: Article,
  text: string,
  start: string,
  end = start,
  precision: TimeRef['precision'] = 1,
  nth = 0,
): TimeRef {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = a.text.indexOf(text, at + 1);
  if (at < 0) throw new Error(`time: "${text}" not in the article`);
  return {
    span: { start: at, end: at + text.length },
    text,
    date: start,
    start,
    end,
    precision,
    basis: { stated: ['weekday'], implied: ['week:publication'] },
  };
}

/** An actor mention of an article: `text` found in its text, with its normalised and ACLED names. */
export function actorMention(
  a: Article,
  text: string,
  side: Side,
  name: string,
  acledName: string,
  assocName?: string,
): ActorMention {
  const at = a.text.indexOf(text);
  if (at < 0) throw new Error(`actor: "${text}" not in the article`);
  return {
    span: { start: at, end: at + text.length },
    text,
    kind: assocName ? 'unit' : 'force',
    side,
    name,
    acledName,
    ...(assocName ? { assocName } : {}),
  };
}

/** An Analysis of an article with the given parts. */
export function analysis(
  a: Article,
  parts: {
    events?: readonly ChronicleEvent[];
    places?: readonly PlaceMention[];
    times?: readonly TimeRef[];
    actors?: readonly ActorMention[];
    claims?: readonly Claim[];
  } = {},
): Analysis {
  return {
    ...emptyAnalysis(a),
    events: parts.events ?? [],
    places: parts.places ?? [],
    times: parts.times ?? [],
    actors: parts.actors ?? [],
    claims: parts.claims ?? [],
  };
}

/** A long English report, the base of the near-duplicate tests (a copy with one word changed is ≥ 0.9 Jaccard). */
export const LONG_REPORT: readonly string[] = [
  'Ukrainian defenders repelled an assault on the northern approaches to Dobropillia early on Tuesday, the brigade said in its evening summary, adding that two armoured vehicles were destroyed in the fields west of the town.',
  'The attack began shortly before dawn when infantry groups tried to cross a tree line under cover of fog, and it was halted after several hours of fighting near the railway crossing that links the town with Kramatorsk.',
  'Local officials said the water supply was cut for most of the day because a pumping station lost power after a drone struck a substation on the eastern edge of the district, and repair crews worked until nightfall.',
  'Residents who stayed in the town described long queues at the remaining shops and said that evacuation buses now leave twice a week from the square in front of the former cinema, taking families toward Dnipro.',
];
