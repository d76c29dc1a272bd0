import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import type { Analysis, Article, ChronicleEvent, EventType } from '../../domain/index.js';
import { toAcledRecord } from '../../domain/index.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { framedFeatures, storedEventFeatureJson } from '../event-feature.js';
import type { Row } from '../event-row.js';
import { str, strOrNull, toStoredEvent } from '../event-row.js';
import type { Fingerprint } from '../near-duplicate.js';
import { fingerprint, isNearDuplicate } from '../near-duplicate.js';
import type {
  ArticleHit,
  ArticleQuery,
  EventBucket,
  EventFeaturePage,
  FeaturePageOptions,
  EventFilter,
  EventPage,
  PutResult,
  Store,
  StoreStats,
  StoredArticle,
} from '../store.js';
import { actorMentionColumns, timeMentionColumns, timeMentions } from '../mention-rows.js';
import { EVENT_COLUMNS, insertEventFeatures } from './event-features.js';
import { migrate } from './migrations.js';
import { lexemes, queryTerms, snippet, tsQuery } from './text-search.js';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** Pool size per process; a worker needs one or two connections. Default 4. */
  readonly maxConnections?: number;
}

/** Largest page `queryEvents` returns (as SQLite's). */
export const MAX_EVENT_PAGE = 1000;
const DEFAULT_EVENT_PAGE = 100;
const MAX_ARTICLE_HITS = 1000;
const MAX_TX_ATTEMPTS = 5;

/** A 64-bit advisory lock key for a string (sha256 prefix, signed, as PostgreSQL's bigint wants it). */
function lockKey(s: string): bigint {
  return createHash('sha256').update(s).digest().readBigInt64BE(0);
}

function isRetryable(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  // deadlock_detected and serialization_failure: the transaction did nothing; running it again is safe.
  return code === '40P01' || code === '40001';
}

/** Builds WHERE clauses over `events e JOIN articles a`, appending parameters to `params`. */
function eventWhere(filter: EventFilter, params: unknown[]): string[] {
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (filter.bbox) {
    const [minLon, minLat, maxLon, maxLat] = filter.bbox;
    if (
      [minLon, minLat, maxLon, maxLat].some((x) => !Number.isFinite(x)) ||
      minLon > maxLon ||
      minLat > maxLat
    ) {
      throw new RangeError(
        `bbox: expected [minLon, minLat, maxLon, maxLat], got ${JSON.stringify(filter.bbox)}`,
      );
    }
    where.push(
      `e.latitude BETWEEN ${p(minLat)} AND ${p(maxLat)} AND e.longitude BETWEEN ${p(minLon)} AND ${p(maxLon)}`,
    );
  }
  if (filter.since) where.push(`e.event_date >= ${p(filter.since.slice(0, 10))}`);
  if (filter.until) where.push(`e.event_date <= ${p(filter.until.slice(0, 10))}`);
  if (filter.eventType && filter.eventType.length > 0)
    where.push(`e.event_type = ANY(${p(filter.eventType)})`);
  if (filter.subEventType && filter.subEventType.length > 0) {
    where.push(`e.sub_event_type = ANY(${p(filter.subEventType)})`);
  }
  if (filter.actor) {
    const a = p(filter.actor.toLowerCase());
    where.push(
      `(strpos(lower(e.actor1), ${a}) > 0 OR strpos(lower(e.actor2), ${a}) > 0 OR ` +
        `strpos(lower(e.assoc_actor_1), ${a}) > 0 OR strpos(lower(e.assoc_actor_2), ${a}) > 0)`,
    );
  }
  if (filter.side) {
    const s = p(filter.side);
    where.push(`(e.side1 = ${s} OR e.side2 = ${s})`);
  }
  if (filter.outlet) where.push(`lower(e.outlet) = lower(${p(filter.outlet)})`);
  if (filter.q !== undefined) {
    const tq = tsQuery(filter.q);
    if (tq === null) where.push('false');
    else {
      const q = p(tq);
      where.push(`(e.tsv @@ ${q}::tsquery OR a.tsv @@ ${q}::tsquery)`);
    }
  }
  if (filter.minConfidence !== undefined) where.push(`e.confidence >= ${p(filter.minConfidence)}`);
  if (filter.articleId) where.push(`e.article_id = ${p(filter.articleId)}`);
  if (filter.eventId) where.push(`e.event_id = ${p(filter.eventId)}`);
  return where;
}

