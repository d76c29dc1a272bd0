import type {
  AcledRecord,
  ActorMention,
  Analysis,
  Article,
  Claim,
  EventType,
  PlaceMention,
  TimeRef,
} from '../domain/index.js';

/** What storing one article did. */
export type PutOutcome = 'new' | 'duplicate' | 'near-duplicate' | 'updated';

export interface PutResult {
  readonly articleId: string;
  readonly outcome: PutOutcome;
  /** For a near-duplicate: the id of the article it was linked to. */
  readonly duplicateOf?: string;
  readonly events: number;
}

/** Filters shared by the event queries of the API, the CLI and exports. All optional; dates are ISO days. */
export interface EventFilter {
  /** [minLon, minLat, maxLon, maxLat] */
  readonly bbox?: readonly [number, number, number, number];
  readonly since?: string;
  readonly until?: string;
  readonly eventType?: readonly EventType[];
  readonly subEventType?: readonly string[];
  /** Substring of actor1/actor2/assoc actors, case-insensitive. */
  readonly actor?: string;
  readonly side?: 'russia' | 'ukraine' | 'civilians' | 'other';
  readonly outlet?: string;
  /** Full text over the evidence and the article. */
  readonly q?: string;
  readonly minConfidence?: number;
  readonly articleId?: string;
  /** One event by its id (the API's `/collections/events/items/{featureId}`). */
  readonly eventId?: string;
}

/** A page of events; `next` is an opaque keyset cursor. */
export interface EventPage {
  readonly events: readonly StoredEvent[];
  readonly next: string | null;
}

/**
 * A page of events as GeoJSON Features already serialised (`Store.queryEventFeatures`): the same events and cursor
 * as `queryEvents`, in date order (within a day, the order is the store's: SQL's is by id, SQLite's Feature index
 * sends a day's Features as they lie in memory), each Feature the text `JSON.stringify(storedEventFeature(e))`
 * (src/store/event-feature.ts).
 */
export interface EventFeaturePage {
  /**
   * The Features as UTF-8 JSON text joined with `,` (empty for an empty page): `[` + this + `]` is a JSON array.
   * With a `frame`, the frame's head, then that, then its tail, in the one buffer.
   */
  readonly features: Uint8Array;
  /** How many Features `features` holds. */
  readonly count: number;
  readonly next: string | null;
  /**
   * True when the page was copied out of memory (SQLite's Feature index) rather than read from the database: as cheap
   * as a cached copy, so the API's body cache keeps it only for a view asked for again (bodies it keeps live into V8's
   * old generation: profiled under autocannon on new views, GC took 13.9 % of server time with every page kept and
   * 7.2 % with none).
   */
  readonly fromMemory?: boolean;
  /** `'gzip'` when `features` is the framed page as a gzip member (asked with `FeatureFrame.gzip`); text without. */
  readonly encoding?: 'gzip';
}

/**
 * What a store's in-memory Feature index holds (`Store.featureIndex`): `loading` (SQL answers meanwhile), `ready`, or
 * why it gave up and left every page to SQL: the Features outgrew its budget (`over-budget`), some events lack their
 * stored Feature (`incomplete`), or a read failed (`failed`). One that gave up loads again after a wait once something
 * is written (a failed read: after the wait alone).
 */
export interface FeatureIndexStatus {
  readonly state: 'loading' | 'ready' | 'over-budget' | 'incomplete' | 'failed';
  readonly events: number;
  /** Bytes of Feature text held. */
  readonly bytes: number;
  readonly maxBytes: number;
  /** How long the last complete load took, in ms. */
  readonly loadMs: number | null;
  readonly reason: string | null;
}

/**
 * Bytes to put around a page's Features in the buffer `queryEventFeatures` returns, so a caller sending a document
 * (the API's FeatureCollection) does not copy a megabyte again to wrap it. `tail` gets the page's `next` cursor and
 * how many Features it holds (OGC's `numberReturned`).
 */
export interface FeatureFrame {
  readonly head: Uint8Array;
  readonly tail: (next: string | null, count: number) => Uint8Array;
  /** Where a store that copies the bytes itself gets the buffer (a pool); a fresh one without. */
  readonly allocate?: (size: number) => Uint8Array;
  /**
   * Asks for the framed page as one gzip member (RFC 1952) when the store can join it from Features it keeps
   * compressed (SQLite's Feature index); a store that cannot returns the text, and says which it did in
   * `EventFeaturePage.encoding`.
   */
  readonly gzip?: boolean;
}

/** The options of one page of `queryEventFeatures`. */
export interface FeaturePageOptions {
  readonly limit?: number;
  readonly after?: string | null;
  readonly frame?: FeatureFrame;
}

