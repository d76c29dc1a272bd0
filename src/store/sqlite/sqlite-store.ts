import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type {
  ActorMention,
  Analysis,
  Article,
  ChronicleEvent,
  Claim,
  Clock,
  PlaceMention,
  TimeRef,
} from '../../domain/index.js';
import { systemClock, toAcledRecord } from '../../domain/index.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { FEATURE_LOG_KEEP, FeatureIndex } from './feature-index.js';
import type { Fingerprint } from '../near-duplicate.js';
import {
  fingerprint,
  jaccard,
  LSH_MIN_SHARED_BANDS,
  NEAR_DUPLICATE_JACCARD,
  shingles,
} from '../near-duplicate.js';
import type {
  ArticleHit,
  ArticleQuery,
  EventBucket,
  EventFeaturePage,
  EventFilter,
  EventPage,
  PutResult,
  Store,
  FeatureIndexStatus,
  FeaturePageOptions,
  StoreStats,
  StoredArticle,
} from '../store.js';
import { framedFeatures, storedEventFeatureJson } from '../event-feature.js';
import { actorMentionColumns, timeMentionColumns, timeMentions } from '../mention-rows.js';
import { fillEventFeatures } from './event-features.js';
import type { Param, Row } from './event-rows.js';
import { EVENT_COLUMNS, json, num, numOrNull, str, strOrNull, toStoredEvent } from './event-rows.js';
import { ftsQuery } from './fts-query.js';
import { MIGRATIONS } from './migrations/index.js';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Open an existing database for reading only (no migrations; writes fail). */
  readonly readonly?: boolean;
  /** Time source for token creation and migration records. */
  readonly clock?: Clock;
  /**
   * How a page with a bbox is found: `auto` (default) weighs the R*Tree against the date index per query; tests force
   * `rtree` or `date` to cover both paths.
   */
  readonly bboxPlan?: BboxPlan;
  /** How long a writer waits for another connection's lock, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /**
   * Keep every stored Feature in memory (`FeatureIndex`) for `/api/events.geojson` pages, up to this many bytes of
   * Feature text (about 870 MB per 1,000,000 events); off when absent or 0. It loads in steps after opening, and SQL
   * answers until it is ready or while it has given up (it tries again after a wait once something is written).
   */
  readonly featureIndexBytes?: number;
}

/** Largest page `queryEvents` returns; larger requests are cut to it. */
export const MAX_EVENT_PAGE = 1000;
/** Default page size of `queryEvents`. */
export const DEFAULT_EVENT_PAGE = 100;
/** Which loop answers a page with a bbox (see `SqliteStore#pagePlan`). */
export type BboxPlan = 'auto' | 'rtree' | 'date';

// Measured on 1,000,000 events: a match read through the R*Tree (lookup, row, sort) costs ~46 times an entry of the
// date index walked in order. With R entries in the date range and M matches, the R*Tree costs ~46·M and the walk
// ~R·1000/M, equal at M = sqrt(1000·R/46) ≈ 4.7·sqrt(R).
const RTREE_CROSSOVER = 4.7;
/** Largest number of hits `searchArticles` returns. */
export const MAX_ARTICLE_HITS = 1000;

function toArticle(r: Row): Article {
  const image = json<Article['image'] | null>(r.image, null);
  const a: Record<string, unknown> = {
    id: str(r.id),
    publishedPrecision: str(r.published_precision),
    headline: str(r.headline),
    byline: json<string[]>(r.byline, []),
    paragraphs: json<string[]>(r.paragraphs, []),
    text: str(r.text),
    language: str(r.language),
    sourceFormat: str(r.source_format),
    contentHash: str(r.content_hash),
    retrievedAt: str(r.retrieved_at),
    issues: json(r.issues, []),
  };
  // Optional fields stay absent rather than null, so a stored article deep-equals the one that was put.
  if (r.url !== null) a.url = r.url;
  if (r.canonical_url !== null) a.canonicalUrl = r.canonical_url;
  if (r.outlet !== null) a.outlet = r.outlet;
  if (r.published !== null) a.published = r.published;
  if (r.section !== null) a.section = r.section;
  if (image) a.image = image;
  return a as unknown as Article;
}

/** The events of an analysis as rows, ACLED-named through `toAcledRecord`. */
function eventParams(e: ChronicleEvent, article: Article): Param[] {
  const r = toAcledRecord(e);
  return [
    r.event_id,
    article.id,
    r.event_date,
    r.date_start,
    r.date_end,
    r.time_precision,
    r.event_type,
    r.sub_event_type,
    r.actor1,
    r.assoc_actor_1,
    r.actor2,
    r.assoc_actor_2,
    r.admin1,
    r.admin2,
    r.admin3,
    r.location,
    r.latitude,
    r.longitude,
    r.geo_precision,
    r.fatalities,
    r.injured,
    r.source,
    r.notes,
    r.evidence.start,
    r.evidence.end,
    r.attribution.claimant,
    r.attribution.channel,
    r.attribution.hedged ? 1 : 0,
    r.confidence,
    e.actor1?.side ?? '',
    e.actor2?.side ?? '',
    e.place ? Math.round(e.place.radiusKm * 1000) / 1000 : 0,
    article.outlet ?? null,
  ];
}