/** An event as the JSON record `jsonb_to_recordset` turns into a row (same values as the SQLite store writes). */
function eventRecord(e: ChronicleEvent, article: Article): Row {
  const r = toAcledRecord(e);
  return {
    event_id: r.event_id,
    article_id: article.id,
    event_date: r.event_date,
    date_start: r.date_start,
    date_end: r.date_end,
    time_precision: r.time_precision,
    event_type: r.event_type,
    sub_event_type: r.sub_event_type,
    actor1: r.actor1,
    assoc_actor_1: r.assoc_actor_1,
    actor2: r.actor2,
    assoc_actor_2: r.assoc_actor_2,
    admin1: r.admin1,
    admin2: r.admin2,
    admin3: r.admin3,
    location: r.location,
    latitude: r.latitude,
    longitude: r.longitude,
    geo_precision: r.geo_precision,
    fatalities: r.fatalities,
    injured: r.injured,
    source: r.source,
    notes: r.notes,
    evidence_start: r.evidence.start,
    evidence_end: r.evidence.end,
    claimant: r.attribution.claimant,
    channel: r.attribution.channel,
    hedged: r.attribution.hedged,
    confidence: r.confidence,
    side1: e.actor1?.side ?? '',
    side2: e.actor2?.side ?? '',
    radius_km: e.place ? Math.round(e.place.radiusKm * 1000) / 1000 : 0,
    outlet: article.outlet ?? null,
    lexemes: lexemes(r.notes),
  };
}

const EVENT_FIELDS = `event_id text, article_id text, event_date text, date_start text, date_end text,
  time_precision smallint, event_type text, sub_event_type text, actor1 text, assoc_actor_1 text, actor2 text,
  assoc_actor_2 text, admin1 text, admin2 text, admin3 text, location text, latitude double precision,
  longitude double precision, geo_precision smallint, fatalities integer, injured integer, source text, notes text,
  evidence_start integer, evidence_end integer, claimant text, channel text, hedged boolean,
  confidence double precision, side1 text, side2 text, radius_km double precision, outlet text, lexemes text[]`;

const EVENT_INSERT_COLUMNS = `event_id, article_id, event_date, date_start, date_end, time_precision, event_type,
  sub_event_type, actor1, assoc_actor_1, actor2, assoc_actor_2, admin1, admin2, admin3, location, latitude, longitude,
  geo_precision, fatalities, injured, source, notes, evidence_start, evidence_end, claimant, channel, hedged,
  confidence, side1, side2, radius_km, outlet`;

/** The SQL of one page of events (limit + 1 rows, to know whether a next page exists) with `columns`. */
function pageQuery(
  filter: EventFilter,
  page: { limit?: number; after?: string | null },
  columns: string,
  joins: string,
): { sql: string; params: unknown[]; limit: number } {
  const limit = Math.max(1, Math.min(MAX_EVENT_PAGE, Math.floor(page.limit ?? DEFAULT_EVENT_PAGE)));
  const params: unknown[] = [];
  const where = eventWhere(filter, params);
  if (page.after) {
    const key = decodeCursor(page.after);
    params.push(key.date, key.id);
    where.push(`(e.event_date, e.event_id) > ($${params.length - 1}, $${params.length})`);
  }
  return {
    sql: `SELECT ${columns} FROM events e ${joins}
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY e.event_date, e.event_id LIMIT ${limit + 1}`,
    params,
    limit,
  };
}

/** Moves the change token on, inside the writing transaction (`changeToken`). */
async function bumpGeneration(c: PoolClient): Promise<void> {
  await c.query('UPDATE store_meta SET generation = generation + 1 WHERE id = 1');
}

/** The urls an article is known under, as the SQLite store keeps them. */
function urlsOf(article: Article): string[] {
  return [...new Set([article.url, article.canonicalUrl].filter((u): u is string => !!u))];
}