/** An event as stored: the ACLED record plus where it came from. */
export interface StoredEvent extends AcledRecord {
  readonly outlet: string | null;
  readonly article_url: string | null;
  readonly headline: string;
  /** Uncertainty radius of the place in km (0 for a settlement point). */
  readonly radius_km: number;
  readonly side1: string;
  readonly side2: string;
}

export interface ArticleQuery {
  readonly q?: string;
  readonly since?: string;
  readonly until?: string;
  readonly outlet?: string;
  readonly limit?: number;
}

export interface ArticleHit {
  readonly id: string;
  readonly headline: string;
  readonly outlet: string | null;
  readonly published: string | null;
  readonly url: string | null;
  /** A short snippet of the matching text (plain text; the caller escapes it). */
  readonly snippet: string;
  readonly rank: number;
}

/** An article as stored, with what the pipeline found in it. */
export interface StoredArticle {
  readonly article: Article;
  readonly otherUrls: readonly string[];
  readonly places: readonly PlaceMention[];
  /**
   * Time mentions in the text, in the analysis's order, each with its span and resolved range: `start`/`end` are the
   * ACLED date_start/date_end, `precision` the time_precision. Empty for articles stored before they were kept.
   */
  readonly times: readonly TimeRef[];
  /** Actor mentions in the text, each with its span, normalised `name`, `side` and `acledName`. */
  readonly actors: readonly ActorMention[];
  readonly events: readonly StoredEvent[];
  readonly claims: readonly Claim[];
}

export interface StoreStats {
  readonly backend: 'sqlite' | 'postgres';
  readonly articles: number;
  readonly events: number;
  readonly places: number;
  readonly nearDuplicates: number;
  readonly outlets: number;
  readonly firstPublished: string | null;
  readonly lastPublished: string | null;
  /** Backend facts, e.g. `{ fts: 'fts5' }` or `{ spatial: 'postgis' }`. */
  readonly features: Readonly<Record<string, string>>;
}

/** Counts of events per time bucket and event type, for the timeline. */
export interface EventBucket {
  /** The bucket's first day, ISO `YYYY-MM-DD`: the day, the Monday of the (ISO) week, or the 1st of the month. */
  readonly bucket: string;
  readonly eventType: EventType;
  readonly count: number;
}

/**
 * The store port. One implementation per backend (`SqliteStore`, `PostgresStore`), one shared test suite.
 * Writes are idempotent: putting the same article (same canonical URL or content hash) again changes nothing.
 */
export interface Store {
  readonly backend: 'sqlite' | 'postgres';
  /** Stores articles with their analyses in one transaction per batch. */
  putAnalyses(items: readonly Analysis[]): Promise<PutResult[]>;
  getArticle(id: string): Promise<StoredArticle | undefined>;
  deleteArticle(id: string): Promise<boolean>;
  searchArticles(query: ArticleQuery): Promise<ArticleHit[]>;
  queryEvents(filter: EventFilter, page?: { limit?: number; after?: string | null }): Promise<EventPage>;
  eventBuckets(filter: EventFilter, bucket: 'day' | 'week' | 'month'): Promise<EventBucket[]>;
  /**
   * Optional (callers fall back to `queryEvents` when a backend lacks it): a page as pre-serialised GeoJSON Features,
   * the bytes of serialising the `queryEvents` page (within a day, possibly in another order: `EventFeaturePage`), for
   * `/api/events.geojson` without per-request JSON work.
   */
  queryEventFeatures?(filter: EventFilter, page?: FeaturePageOptions): Promise<EventFeaturePage>;
  /**
   * Optional: the in-memory Feature index behind `queryEventFeatures`, when the store was opened with one (SQLite's
   * `featureIndexBytes`); null without.
   */
  featureIndex?(): FeatureIndexStatus | null;
  /**
   * Optional: a short token that changes whenever a write (put, delete) may change what reads return, and differs
   * between databases; an HTTP validator (ETag) for read responses. Equal tokens mean equal read results.
   */
  changeToken?(): Promise<string>;
  /**
   * Optional: how many events match `filter`, or null when more than `max` do (the store stops counting there, so a
   * large match costs no more than `max` rows; a count it keeps ready, e.g. per day, comes back whatever its size).
   * A caller without it counts through `eventBuckets`.
   */
  countEvents?(filter: EventFilter, max: number): Promise<number | null>;
  stats(): Promise<StoreStats>;
  /** API tokens: only a sha256 hash of the secret is stored. `createToken` fails if the name exists. */
  createToken(name: string, secretHash: string): Promise<void>;
  /** The token's name when the hash matches a live (not revoked) token. */
  findToken(secretHash: string): Promise<string | undefined>;
  revokeToken(name: string): Promise<boolean>;
  listTokens(): Promise<{ name: string; createdAt: string; revokedAt: string | null }[]>;
  close(): Promise<void>;
}