function placeParams(p: PlaceMention, articleId: string, ord: number): Param[] {
  const r5 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1e5) / 1e5);
  return [
    articleId,
    ord,
    p.span.start,
    p.span.end,
    p.text,
    p.kind,
    r5(p.lat),
    r5(p.lon),
    p.radiusKm,
    p.geoPrecision,
    p.entry?.id ?? null,
    p.entry?.admin1 ?? null,
    p.entry?.admin2 ?? null,
    p.entry?.admin3 ?? null,
    p.score,
    JSON.stringify(p),
  ];
}

function claimParams(c: Claim, articleId: string, ord: number): Param[] {
  return [
    articleId,
    ord,
    c.kind,
    c.evidence.start,
    c.evidence.end,
    c.text,
    c.from,
    c.to,
    c.statedKm,
    c.gazetteerKm,
    c.toleranceKm,
    c.verdict,
  ];
}

/** WHERE clauses and parameters for an EventFilter over `events e JOIN articles a`. */
/**
 * How a bbox is applied: `rtree-in` tests membership in the R*Tree's answer (buckets: every match is visited anyway),
 * `columns` tests latitude/longitude only (the caller drives the loop from the R*Tree or from the date index).
 */
type SpatialMode = 'rtree-in' | 'columns';

/** A requested page size cut to 1 … MAX_EVENT_PAGE (DEFAULT_EVENT_PAGE when absent). */
function pageLimit(limit: number | undefined): number {
  return Math.max(1, Math.min(MAX_EVENT_PAGE, Math.floor(limit ?? DEFAULT_EVENT_PAGE)));
}

function checkBbox(bbox: EventFilter['bbox']): void {
  if (!bbox) return;
  const [minLon, minLat, maxLon, maxLat] = bbox;
  if (
    [minLon, minLat, maxLon, maxLat].some((x) => !Number.isFinite(x)) ||
    minLon > maxLon ||
    minLat > maxLat
  ) {
    throw new RangeError(`bbox: expected [minLon, minLat, maxLon, maxLat], got ${JSON.stringify(bbox)}`);
  }
}

const RTREE_BOX =
  'max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ? AND max_day >= ? AND min_day <= ?';

/** The R*Tree's day unit: days since 1970-01-01 divided by this (migration 004 says why). */
const RTREE_DAY_SCALE = 64;

/** An ISO date in the R*Tree's day dimension; open ends become far-away days. */
function dayNumber(iso: string | undefined, open: number): number {
  if (!iso) return open;
  const t = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(t) ? open : Math.floor(t / 86_400_000) / RTREE_DAY_SCALE;
}

/** The R*Tree box parameters of a filter with a bbox, in RTREE_BOX order. */
function rtreeParams(filter: EventFilter): Param[] {
  const [minLon, minLat, maxLon, maxLat] = filter.bbox ?? [0, 0, 0, 0];
  return [minLon, maxLon, minLat, maxLat, dayNumber(filter.since, -1e6), dayNumber(filter.until, 1e6)];
}

/** WHERE clauses and parameters for an EventFilter over `events e JOIN articles a`. */
function eventWhere(
  filter: EventFilter,
  spatial: SpatialMode = 'rtree-in',
): { where: string[]; params: Param[] } {
  const where: string[] = [];
  const params: Param[] = [];
  if (filter.bbox) {
    checkBbox(filter.bbox);
    const [minLon, minLat, maxLon, maxLat] = filter.bbox;
    if (spatial === 'rtree-in') {
      where.push(`e.seq IN (SELECT id FROM events_rtree WHERE ${RTREE_BOX})`);
      params.push(...rtreeParams(filter));
    }
    // R*Tree boxes are float32 rounded outwards: the exact test on the columns always follows.
    where.push(`e.longitude BETWEEN ? AND ?`, `e.latitude BETWEEN ? AND ?`);
    params.push(minLon, maxLon, minLat, maxLat);
  }
  if (filter.since) {
    where.push('e.event_date >= ?');
    params.push(filter.since.slice(0, 10));
  }
  if (filter.until) {
    where.push('e.event_date <= ?');
    params.push(filter.until.slice(0, 10));
  }
  if (filter.eventType && filter.eventType.length > 0) {
    where.push(`e.event_type IN (${filter.eventType.map(() => '?').join(', ')})`);
    params.push(...filter.eventType);
  }
  if (filter.subEventType && filter.subEventType.length > 0) {
    where.push(`e.sub_event_type IN (${filter.subEventType.map(() => '?').join(', ')})`);
    params.push(...filter.subEventType);
  }
  if (filter.actor) {
    const needle = filter.actor.toLowerCase();
    where.push(
      `(instr(lower(e.actor1), ?) > 0 OR instr(lower(e.actor2), ?) > 0 OR instr(lower(e.assoc_actor_1), ?) > 0
        OR instr(lower(e.assoc_actor_2), ?) > 0)`,
    );
    params.push(needle, needle, needle, needle);
  }
  if (filter.side) {
    where.push('(e.side1 = ? OR e.side2 = ?)');
    params.push(filter.side, filter.side);
  }
  if (filter.outlet) {
    where.push('lower(e.outlet) = lower(?)');
    params.push(filter.outlet);
  }
  if (filter.q !== undefined) {
    const match = ftsQuery(filter.q);
    if (match === null) {
      where.push('0');
    } else {
      where.push(`(e.seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)
        OR a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))`);
      params.push(match, match);
    }
  }
  if (filter.minConfidence !== undefined) {
    where.push('e.confidence >= ?');
    params.push(filter.minConfidence);
  }
  if (filter.articleId) {
    where.push('e.article_id = ?');
    params.push(filter.articleId);
  }
  if (filter.eventId) {
    where.push('e.event_id = ?');
    params.push(filter.eventId);
  }
  return { where, params };
}