export class PostgresStore implements Store {
  readonly backend = 'postgres' as const;
  private postgisAvailable = false;

  private constructor(private readonly pool: Pool) {}

  /** Connects, migrates (once across concurrent processes) and returns the store. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new RangeError(`openPostgresStore: not a postgres:// URL: ${url}`);
    const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 4 });
    // An idle client whose server connection dies (PostgreSQL restarted, backend terminated) emits 'error' on the
    // pool; without a listener that kills the process. The pool drops the client and the next query reconnects.
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool);
    const client = await pool.connect();
    const onError = (): void => undefined;
    client.on('error', onError);
    try {
      await migrate(client);
      const { rows } = await client.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'`);
      store.postgisAvailable = rows.length > 0;
    } finally {
      client.off('error', onError);
      client.release();
    }
    return store;
  }

  private async transaction<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const client = await this.pool.connect();
      let broken = false;
      // A checked-out client has no pool listener: a connection killed between two statements would emit an
      // unhandled 'error' and end the process. The statement in flight (or the next one) rejects instead.
      const onError = (): void => {
        broken = true;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const out = await fn(client);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        if (attempt >= MAX_TX_ATTEMPTS || !isRetryable(err)) throw err;
      } finally {
        client.off('error', onError);
        // A client whose connection broke must not go back to the pool.
        client.release(broken);
      }
    }
  }

  async putAnalyses(items: readonly Analysis[]): Promise<PutResult[]> {
    if (items.length === 0) return [];
    const prepared = items.map((a) => ({
      a,
      fp: fingerprint(`${a.article.headline}\n${a.article.text}`),
    }));
    const keys = new Set<bigint>();
    for (const { a, fp } of prepared) {
      keys.add(lockKey(`id:${a.article.id}`));
      keys.add(lockKey(`hash:${a.article.contentHash}`));
      for (const u of urlsOf(a.article)) keys.add(lockKey(`url:${u}`));
      fp?.bands.forEach((b, i) => keys.add(lockKey(`lsh:${i}:${b}`)));
    }
    const sorted = [...keys].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)).map(String);
    return this.transaction(async (c) => {
      // Every writer takes its keys in ascending order (unnest keeps the array's order), so two workers handed
      // overlapping batches queue behind each other instead of deadlocking, and a story two workers received at
      // once, or a near-duplicate (it shares an LSH band), is judged after the other copy is committed.
      await c.query('SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS t(k)', [sorted]);
      const results = await this.putBatch(c, prepared);
      // Last, so the row lock every writer takes here is held only until the commit that follows.
      if (results.some((r) => r.outcome !== 'duplicate')) await bumpGeneration(c);
      return results;
    });
  }

  /**
   * Decides every item of a batch in order, exactly as the SQLite store does one by one, but with a fixed number of
   * round trips per batch: one lookup of what is already stored, one of near-duplicate candidates, then one insert
   * per table. Items decided earlier in the batch count as stored for the later ones.
   */
  private async putBatch(
    c: PoolClient,
    prepared: readonly { a: Analysis; fp: Fingerprint | null }[],
  ): Promise<PutResult[]> {
    const ids = prepared.map((p) => p.a.article.id);
    const urls = [...new Set(prepared.flatMap((p) => urlsOf(p.a.article)))];
    const hashes = prepared.map((p) => p.a.article.contentHash);
    const known = await c.query<{ kind: string; key: string; article_id: string }>(
      `SELECT 'id' AS kind, id AS key, id AS article_id FROM articles WHERE id = ANY($1::text[])
       UNION ALL SELECT 'url', url, article_id FROM article_urls WHERE url = ANY($2::text[])
       UNION ALL SELECT 'hash', content_hash, article_id FROM article_hashes WHERE content_hash = ANY($3::text[])`,
      [ids, urls, hashes],
    );
    const byId = new Map<string, string>();
    const byUrl = new Map<string, string>();
    const byHash = new Map<string, string>();
    const maps: Record<string, Map<string, string>> = { id: byId, url: byUrl, hash: byHash };
    for (const r of known.rows) maps[r.kind].set(r.key, r.article_id);

    const bands: number[] = [];
    const bandIdx: number[] = [];
    for (const p of prepared) p.fp?.bands.forEach((v, i) => (bands.push(v), bandIdx.push(i)));
    // Stored candidates, earliest stored first (as SQLite's `ORDER BY seq`), with the bands they matched on.
    const cand =
      bands.length === 0
        ? { rows: [] }
        : await c.query<{ id: string; headline: string; text: string; band: number; value: string }>(
            `SELECT a.id, a.headline, a.text, l.band, l.value::text AS value
             FROM article_lsh l
             JOIN unnest($1::bigint[], $2::int[]) AS b(v, i) ON l.band = b.i AND l.value = b.v
             JOIN articles a ON a.id = l.article_id
             ORDER BY a.seq`,
            [bands, bandIdx],
          );
    const stored = new Map<
      string,
      { text: string; fp: Fingerprint | null | undefined; bands: Set<string> }
    >();
    for (const r of cand.rows) {
      const e = stored.get(r.id) ?? {
        text: `${r.headline}\n${r.text}`,
        fp: undefined,
        bands: new Set<string>(),
      };
      e.bands.add(`${r.band}:${r.value}`);
      stored.set(r.id, e);
    }
    const local: { id: string; fp: Fingerprint; bands: Set<string> }[] = [];
    const bandKeys = (fp: Fingerprint): Set<string> => new Set(fp.bands.map((v, i) => `${i}:${v}`));
    const shares = (a: Set<string>, b: Set<string>): boolean => [...a].some((k) => b.has(k));

    const results: PutResult[] = [];
    const newArticles: Row[] = [];
    const urlRows: Row[] = [];
    const hashRows: Row[] = [];
    const lshRows: Row[] = [];
    const placeRows: Row[] = [];
    const timeRows: Row[] = [];
    const actorRows: Row[] = [];
    const eventRows: Row[] = [];
    const r5 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1e5) / 1e5);
    for (const { a: analysis, fp } of prepared) {
      const article = analysis.article;
      const own = urlsOf(article);
      const knownId =
        byId.get(article.id) ??
        (article.canonicalUrl ? byUrl.get(article.canonicalUrl) : undefined) ??
        (article.url ? byUrl.get(article.url) : undefined) ??
        byHash.get(article.contentHash);
      if (knownId !== undefined) {
        results.push(
          knownId === article.id
            ? { articleId: knownId, outcome: 'duplicate', events: 0 }
            : { articleId: knownId, outcome: 'duplicate', duplicateOf: knownId, events: 0 },
        );
        continue;
      }
      let near: string | undefined;
      if (fp) {
        const mine = bandKeys(fp);
        for (const [id, e] of stored) {
          if (!shares(mine, e.bands)) continue;
          if (e.fp === undefined) e.fp = fingerprint(e.text);
          if (e.fp && isNearDuplicate(fp, e.fp)) {
            near = id;
            break;
          }
        }
        near ??= local.find((l) => shares(mine, l.bands) && isNearDuplicate(fp, l.fp))?.id;
      }
      if (near !== undefined) {
        for (const u of own) {
          if (!byUrl.has(u)) urlRows.push({ url: u, article_id: near, near_duplicate: true });
          byUrl.set(u, near);
        }
        if (!byHash.has(article.contentHash)) {
          hashRows.push({
            content_hash: article.contentHash,
            article_id: near,
            alias_id: article.id,
            near_duplicate: true,
          });
          byHash.set(article.contentHash, near);
        }
        results.push({ articleId: article.id, outcome: 'near-duplicate', duplicateOf: near, events: 0 });
        continue;
      }
      byId.set(article.id, article.id);
      newArticles.push({
        id: article.id,
        url: article.url ?? null,
        canonical_url: article.canonicalUrl ?? null,
        outlet: article.outlet ?? null,
        published: article.published ?? null,
        published_day: article.published?.slice(0, 10) ?? null,
        headline: article.headline,
        text: article.text,
        doc: article,
        analysis_status: analysis.status,
        analysis_issues: analysis.issues,
        claims: analysis.claims,
        head_lexemes: lexemes(article.headline),
        body_lexemes: lexemes(article.text),
      });
      for (const u of own) {
        if (!byUrl.has(u)) urlRows.push({ url: u, article_id: article.id, near_duplicate: false });
        byUrl.set(u, article.id);
      }
      if (!byHash.has(article.contentHash)) {
        hashRows.push({
          content_hash: article.contentHash,
          article_id: article.id,
          alias_id: article.id,
          near_duplicate: false,
        });
        byHash.set(article.contentHash, article.id);
      }
      if (fp) {
        fp.bands.forEach((v, band) => lshRows.push({ band, value: v, article_id: article.id }));
        local.push({ id: article.id, fp, bands: bandKeys(fp) });
      }
      analysis.places.forEach((p, ord) =>
        placeRows.push({
          article_id: article.id,
          ord,
          pcode: p.entry?.id ?? null,
          lat: r5(p.lat),
          lon: r5(p.lon),
          data: p,
        }),
      );
      timeMentions(analysis).forEach((t, ord) =>
        timeRows.push({ article_id: article.id, ord, ...timeMentionColumns(t) }),
      );
      analysis.actors.forEach((a, ord) =>
        actorRows.push({ article_id: article.id, ord, ...actorMentionColumns(a) }),
      );
      for (const e of analysis.events) eventRows.push(eventRecord(e, article));
      results.push({ articleId: article.id, outcome: 'new', events: 0 });
    }

    const insert = (sql: string, rows: readonly Row[]): Promise<unknown> =>
      rows.length === 0 ? Promise.resolve() : c.query(sql, [JSON.stringify(rows)]);
    await insert(
      `INSERT INTO articles (id, url, canonical_url, outlet, published, published_day, headline, text, doc,
         analysis_status, analysis_issues, claims, tsv)
       SELECT id, url, canonical_url, outlet, published, published_day, headline, text, doc, analysis_status,
         analysis_issues, claims, setweight(array_to_tsvector(head_lexemes), 'A') || array_to_tsvector(body_lexemes)
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, url text, canonical_url text, outlet text, published text,
         published_day text, headline text, text text, doc jsonb, analysis_status text, analysis_issues jsonb,
         claims jsonb, head_lexemes text[], body_lexemes text[])`,
      newArticles,
    );
    await insert(
      `INSERT INTO article_urls (url, article_id, near_duplicate)
       SELECT url, article_id, near_duplicate FROM jsonb_to_recordset($1::jsonb)
         AS x(url text, article_id text, near_duplicate boolean)
       ON CONFLICT DO NOTHING`,
      urlRows,
    );
    await insert(
      `INSERT INTO article_hashes (content_hash, article_id, alias_id, near_duplicate)
       SELECT content_hash, article_id, alias_id, near_duplicate FROM jsonb_to_recordset($1::jsonb)
         AS x(content_hash text, article_id text, alias_id text, near_duplicate boolean)
       ON CONFLICT DO NOTHING`,
      hashRows,
    );
    await insert(
      `INSERT INTO article_lsh (band, value, article_id)
       SELECT band, value, article_id FROM jsonb_to_recordset($1::jsonb) AS x(band smallint, value bigint, article_id text)
       ON CONFLICT DO NOTHING`,
      lshRows,
    );
    await insert(
      `INSERT INTO places (article_id, ord, pcode, lat, lon, data)
       SELECT article_id, ord, pcode, lat, lon, data FROM jsonb_to_recordset($1::jsonb)
         AS x(article_id text, ord integer, pcode text, lat double precision, lon double precision, data jsonb)`,
      placeRows,
    );
    // `data` arrives as JSON text inside the batch's JSON: `::jsonb` parses it into the mention object.
    await insert(
      `INSERT INTO time_mentions (article_id, ord, span_start, span_end, text, date_start, date_end, time_precision,
         data)
       SELECT article_id, ord, span_start, span_end, text, date_start, date_end, time_precision, data::jsonb
       FROM jsonb_to_recordset($1::jsonb) AS x(article_id text, ord integer, span_start integer, span_end integer,
         text text, date_start text, date_end text, time_precision smallint, data text)`,
      timeRows,
    );
    await insert(
      `INSERT INTO actor_mentions (article_id, ord, span_start, span_end, text, name, side, acled_name, data)
       SELECT article_id, ord, span_start, span_end, text, name, side, acled_name, data::jsonb
       FROM jsonb_to_recordset($1::jsonb) AS x(article_id text, ord integer, span_start integer, span_end integer,
         text text, name text, side text, acled_name text, data text)`,
      actorRows,
    );
    if (eventRows.length > 0) {
      // The inserted rows come back as stored, and their Features are built from those values (as queryEvents
      // would read them), so the stored text equals serialising a queryEvents page.
      const ins = await c.query<Row>(
        `INSERT INTO events (${EVENT_INSERT_COLUMNS}, tsv)
         SELECT ${EVENT_INSERT_COLUMNS}, array_to_tsvector(lexemes)
         FROM jsonb_to_recordset($1::jsonb) AS x(${EVENT_FIELDS})
         ON CONFLICT (event_id) DO NOTHING
         RETURNING ${EVENT_INSERT_COLUMNS}`,
        [JSON.stringify(eventRows)],
      );
      const articles = new Map(prepared.map(({ a }) => [a.article.id, a.article]));
      await insertEventFeatures(
        c,
        ins.rows.map((r) => {
          const article = articles.get(str(r.article_id));
          return {
            ...r,
            article_url: article?.canonicalUrl ?? article?.url ?? null,
            headline: article?.headline ?? '',
          };
        }),
      );
      const counts = new Map<string, number>();
      for (const r of ins.rows) counts.set(str(r.article_id), (counts.get(str(r.article_id)) ?? 0) + 1);
      return results.map((r) => (r.outcome === 'new' ? { ...r, events: counts.get(r.articleId) ?? 0 } : r));
    }
    return results;
  }

  async getArticle(id: string): Promise<StoredArticle | undefined> {
    const { rows } = await this.pool.query<Row>(
      `SELECT id, doc, claims FROM articles WHERE id = $1
       UNION ALL
       SELECT a.id, a.doc, a.claims FROM article_hashes h JOIN articles a ON a.id = h.article_id WHERE h.alias_id = $1
       LIMIT 1`,
      [id],
    );
    const r = rows[0];
    if (!r) return undefined;
    const article = r.doc as Article;
    const [urls, places, times, actors, events] = await Promise.all([
      this.pool.query<{ url: string }>(
        'SELECT url FROM article_urls WHERE article_id = $1 AND near_duplicate ORDER BY url',
        [article.id],
      ),
      this.pool.query<{ data: StoredArticle['places'][number] }>(
        'SELECT data FROM places WHERE article_id = $1 ORDER BY ord',
        [article.id],
      ),
      this.pool.query<{ data: StoredArticle['times'][number] }>(
        'SELECT data FROM time_mentions WHERE article_id = $1 ORDER BY ord',
        [article.id],
      ),
      this.pool.query<{ data: StoredArticle['actors'][number] }>(
        'SELECT data FROM actor_mentions WHERE article_id = $1 ORDER BY ord',
        [article.id],
      ),
      this.pool.query<Row>(
        `SELECT ${EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id
         WHERE e.article_id = $1 ORDER BY e.evidence_start, e.event_id`,
        [article.id],
      ),
    ]);
    return {
      article,
      otherUrls: urls.rows.map((x) => x.url).filter((u) => u !== article.url && u !== article.canonicalUrl),
      places: places.rows.map((x) => x.data),
      times: times.rows.map((x) => x.data),
      actors: actors.rows.map((x) => x.data),
      events: events.rows.map(toStoredEvent),
      claims: r.claims as StoredArticle['claims'],
    };
  }

  async deleteArticle(id: string): Promise<boolean> {
    return this.transaction(async (c) => {
      const { rowCount } = await c.query('DELETE FROM articles WHERE id = $1', [id]);
      const deleted = (rowCount ?? 0) > 0;
      if (deleted) await bumpGeneration(c);
      return deleted;
    });
  }

  /** `store_id.generation` of `store_meta` (migration 3): it moves on in every transaction that changes reads. */
  async changeToken(): Promise<string> {
    const { rows } = await this.pool.query<{ store_id: string; generation: string }>(
      'SELECT store_id, generation::text AS generation FROM store_meta WHERE id = 1',
    );
    return `${rows[0]?.store_id ?? ''}.${rows[0]?.generation ?? '0'}`;
  }

  async searchArticles(query: ArticleQuery): Promise<ArticleHit[]> {
    const limit = Math.max(1, Math.min(MAX_ARTICLE_HITS, Math.floor(query.limit ?? 20)));
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (query.since) where.push(`a.published_day >= ${p(query.since.slice(0, 10))}`);
    if (query.until) where.push(`a.published_day <= ${p(query.until.slice(0, 10))}`);
    if (query.outlet) where.push(`lower(a.outlet) = lower(${p(query.outlet)})`);
    const hasQ = query.q !== undefined && query.q.trim() !== '';
    const tq = hasQ ? tsQuery(query.q ?? '') : undefined;
    if (tq === null) return [];
    let order = 'a.published_day DESC NULLS LAST, a.id';
    let rank = '0';
    if (tq !== undefined) {
      const q = p(tq);
      where.push(`a.tsv @@ ${q}::tsquery`);
      rank = `ts_rank(a.tsv, ${q}::tsquery)`;
      order = 'rank DESC, a.id';
    }
    const { rows } = await this.pool.query<Row>(
      `SELECT a.id, a.headline, a.outlet, a.published, COALESCE(a.canonical_url, a.url) AS url, a.text,
         ${rank} AS rank
       FROM articles a ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${order} LIMIT ${limit}`,
      params,
    );
    const terms = hasQ ? queryTerms(query.q ?? '') : [];
    return rows.map((r) => ({
      id: str(r.id),
      headline: str(r.headline),
      outlet: strOrNull(r.outlet),
      published: strOrNull(r.published),
      url: strOrNull(r.url),
      snippet: terms.length > 0 ? snippet(str(r.text), terms) : str(r.text).slice(0, 200),
      rank: Math.round(Number(r.rank) * 1e6) / 1e6,
    }));
  }

  async queryEvents(
    filter: EventFilter,
    page: { limit?: number; after?: string | null } = {},
  ): Promise<EventPage> {
    const q = pageQuery(filter, page, EVENT_COLUMNS, 'JOIN articles a ON a.id = e.article_id');
    const { rows } = await this.pool.query<Row>(q.sql, q.params);
    const events = rows.slice(0, q.limit).map(toStoredEvent);
    const last = events.at(-1);
    return {
      events,
      next: rows.length > q.limit && last ? encodeCursor({ date: last.event_date, id: last.event_id }) : null,
    };
  }

  /**
   * The `queryEvents` page as the Features stored in `event_features` (migration 3), joined in page order: no event
   * object is built or serialised, and the article is read only for the `q` filter. An event without its Feature
   * (written by something other than this store) is serialised here.
   */
  async queryEventFeatures(filter: EventFilter, page: FeaturePageOptions = {}): Promise<EventFeaturePage> {
    const q = pageQuery(
      filter,
      page,
      'e.event_date, e.event_id, f.feature',
      `${filter.q !== undefined ? 'JOIN articles a ON a.id = e.article_id' : ''}
       LEFT JOIN event_features f ON f.event_id = e.event_id`,
    );
    const { rows } = await this.pool.query<{ event_date: string; event_id: string; feature: string | null }>(
      q.sql,
      q.params,
    );
    const pageRows = rows.slice(0, q.limit);
    const last = pageRows.at(-1);
    const next =
      rows.length > q.limit && last ? encodeCursor({ date: last.event_date, id: last.event_id }) : null;
    const missing = pageRows.filter((r) => r.feature === null).map((r) => r.event_id);
    const built = new Map<string, string>();
    if (missing.length > 0) {
      const { rows: events } = await this.pool.query<Row>(
        `SELECT ${EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id
         WHERE e.event_id = ANY($1::text[])`,
        [missing],
      );
      for (const r of events) built.set(str(r.event_id), storedEventFeatureJson(toStoredEvent(r)));
    }
    const text = pageRows.map((r) => r.feature ?? built.get(r.event_id) ?? '').join(',');
    return {
      features: framedFeatures(Buffer.from(text, 'utf8'), pageRows.length, page.frame, next),
      count: pageRows.length,
      next,
    };
  }

  async eventBuckets(filter: EventFilter, bucket: 'day' | 'week' | 'month'): Promise<EventBucket[]> {
    if (!['day', 'week', 'month'].includes(bucket)) {
      throw new RangeError(`bucket: expected day|week|month, got ${String(bucket)}`);
    }
    const params: unknown[] = [];
    const where = eventWhere(filter, params);
    // date_trunc('week') starts weeks on Monday (ISO 8601), as the SQLite store does.
    const expr =
      bucket === 'day'
        ? 'e.event_date'
        : `to_char(date_trunc('${bucket}', e.event_date::date), 'YYYY-MM-DD')`;
    const { rows } = await this.pool.query<{ bucket: string; event_type: EventType; n: string }>(
      `SELECT ${expr} AS bucket, e.event_type, count(*) AS n
       FROM events e JOIN articles a ON a.id = e.article_id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       GROUP BY 1, 2 ORDER BY 1, 2`,
      params,
    );
    return rows.map((r) => ({ bucket: r.bucket, eventType: r.event_type, count: Number(r.n) }));
  }

  async stats(): Promise<StoreStats> {
    const { rows } = await this.pool.query<Row>(
      `SELECT (SELECT count(*) FROM articles) AS articles,
              (SELECT count(*) FROM events) AS events,
              (SELECT count(*) FROM places) AS places,
              (SELECT count(*) FROM article_hashes WHERE near_duplicate) AS near_duplicates,
              (SELECT count(DISTINCT outlet) FROM articles) AS outlets,
              (SELECT min(published_day) FROM articles) AS first_published,
              (SELECT max(published_day) FROM articles) AS last_published`,
    );
    const r = rows[0];
    return {
      backend: 'postgres',
      articles: Number(r.articles),
      events: Number(r.events),
      places: Number(r.places),
      nearDuplicates: Number(r.near_duplicates),
      outlets: Number(r.outlets),
      firstPublished: strOrNull(r.first_published),
      lastPublished: strOrNull(r.last_published),
      features: {
        fts: 'tsvector',
        // PostGIS is not used even when installed: a btree on (latitude, longitude, event_date) serves bbox.
        spatial: 'btree',
        postgis: this.postgisAvailable ? 'available-unused' : 'absent',
      },
    };
  }

  async createToken(name: string, secretHash: string): Promise<void> {
    if (!name) throw new RangeError('name: a token needs a name');
    try {
      await this.pool.query('INSERT INTO tokens (name, hash) VALUES ($1, $2)', [name, secretHash]);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new Error(`token '${name}' already exists`);
      throw err;
    }
  }

  async findToken(secretHash: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ name: string }>(
      'SELECT name FROM tokens WHERE hash = $1 AND revoked_at IS NULL',
      [secretHash],
    );
    return rows[0]?.name;
  }

  async revokeToken(name: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL',
      [name],
    );
    return (rowCount ?? 0) > 0;
  }

  async listTokens(): Promise<{ name: string; createdAt: string; revokedAt: string | null }[]> {
    const { rows } = await this.pool.query<{ name: string; created_at: Date; revoked_at: Date | null }>(
      'SELECT name, created_at, revoked_at FROM tokens ORDER BY name',
    );
    return rows.map((r) => ({
      name: r.name,
      createdAt: r.created_at.toISOString(),
      revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
    }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Opens the PostgreSQL store at `url` (migrating it first). `openStore` calls this for `postgres://` URLs.
 *
 * @example const store = await openPostgresStore('postgres://postgres@127.0.0.1:5432/litopys');
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  return PostgresStore.open(url, options);
}
