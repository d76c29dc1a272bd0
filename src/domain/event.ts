import type { ActorMention } from './actor.js';
import type { GeoPrecision, PlaceMention } from './place.js';
import type { Span } from './span.js';
import type { TimePrecision, TimeRef } from './time-ref.js';

/** ACLED's six event types. */
export const EVENT_TYPES = [
  'Battles',
  'Explosions/Remote violence',
  'Violence against civilians',
  'Protests',
  'Riots',
  'Strategic developments',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** ACLED's 25 sub-event types, each under its event type. */
export const SUB_EVENT_TYPES = {
  Battles: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
  'Explosions/Remote violence': [
    'Chemical weapon',
    'Air/drone strike',
    'Suicide bomb',
    'Shelling/artillery/missile attack',
    'Remote explosive/landmine/IED',
    'Grenade',
  ],
  'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  Protests: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
  Riots: ['Violent demonstration', 'Mob violence'],
  'Strategic developments': [
    'Agreement',
    'Arrests',
    'Change to group/activity',
    'Disrupted weapons use',
    'Headquarters or base established',
    'Looting/property destruction',
    'Non-violent transfer of territory',
    'Other',
  ],
} as const satisfies Record<EventType, readonly string[]>;
export type SubEventType = (typeof SUB_EVENT_TYPES)[EventType][number];

/** Who asserts an event and through what channel. */
export interface Attribution {
  /** e.g. "General Staff of the Armed Forces of Ukraine", "Volodymyr Zelensky", "Russian Ministry of Defence". */
  readonly claimant: string | null;
  /** e.g. "X", "Facebook", "Telegram", "statement", "press conference"; null when not said. */
  readonly channel: string | null;
  /** True for "reportedly", "claimed", "allegedly", "according to unconfirmed reports". */
  readonly hedged: boolean;
  /** True when the claimant is a party to the fighting claiming something about it. */
  readonly belligerent: boolean;
  readonly span?: Span;
}

/**
 * One coded event: ACLED's fields under clear names, with the evidence and the chain of sources behind it.
 * ACLED's own column names are produced at the edges by `toAcledRecord`.
 */
export interface ChronicleEvent {
  /** Hash of article id + type + evidence span: stable across runs. */
  readonly id: string;
  readonly articleId: string;
  readonly eventType: EventType;
  readonly subEventType: SubEventType;
  readonly date: TimeRef;
  readonly place: PlaceMention | null;
  readonly actor1: ActorMention | null;
  readonly actor2: ActorMention | null;
  readonly assocActors1: readonly string[];
  readonly assocActors2: readonly string[];
  readonly fatalities: number;
  readonly injured: number;
  /** True when the text says casualties are unknown or gives none. */
  readonly fatalitiesUnknown: boolean;
  /** Counted objects, e.g. `{ villages: 2 }`. */
  readonly quantities: Readonly<Record<string, number>>;
  readonly attribution: Attribution;
  /** The outlet (and claimant) chain, ACLED `source` style: "General Staff of the Armed Forces of Ukraine; Kyiv Independent". */
  readonly source: string;
  /** The evidence: sentence (or adjacent sentences) offsets into the article text. */
  readonly evidence: Span;
  /** The evidence text itself (ACLED `notes`). */
  readonly notes: string;
  /** In [0, 1]. */
  readonly confidence: number;
}

/** A checkable claim found beside events, e.g. a stated distance between two places. */
export interface Claim {
  readonly kind: 'distance';
  readonly articleId: string;
  readonly evidence: Span;
  readonly text: string;
  readonly from: string;
  readonly to: string;
  readonly statedKm: number;
  readonly gazetteerKm: number | null;
  readonly toleranceKm: number;
  readonly verdict: 'consistent' | 'inconsistent' | 'unchecked';
}

/** The flat record users know from ACLED exports, plus our evidence, attribution and confidence. */
export interface AcledRecord {
  readonly article_id: string;
  readonly event_id: string;
  readonly event_date: string;
  readonly date_start: string;
  readonly date_end: string;
  readonly time_precision: TimePrecision;
  readonly event_type: EventType;
  readonly sub_event_type: SubEventType;
  readonly actor1: string;
  readonly assoc_actor_1: string;
  readonly actor2: string;
  readonly assoc_actor_2: string;
  readonly admin1: string;
  readonly admin2: string;
  readonly admin3: string;
  readonly location: string;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly geo_precision: GeoPrecision | null;
  readonly fatalities: number;
  readonly injured: number;
  readonly source: string;
  readonly notes: string;
  readonly evidence: Span;
  readonly attribution: {
    readonly claimant: string | null;
    readonly channel: string | null;
    readonly hedged: boolean;
  };
  readonly confidence: number;
}

/** ACLED's CSV column order for the columns we produce (ACLED's names; extras of ours appended). */
export const ACLED_CSV_COLUMNS = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'iso',
  'region',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
  'timestamp',
] as const;

/** Maps an event to its ACLED-shaped record. Pure; coordinates rounded to 5 decimals. */
export function toAcledRecord(e: ChronicleEvent): AcledRecord {
  const p = e.place;
  const entry = p?.entry;
  const r5 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1e5) / 1e5);
  return {
    article_id: e.articleId,
    event_id: e.id,
    event_date: e.date.date,
    date_start: e.date.start,
    date_end: e.date.end,
    time_precision: e.date.precision,
    event_type: e.eventType,
    sub_event_type: e.subEventType,
    actor1: e.actor1?.acledName ?? '',
    assoc_actor_1: e.assocActors1.join('; '),
    actor2: e.actor2?.acledName ?? '',
    assoc_actor_2: e.assocActors2.join('; '),
    admin1: entry?.admin1 ?? '',
    admin2: entry?.admin2 ?? '',
    admin3: entry?.admin3 ?? '',
    location: entry?.name ?? p?.text ?? '',
    latitude: r5(p?.lat ?? null),
    longitude: r5(p?.lon ?? null),
    geo_precision: p && p.lat !== null ? p.geoPrecision : null,
    fatalities: e.fatalities,
    injured: e.injured,
    source: e.source,
    notes: e.notes,
    evidence: e.evidence,
    attribution: {
      claimant: e.attribution.claimant,
      channel: e.attribution.channel,
      hedged: e.attribution.hedged,
    },
    confidence: Math.round(e.confidence * 1000) / 1000,
  };
}