function bucketExpression(bucket: 'day' | 'week' | 'month', day = 'e.event_date'): string {
  switch (bucket) {
    case 'day':
      return day;
    case 'week':
      // Weeks start on Monday (ISO 8601): step back (weekday + 6) % 7 days; %w is 0 on Sunday.
      return `date(${day}, '-' || ((CAST(strftime('%w', ${day}) AS INTEGER) + 6) % 7) || ' days')`;
    case 'month':
      return `substr(${day}, 1, 7) || '-01'`;
  }
}

/** True when a filter says no more than a date range and event types: `event_days` alone can count it. */
function onlyDaysAndTypes(f: EventFilter): boolean {
  return (
    f.bbox === undefined &&
    (f.subEventType?.length ?? 0) === 0 &&
    f.actor === undefined &&
    f.side === undefined &&
    f.outlet === undefined &&
    f.q === undefined &&
    f.minConfidence === undefined &&
    f.articleId === undefined &&
    f.eventId === undefined
  );
}

/**
 * The SQLite store: one file, WAL, numbered migrations, FTS5 and R*Tree. Methods are async to fit the Store port;
 * the work is synchronous (better-sqlite3) and each `putAnalyses` batch is one transaction.
 *
 * @example
 * const store = openSqliteStore('litopys.db');
 * await store.putAnalyses([analysis]); // → [{ articleId: 'a_…', outcome: 'new', events: 3 }]
 */
export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #clock: Clock;
  readonly #path: string;

  readonly #bboxPlan: BboxPlan;
  readonly #index: FeatureIndex | null;

  constructor(
    db: Database.Database,
    path: string,
    clock: Clock,
    bboxPlan: BboxPlan = 'auto',
    featureIndexBytes = 0,
  ) {
    this.#db = db;
    this.#bboxPlan = bboxPlan;
    this.#path = path;
    this.#clock = clock;
    this.#index = featureIndexBytes > 0 ? new FeatureIndex(db, featureIndexBytes, clock) : null;
    void this.#index?.load();
  }

  readonly #statements = new Map<string, Database.Statement>();

  // better-sqlite3 statements are reusable; preparing each SQL text once keeps batch ingest cheap.
  #sql(sql: string): Database.Statement {
    let st = this.#statements.get(sql);
    if (!st) {
      st = this.#db.prepare(sql);
      this.#statements.set(sql, st);
    }
    return st;
  }

  /** The database file this store reads and writes. */
  get path(): string {
    return this.#path;
  }

  putAnalyses(items: readonly Analysis[]): Promise<PutResult[]> {
    return attempt(() =>
      this.#db.transaction((batch: readonly Analysis[]) => {
        const results = batch.map((a) => this.#put(a));
        if (results.some((r) => r.outcome !== 'duplicate')) this.#bumpGeneration();
        return results;
      })(items),
    );
  }

  // Every write that can change a read moves the generation on, in the writing transaction (changeToken), and trims
  // the Feature log (migration 008) to its newest rows.
  #bumpGeneration(): void {
    this.#sql('UPDATE store_meta SET generation = generation + 1 WHERE id = 1').run();
    this.#sql('DELETE FROM feature_log WHERE id <= (SELECT max(id) FROM feature_log) - ?').run(
      FEATURE_LOG_KEEP,
    );
  }

  featureIndex(): FeatureIndexStatus | null {
    return this.#index?.status() ?? null;
  }

  #put(analysis: Analysis): PutResult {
    const article = analysis.article;
    const known = this.#findKnown(article);
    if (known !== undefined) {
      return known === article.id
        ? { articleId: known, outcome: 'duplicate', events: 0 }
        : { articleId: known, outcome: 'duplicate', duplicateOf: known, events: 0 };
    }
    const fp = fingerprint(`${article.headline}\n${article.text}`);
    const near = fp ? this.#findNear(fp) : undefined;
    const urls = [...new Set([article.url, article.canonicalUrl].filter((u): u is string => !!u))];
    if (near !== undefined) {
      const link = this.#sql(
        'INSERT OR IGNORE INTO article_urls (url, article_id, near_duplicate) VALUES (?, ?, 1)',
      );
      for (const u of urls) link.run(u, near);
      this.#sql(
        'INSERT OR IGNORE INTO article_hashes (content_hash, article_id, alias_id, near_duplicate) VALUES (?, ?, ?, 1)',
      ).run(article.contentHash, near, article.id);
      return { articleId: article.id, outcome: 'near-duplicate', duplicateOf: near, events: 0 };
    }
    this.#sql(
      `INSERT INTO articles (id, url, canonical_url, outlet, published, published_day, published_precision, section,
        headline, byline, image, paragraphs, text, language, source_format, content_hash, retrieved_at, issues,
        analysis_status, analysis_issues)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      article.id,
      article.url ?? null,
      article.canonicalUrl ?? null,
      article.outlet ?? null,
      article.published ?? null,
      article.published?.slice(0, 10) ?? null,
      article.publishedPrecision,
      article.section ?? null,
      article.headline,
      JSON.stringify(article.byline),
      article.image ? JSON.stringify(article.image) : null,
      JSON.stringify(article.paragraphs),
      article.text,
      article.language,
      article.sourceFormat,
      article.contentHash,
      article.retrievedAt,
      JSON.stringify(article.issues),
      analysis.status,
      JSON.stringify(analysis.issues),
    );
    const own = this.#sql(
      'INSERT OR IGNORE INTO article_urls (url, article_id, near_duplicate) VALUES (?, ?, 0)',
    );
    for (const u of urls) own.run(u, article.id);
    this.#sql(
      'INSERT OR IGNORE INTO article_hashes (content_hash, article_id, alias_id, near_duplicate) VALUES (?, ?, ?, 0)',
    ).run(article.contentHash, article.id, article.id);
    if (fp) {
      // One statement for all bands: each run() is a native call, and 16 of them per article showed in profiles.
      this.#sql(
        `INSERT OR IGNORE INTO article_lsh (band, value, article_id) VALUES ${fp.bands.map(() => '(?, ?, ?)').join(', ')}`,
      ).run(...fp.bands.flatMap((v, band) => [band, v, article.id]));
    }
    const place = this.#sql(
      `INSERT INTO places (article_id, ord, span_start, span_end, text, kind, lat, lon, radius_km, geo_precision,
        pcode, admin1, admin2, admin3, score, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    analysis.places.forEach((p, i) => place.run(...placeParams(p, article.id, i)));
    this.#putMentions(analysis);
    const event = this.#sql(
      `INSERT OR IGNORE INTO events (event_id, article_id, event_date, date_start, date_end, time_precision,
        event_type, sub_event_type, actor1, assoc_actor_1, actor2, assoc_actor_2, admin1, admin2, admin3, location,
        latitude, longitude, geo_precision, fatalities, injured, source, notes, evidence_start, evidence_end,
        claimant, channel, hedged, confidence, side1, side2, radius_km, outlet)
       VALUES (${Array.from({ length: 33 }, () => '?').join(', ')})`,
    );
    let events = 0;
    for (const e of analysis.events) events += event.run(...eventParams(e, article)).changes;
    if (events > 0) fillEventFeatures(this.#db, { articleId: article.id, prepare: (sql) => this.#sql(sql) });
    const claim = this.#sql(
      `INSERT INTO claims (article_id, ord, kind, evidence_start, evidence_end, text, from_place, to_place, stated_km,
        gazetteer_km, tolerance_km, verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    analysis.claims.forEach((c, i) => claim.run(...claimParams(c, article.id, i)));
    return { articleId: article.id, outcome: 'new', events };
  }

  // Time and actor mentions (migration 007), with the same column values as the PostgreSQL store.
  #putMentions(analysis: Analysis): void {
    const id = analysis.article.id;
    const time = this.#sql(
      `INSERT INTO time_mentions (article_id, ord, span_start, span_end, text, date_start, date_end, time_precision,
        data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    timeMentions(analysis).forEach((t, i) => {
      const c = timeMentionColumns(t);
      time.run(id, i, c.span_start, c.span_end, c.text, c.date_start, c.date_end, c.time_precision, c.data);
    });
    const actor = this.#sql(
      `INSERT INTO actor_mentions (article_id, ord, span_start, span_end, text, name, side, acled_name, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    analysis.actors.forEach((a, i) => {
      const c = actorMentionColumns(a);
      actor.run(id, i, c.span_start, c.span_end, c.text, c.name, c.side, c.acled_name, c.data);
    });
  }

  /** The id of the stored article this one repeats: same id, same URL, or same content hash. */
  #findKnown(article: Article): string | undefined {
    const byId = this.#sql('SELECT id FROM articles WHERE id = ?').pluck().get(article.id) as
      string | undefined;
    if (byId !== undefined) return byId;
    const byUrl = this.#sql('SELECT article_id FROM article_urls WHERE url = ?').pluck();
    for (const u of [article.canonicalUrl, article.url]) {
      if (!u) continue;
      const hit = byUrl.get(u) as string | undefined;
      if (hit !== undefined) return hit;
    }
    return this.#sql('SELECT article_id FROM article_hashes WHERE content_hash = ?')
      .pluck()
      .get(article.contentHash) as string | undefined;
  }

  /** The stored article this text near-duplicates, if any (the earliest stored wins). */
  #findNear(fp: Fingerprint): string | undefined {
    const rows = this.#sql(
      `SELECT a.id, a.headline, a.text FROM articles a
       WHERE a.id IN (SELECT article_id FROM article_lsh WHERE (band, value) IN (VALUES ${fp.bands.map(() => '(?, ?)').join(', ')})
         GROUP BY article_id HAVING count(*) >= ?)
       ORDER BY a.seq`,
    ).all(...fp.bands.flatMap((v, band) => [band, v]), LSH_MIN_SHARED_BANDS) as {
      id: string;
      headline: string;
      text: string;
    }[];
    for (const r of rows) {
      if (jaccard(fp.shingles, shingles(`${r.headline}\n${r.text}`)) >= NEAR_DUPLICATE_JACCARD) return r.id;
    }
    return undefined;
  }

  getArticle(id: string): Promise<StoredArticle | undefined> {
    return attempt(() => {
      let row = this.#sql('SELECT * FROM articles WHERE id = ?').get(id) as Row | undefined;
      if (!row) {
        // A near-duplicate's own id leads to the article it was linked to.
        row = this.#sql(
          'SELECT a.* FROM article_hashes h JOIN articles a ON a.id = h.article_id WHERE h.alias_id = ?',
        ).get(id) as Row | undefined;
      }
      if (!row) return undefined;
      const article = toArticle(row);
      const otherUrls = (
        this.#sql('SELECT url FROM article_urls WHERE article_id = ? AND near_duplicate = 1 ORDER BY url')
          .pluck()
          .all(article.id) as string[]
      ).filter((u) => u !== article.url && u !== article.canonicalUrl);
      const places = (
        this.#sql('SELECT data FROM places WHERE article_id = ? ORDER BY ord')
          .pluck()
          .all(article.id) as string[]
      ).map((d) => JSON.parse(d) as PlaceMention);
      const mentions = <T>(table: string): T[] =>
        (
          this.#sql(`SELECT data FROM ${table} WHERE article_id = ? ORDER BY ord`)
            .pluck()
            .all(article.id) as string[]
        ).map((d) => JSON.parse(d) as T);
      const times = mentions<TimeRef>('time_mentions');
      const actors = mentions<ActorMention>('actor_mentions');
      const events = (
        this.#sql(
          `SELECT ${EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id
             WHERE e.article_id = ? ORDER BY e.evidence_start, e.event_id`,
        ).all(article.id) as Row[]
      ).map(toStoredEvent);
      const claims = (
        this.#sql('SELECT * FROM claims WHERE article_id = ? ORDER BY ord').all(article.id) as Row[]
      ).map((c): Claim => ({
        kind: 'distance',
        articleId: article.id,
        evidence: { start: num(c.evidence_start), end: num(c.evidence_end) },
        text: str(c.text),
        from: str(c.from_place),
        to: str(c.to_place),
        statedKm: num(c.stated_km),
        gazetteerKm: numOrNull(c.gazetteer_km),
        toleranceKm: num(c.tolerance_km),
        verdict: str(c.verdict) as Claim['verdict'],
      }));
      return { article, otherUrls, places, times, actors, events, claims };
    });
  }

  deleteArticle(id: string): Promise<boolean> {
    return attempt(() =>
      this.#db.transaction(() => {
        const deleted = this.#sql('DELETE FROM articles WHERE id = ?').run(id).changes > 0;
        if (deleted) this.#bumpGeneration();
        return deleted;
      })(),
    );
  }

  changeToken(): Promise<string> {
    return attempt(() => {
      const r = this.#sql('SELECT store_id, generation FROM store_meta WHERE id = 1').get() as
        Row | undefined;
      return `${str(r?.store_id)}.${num(r?.generation)}`;
    });
  }

  searchArticles(query: ArticleQuery): Promise<ArticleHit[]> {
    return attempt(() => {
      const limit = Math.max(1, Math.min(MAX_ARTICLE_HITS, Math.floor(query.limit ?? 20)));
      const where: string[] = [];
      const params: Param[] = [];
      if (query.since) {
        where.push('a.published_day >= ?');
        params.push(query.since.slice(0, 10));
      }
      if (query.until) {
        where.push('a.published_day <= ?');
        params.push(query.until.slice(0, 10));
      }
      if (query.outlet) {
        where.push('lower(a.outlet) = lower(?)');
        params.push(query.outlet);
      }
      const q = query.q?.trim() ? ftsQuery(query.q) : undefined;
      if (q === null) return [];
      let rows: Row[];
      if (q !== undefined) {
        // bm25 is lower-is-better; the hit's rank is its negation so that higher means more relevant.
        rows = this.#sql(
          `SELECT a.id, a.headline, a.outlet, a.published, coalesce(a.canonical_url, a.url) AS url,
               snippet(articles_fts, 1, '', '', '…', 16) AS snippet, -bm25(articles_fts, 5.0, 1.0) AS rank
             FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
             WHERE articles_fts MATCH ? ${where.map((w) => `AND ${w}`).join(' ')}
             ORDER BY bm25(articles_fts, 5.0, 1.0), a.id LIMIT ?`,
        ).all(q, ...params, limit) as Row[];
      } else {
        rows = this.#sql(
          `SELECT a.id, a.headline, a.outlet, a.published, coalesce(a.canonical_url, a.url) AS url,
               substr(a.text, 1, 200) AS snippet, 0 AS rank
             FROM articles a ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
             ORDER BY a.published_day DESC, a.id LIMIT ?`,
        ).all(...params, limit) as Row[];
      }
      return rows.map((r) => ({
        id: str(r.id),
        headline: str(r.headline),
        outlet: strOrNull(r.outlet),
        published: strOrNull(r.published),
        url: strOrNull(r.url),
        snippet: str(r.snippet),
        rank: Math.round(num(r.rank) * 1e6) / 1e6,
      }));
    });
  }

  queryEvents(filter: EventFilter, page: { limit?: number; after?: string | null } = {}): Promise<EventPage> {
    return attempt(() => {
      const q = this.#pageQuery(filter, page, EVENT_COLUMNS, true);
      const rows = this.#sql(q.sql).all(...q.params) as Row[];
      const events = rows.slice(0, q.limit).map(toStoredEvent);
      const last = events.at(-1);
      const next =
        rows.length > q.limit && last ? encodeCursor({ date: last.event_date, id: last.event_id }) : null;
      return { events, next };
    });
  }

  /**
   * The `queryEvents` page as the pre-serialised Features of `event_features`: one query finds the page's keys (no
   * event row or article is read when the filter is bbox and dates, which the date index covers), a second has
   * SQLite concatenate the stored texts in page order into one blob, so no per-event JS value is made.
   */
  queryEventFeatures(filter: EventFilter, page: FeaturePageOptions = {}): Promise<EventFeaturePage> {
    return attempt(() => {
      if (this.#index !== null && FeatureIndex.covers(filter) && this.#index.sync()) {
        checkBbox(filter.bbox);
        return this.#index.page(filter, pageLimit(page.limit), page.after ?? null, page.frame);
      }
      const q = this.#pageQuery(filter, page, 'e.seq, e.event_date, e.event_id', filter.q !== undefined);
      const keys = this.#sql(q.sql)
        .raw()
        .all(...q.params) as [number, string, string][];
      const pageKeys = keys.slice(0, q.limit);
      const last = pageKeys.at(-1);
      const next = keys.length > q.limit && last ? encodeCursor({ date: last[1], id: last[2] }) : null;
      if (pageKeys.length === 0)
        return { features: framedFeatures(new Uint8Array(0), 0, page.frame, next), count: 0, next };
      // CROSS JOIN keeps json_each (the page's seqs, in order) as the outer loop, so the texts are concatenated in
      // page order; an ORDER BY inside group_concat would sort a megabyte of text again (1 ms of 3 on a full page).
      const r = this.#sql(
        `SELECT CAST(group_concat(f.feature, ',') AS BLOB) AS features, count(*) AS n
           FROM json_each(?) j CROSS JOIN event_features f ON f.seq = j.value`,
      ).get(JSON.stringify(pageKeys.map((k) => k[0]))) as { features: Buffer | null; n: number };
      if (r.n === pageKeys.length && r.features) {
        return { features: framedFeatures(r.features, r.n, page.frame, next), count: r.n, next };
      }
      // An event without its Feature (written by something other than this store): serialise the page here.
      const rows = this.#sql(
        `SELECT ${EVENT_COLUMNS} FROM json_each(?) j CROSS JOIN events e ON e.seq = j.value
           JOIN articles a ON a.id = e.article_id ORDER BY j.key`,
      ).all(JSON.stringify(pageKeys.map((k) => k[0]))) as Row[];
      const text = rows.map((row) => storedEventFeatureJson(toStoredEvent(row))).join(',');
      return {
        features: framedFeatures(Buffer.from(text, 'utf8'), rows.length, page.frame, next),
        count: rows.length,
        next,
      };
    });
  }

  /**
   * Day and type filters are summed from `event_days`, exactly, whatever their size; a bbox is counted from the
   * R*Tree (its box includes the days) with the exact coordinate test on each hit; anything else through the planner.
   * Those two stop after `max + 1` matches.
   */
  countEvents(filter: EventFilter, max: number): Promise<number | null> {
    return attempt(() => {
      if (!Number.isInteger(max) || max < 0) throw new RangeError(`max: expected a count, got ${max}`);
      if (onlyDaysAndTypes(filter)) return this.#dayBuckets(filter, 'day').reduce((n, b) => n + b.count, 0);
      const byRtree = filter.bbox !== undefined && !filter.articleId && !filter.eventId;
      const { where, params } = eventWhere(filter, byRtree ? 'columns' : 'rtree-in');
      const from = byRtree
        ? `(SELECT id FROM events_rtree WHERE ${RTREE_BOX}) r CROSS JOIN events e ON e.seq = r.id`
        : 'events e';
      const join = filter.q !== undefined ? 'JOIN articles a ON a.id = e.article_id' : '';
      const n = num(
        this.#sql(
          `SELECT count(*) FROM (SELECT 1 FROM ${from} ${join}
             ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} LIMIT ?)`,
        )
          .pluck()
          .get(...(byRtree ? rtreeParams(filter) : []), ...params, max + 1),
      );
      return n > max ? null : n;
    });
  }

  /** The SQL of one page of events (limit + 1 rows, to know whether a next page exists) with `columns`. */
  #pageQuery(
    filter: EventFilter,
    page: { limit?: number; after?: string | null },
    columns: string,
    withArticles: boolean,
  ): { sql: string; params: Param[]; limit: number } {
    const limit = pageLimit(page.limit);
    const plan = this.#pagePlan(filter);
    const { where, params } = eventWhere(filter, 'columns');
    if (page.after) {
      const key = decodeCursor(page.after);
      where.push('(e.event_date, e.event_id) > (?, ?)');
      params.push(key.date, key.id);
    }
    const from =
      plan === 'rtree'
        ? `(SELECT id FROM events_rtree WHERE ${RTREE_BOX}) r CROSS JOIN events e ON e.seq = r.id`
        : plan === 'date'
          ? 'events e INDEXED BY events_date_cover'
          : 'events e';
    const fromParams: Param[] = plan === 'rtree' ? rtreeParams(filter) : [];
    // Only the article columns and the `q` filter read `articles`; a key-only page skips the join.
    const join = withArticles ? 'JOIN articles a ON a.id = e.article_id' : '';
    return {
      sql: `SELECT ${columns} FROM ${from} ${join}
           ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
           ORDER BY e.event_date, e.event_id LIMIT ?`,
      params: [...fromParams, ...params, limit + 1],
      limit,
    };
  }

  /**
   * Which loop answers a page with a bbox. Few matches (bbox and date range together, counted in the R*Tree up to a
   * cap): read them from the R*Tree and sort, cost ∝ matches. Many: walk the (date, id) index in page order testing
   * the coordinates it carries, and stop at the page's end, cost ∝ page × entries in range / matches. The cap is
   * where the two costs meet (RTREE_CROSSOVER). An article or event id is more selective than either: the planner
   * gets the plain query.
   */
  #pagePlan(filter: EventFilter): 'rtree' | 'date' | 'planner' {
    if (!filter.bbox || filter.articleId || filter.eventId) return 'planner';
    checkBbox(filter.bbox);
    if (this.#bboxPlan !== 'auto') return this.#bboxPlan;
    const inRange = num(
      this.#sql('SELECT total(n) FROM event_days WHERE day >= ? AND day <= ?')
        .pluck()
        .get(filter.since?.slice(0, 10) ?? '0000', filter.until?.slice(0, 10) ?? '9999'),
    );
    const cap = Math.max(100, Math.ceil(RTREE_CROSSOVER * Math.sqrt(inRange)));
    const hits = num(
      this.#sql(`SELECT count(*) FROM (SELECT 1 FROM events_rtree WHERE ${RTREE_BOX} LIMIT ?)`)
        .pluck()
        .get(...rtreeParams(filter), cap),
    );
    return hits < cap ? 'rtree' : 'date';
  }

  eventBuckets(filter: EventFilter, bucket: 'day' | 'week' | 'month'): Promise<EventBucket[]> {
    return attempt(() => {
      if (!['day', 'week', 'month'].includes(bucket))
        throw new RangeError(`bucket: expected day|week|month, got ${bucket}`);
      if (onlyDaysAndTypes(filter)) return this.#dayBuckets(filter, bucket);
      const { where, params } = eventWhere(filter);
      const expr = bucketExpression(bucket);
      const rows = this.#sql(
        `SELECT ${expr} AS bucket, e.event_type AS eventType, count(*) AS count
           FROM events e JOIN articles a ON a.id = e.article_id
           ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
           GROUP BY 1, 2 ORDER BY 1, 2`,
      ).all(...params) as Row[];
      return rows.map((r) => ({
        bucket: str(r.bucket),
        eventType: str(r.eventType) as EventBucket['eventType'],
        count: num(r.count),
      }));
    });
  }

  // The counts kept per day and type (migration 006): the whole store's timeline without reading an event.
  #dayBuckets(filter: EventFilter, bucket: 'day' | 'week' | 'month'): EventBucket[] {
    const where: string[] = ['n > 0'];
    const params: Param[] = [];
    if (filter.since) {
      where.push('day >= ?');
      params.push(filter.since.slice(0, 10));
    }
    if (filter.until) {
      where.push('day <= ?');
      params.push(filter.until.slice(0, 10));
    }
    if (filter.eventType && filter.eventType.length > 0) {
      where.push(`event_type IN (${filter.eventType.map(() => '?').join(', ')})`);
      params.push(...filter.eventType);
    }
    const rows = this.#sql(
      `SELECT ${bucketExpression(bucket, 'day')} AS bucket, event_type AS eventType, sum(n) AS count
         FROM event_days WHERE ${where.join(' AND ')} GROUP BY 1, 2 ORDER BY 1, 2`,
    ).all(...params) as Row[];
    return rows.map((r) => ({
      bucket: str(r.bucket),
      eventType: str(r.eventType) as EventBucket['eventType'],
      count: num(r.count),
    }));
  }

  stats(): Promise<StoreStats> {
    return attempt(() => {
      const count = (sql: string): number => num(this.#sql(sql).pluck().get());
      const span = this.#sql(
        'SELECT min(published_day) AS first, max(published_day) AS last FROM articles',
      ).get() as Row;
      return {
        backend: 'sqlite',
        articles: count('SELECT count(*) FROM articles'),
        events: count('SELECT count(*) FROM events'),
        places: count('SELECT count(*) FROM places'),
        nearDuplicates: count('SELECT count(*) FROM article_hashes WHERE near_duplicate = 1'),
        outlets: count('SELECT count(DISTINCT outlet) FROM articles'),
        firstPublished: strOrNull(span.first),
        lastPublished: strOrNull(span.last),
        features: { fts: 'fts5', spatial: 'rtree' },
      };
    });
  }

  createToken(name: string, secretHash: string): Promise<void> {
    return attempt(() => {
      if (!name) throw new RangeError('name: a token needs a name');
      const exists = this.#sql('SELECT 1 FROM tokens WHERE name = ?').get(name);
      if (exists) throw new Error(`token '${name}' already exists`);
      this.#sql('INSERT INTO tokens (name, hash, created_at, revoked_at) VALUES (?, ?, ?, NULL)').run(
        name,
        secretHash,
        this.#clock.now().toISOString(),
      );
    });
  }

  findToken(secretHash: string): Promise<string | undefined> {
    return attempt(
      () =>
        this.#sql('SELECT name FROM tokens WHERE hash = ? AND revoked_at IS NULL').pluck().get(secretHash) as
          string | undefined,
    );
  }

  revokeToken(name: string): Promise<boolean> {
    return attempt(
      () =>
        this.#sql('UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL').run(
          this.#clock.now().toISOString(),
          name,
        ).changes > 0,
    );
  }

  listTokens(): Promise<{ name: string; createdAt: string; revokedAt: string | null }[]> {
    return attempt(() =>
      (this.#sql('SELECT name, created_at, revoked_at FROM tokens ORDER BY name').all() as Row[]).map(
        (r) => ({
          name: str(r.name),
          createdAt: str(r.created_at),
          revokedAt: strOrNull(r.revoked_at),
        }),
      ),
    );
  }

  close(): Promise<void> {
    return attempt(() => {
      this.#index?.close();
      if (this.#db.open) this.#db.close();
    });
  }
}

/** Runs synchronous work and hands back its result or its error as a promise, so callers see one error channel. */
function attempt<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

function migrate(db: Database.Database, clock: Clock): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const current = num(db.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck().get());
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.fill?.(db);
      // A new schema may change what reads return (e.g. the stored Features): old change tokens must not match.
      if (m.version >= 5) db.exec('UPDATE store_meta SET generation = generation + 1 WHERE id = 1');
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        clock.now().toISOString(),
      );
    })();
  }
}

/**
 * Opens (creating when needed) a SQLite store at `path` and brings its schema up to date. `:memory:` works for
 * throwaway stores. A read-only store must exist and be migrated already.
 *
 * @example const store = openSqliteStore('./litopys.db'); const s = await store.stats(); // s.features.fts === 'fts5'
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  if (typeof path !== 'string' || path === '') throw new TypeError('path: expected a database file path');
  const clock = options.clock ?? systemClock;
  const memory = path === ':memory:';
  const file = memory ? path : resolve(path);
  if (!memory && !options.readonly) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('foreign_keys = ON');
    // The default 2 MB page cache thrashes on a million events; 64 MB of cache plus memory-mapped reads keep the
    // R*Tree and the date index in memory for the API's bbox pages. The map covers the whole file (SQLite caps it
    // at its compile-time limit, 2 GiB by default): a GeoJSON page reads 1,000 Features scattered over a gigabyte,
    // and read through the page cache instead they cost 5 ms of copying per page against 2 ms (1,000,000 events).
    db.pragma('cache_size = -65536');
    if (!memory) db.pragma(`mmap_size = ${2 ** 40}`);
    if (options.readonly) {
      const migrated = db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
        .get();
      const latest = MIGRATIONS.at(-1)?.version ?? 0;
      const version = migrated
        ? num(db.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck().get())
        : 0;
      if (version < latest) {
        throw new Error(
          `${file}: schema version ${version}, expected ${latest}; open it read-write once to migrate`,
        );
      }
    } else {
      if (!memory) db.pragma('journal_mode = WAL');
      // WAL makes NORMAL durable across application crashes; only an OS crash can lose the last transactions.
      db.pragma('synchronous = NORMAL');
      migrate(db, clock);
    }
  } catch (err) {
    db.close();
    throw err;
  }
  return new SqliteStore(db, file, clock, options.bboxPlan, memory ? 0 : (options.featureIndexBytes ?? 0));
}
