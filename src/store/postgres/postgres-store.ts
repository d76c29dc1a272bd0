import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import type { Analysis, ChronicleEvent, EventType } from '../../domain/index.js';
import { toAcledRecord } from '../../domain/index.js';
import type {
  ArticleHit,
  ArticleQuery,
  EventBucket,
  EventFilter,
  EventPage,
  PutResult,
  Store,
  StoreStats,
  StoredArticle,
  StoredEvent,
} from '../store.js';
import { migrate } from './migrations.js';
import { NEAR_DUPLICATE_BITS, hamming, simhash } from './simhash.js';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** Pool size per process; workers need one or two connections each. */
  readonly maxConnections?: number;
}

type Row = Record<string, unknown>;

const DEFAULT_PAGE = 100;
const MAX_PAGE = 10_000;
const MAX_TX_ATTEMPTS = 5;

/** A 64-bit advisory lock key for a string (sha256 prefix, signed, as PostgreSQL's bigint wants it). */
function lockKey(s: string): string {
  const h = createHash('sha256').update(s).digest();
  return h.readBigInt64BE(0).toString();
}

function isRetryable(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  // deadlock_detected and serialization_failure: the transaction did nothing; running it again is safe.
  return code === '40P01' || code === '40001';
}

function encodeCursor(date: string, id: string): string {
  return Buffer.from(JSON.stringify([date, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') {
      return [v[0], v[1]];
    }
  } catch {
    // fall through to the RangeError below
  }
  throw new RangeError(`queryEvents: bad cursor '${cursor}'`);
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
    where.push(
      `e.latitude BETWEEN ${p(minLat)} AND ${p(maxLat)} AND e.longitude BETWEEN ${p(minLon)} AND ${p(maxLon)}`,
    );
  }
  if (filter.since) where.push(`e.event_date >= ${p(filter.since)}`);
  if (filter.until) where.push(`e.event_date <= ${p(filter.until)}`);
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
  if (filter.outlet) where.push(`lower(a.outlet) = ${p(filter.outlet.toLowerCase())}`);
  if (filter.q) {
    const q = p(filter.q.toLowerCase());
    where.push(
      `(e.tsv @@ websearch_to_tsquery('simple', ${q}) OR a.tsv @@ websearch_to_tsquery('simple', ${q}))`,
    );
  }
  if (filter.minConfidence !== undefined) where.push(`e.confidence >= ${p(filter.minConfidence)}`);
  if (filter.articleId) where.push(`e.article_id = ${p(filter.articleId)}`);
  if (filter.eventId) where.push(`e.id = ${p(filter.eventId)}`);
  return where;
}

const EVENT_COLUMNS = `e.*, a.outlet AS a_outlet, a.headline AS a_headline, COALESCE(a.canonical_url, a.url) AS a_url`;

function toStoredEvent(r: Row): StoredEvent {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return {
    article_id: r.article_id as string,
    event_id: r.id as string,
    event_date: r.event_date as string,
    date_start: r.date_start as string,
    date_end: r.date_end as string,
    time_precision: Number(r.time_precision) as 1 | 2 | 3,
    event_type: r.event_type as EventType,
    sub_event_type: r.sub_event_type as StoredEvent['sub_event_type'],
    actor1: r.actor1 as string,
    assoc_actor_1: r.assoc_actor_1 as string,
    actor2: r.actor2 as string,
    assoc_actor_2: r.assoc_actor_2 as string,
    admin1: r.admin1 as string,
    admin2: r.admin2 as string,
    admin3: r.admin3 as string,
    location: r.location as string,
    latitude: num(r.latitude),
    longitude: num(r.longitude),
    geo_precision: num(r.geo_precision) as StoredEvent['geo_precision'],
    fatalities: Number(r.fatalities),
    injured: Number(r.injured),
    source: r.source as string,
    notes: r.notes as string,
    evidence: { start: Number(r.evidence_start), end: Number(r.evidence_end) },
    attribution: {
      claimant: (r.claimant as string | null) ?? null,
      channel: (r.channel as string | null) ?? null,
      hedged: Boolean(r.hedged),
    },
    confidence: Number(r.confidence),
    outlet: (r.a_outlet as string | null) ?? null,
    article_url: (r.a_url as string | null) ?? null,
    headline: r.a_headline as string,
    radius_km: Number(r.radius_km),
    side1: r.side1 as string,
    side2: r.side2 as string,
  };
}

function eventRecord(e: ChronicleEvent, position: number): Row {
  const r = toAcledRecord(e);
  return {
    ...r,
    id: e.id,
    position,
    evidence_start: r.evidence.start,
    evidence_end: r.evidence.end,
    claimant: r.attribution.claimant,
    channel: r.attribution.channel,
    hedged: r.attribution.hedged,
    side1: e.actor1?.side ?? '',
    side2: e.actor2?.side ?? '',
    radius_km: e.place?.radiusKm ?? 0,
    tsv_text: r.notes.toLowerCase(),
  };
}

/**
 * The PostgreSQL implementation of the {@link Store} port: one `pg` Pool, numbered migrations, `tsvector` full-text
 * search (the `simple` configuration over text lower-cased in JavaScript, so Ukrainian and Russian match), and plain
 * btree indexes on (latitude, longitude, event_date) for spatial filters.
 *
 * Writes are idempotent under concurrency: every article of a batch takes transaction-scoped advisory locks on its
 * id, content hash, canonical URL and SimHash bands (sorted, so two writers never deadlock), so two workers handed the
 * same story store it once, and a near-duplicate is linked to the article it copies instead of stored again.
 */
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
    try {
      await migrate(client);
      const { rows } = await client.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'`);
      store.postgisAvailable = rows.length > 0;
    } finally {
      client.release();
    }
    return store;
  }

  private async transaction<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const client = await this.pool.connect();
      let broken = false;
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
        // A client whose connection broke must not go back to the pool.
        client.release(broken);
      }
    }
  }

  async putAnalyses(items: readonly Analysis[]): Promise<PutResult[]> {
    if (items.length === 0) return [];
    const prepared = items.map((a) => ({ a, sh: simhash(a.article.text) }));
    const keys = new Set<string>();
    for (const { a, sh } of prepared) {
      keys.add(lockKey(`id:${a.article.id}`));
      keys.add(lockKey(`hash:${a.article.contentHash}`));
      if (a.article.canonicalUrl) keys.add(lockKey(`url:${a.article.canonicalUrl}`));
      sh.bands.forEach((b, i) => keys.add(lockKey(`band:${i}:${b}`)));
    }
    const sortedKeys = [...keys].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : BigInt(x) > BigInt(y) ? 1 : 0));
    return this.transaction(async (c) => {
      // One round trip; unnest yields the array in order, so every writer takes the locks in the same order.
      await c.query('SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS t(k)', [sortedKeys]);
      const results: PutResult[] = [];
      const events: Row[] = [];
      for (const { a, sh } of prepared) {
        const art = a.article;
        const dup = await c.query<{ id: string }>(
          `SELECT id FROM articles WHERE id = $1 OR content_hash = $2 OR ($3::text IS NOT NULL AND canonical_url = $3)
           UNION ALL
           SELECT article_id FROM article_aliases
             WHERE alias_id = $1 OR content_hash = $2 OR ($3::text IS NOT NULL AND url = $3)
           LIMIT 1`,
          [art.id, art.contentHash, art.canonicalUrl ?? null],
        );
        if (dup.rows.length > 0) {
          results.push({ articleId: dup.rows[0].id, outcome: 'duplicate', events: 0 });
          continue;
        }
        const cands = await c.query<{ id: string; simhash: string }>(
          `SELECT id, simhash::text AS simhash FROM articles WHERE sh0 = $1 OR sh1 = $2 OR sh2 = $3 OR sh3 = $4`,
          [...sh.bands],
        );
        const near = cands.rows
          .map((r) => ({ id: r.id, d: hamming(BigInt(r.simhash), sh.value) }))
          .filter((r) => r.d <= NEAR_DUPLICATE_BITS)
          .sort((x, y) => x.d - y.d || (x.id < y.id ? -1 : 1))[0];
        if (near) {
          await c.query(
            `INSERT INTO article_aliases (alias_id, article_id, url, content_hash) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING`,
            [art.id, near.id, art.canonicalUrl ?? art.url ?? null, art.contentHash],
          );
          results.push({ articleId: art.id, outcome: 'near-duplicate', duplicateOf: near.id, events: 0 });
          continue;
        }
        const ins = await c.query(
          `INSERT INTO articles (id, canonical_url, content_hash, url, outlet, published, headline, language, doc,
             places, claims, place_count, simhash, sh0, sh1, sh2, sh3, tsv)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
             to_tsvector('simple', $18))
           ON CONFLICT DO NOTHING`,
          [
            art.id,
            art.canonicalUrl ?? null,
            art.contentHash,
            art.url ?? null,
            art.outlet ?? null,
            art.published ?? null,
            art.headline,
            art.language,
            JSON.stringify(art),
            JSON.stringify(a.places),
            JSON.stringify(a.claims),
            a.places.length,
            sh.value.toString(),
            ...sh.bands,
            `${art.headline}\n${art.text}`.toLowerCase(),
          ],
        );
        if (ins.rowCount === 0) {
          results.push({ articleId: art.id, outcome: 'duplicate', events: 0 });
          continue;
        }
        a.events.forEach((e, i) => events.push(eventRecord(e, i)));
        results.push({ articleId: art.id, outcome: 'new', events: a.events.length });
      }
      if (events.length > 0) {
        await c.query(
          `INSERT INTO events (id, article_id, position, event_date, date_start, date_end, time_precision, event_type,
             sub_event_type, actor1, assoc_actor_1, actor2, assoc_actor_2, side1, side2, admin1, admin2, admin3,
             location, latitude, longitude, geo_precision, radius_km, fatalities, injured, source, notes,
             evidence_start, evidence_end, claimant, channel, hedged, confidence, tsv)
           SELECT event_id, article_id, position, event_date, date_start, date_end, time_precision, event_type,
             sub_event_type, actor1, assoc_actor_1, actor2, assoc_actor_2, side1, side2, admin1, admin2, admin3,
             location, latitude, longitude, geo_precision, radius_km, fatalities, injured, source, notes,
             evidence_start, evidence_end, claimant, channel, hedged, confidence, to_tsvector('simple', tsv_text)
           FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, article_id text, position integer,
             event_date text, date_start text, date_end text, time_precision smallint, event_type text,
             sub_event_type text, actor1 text, assoc_actor_1 text, actor2 text, assoc_actor_2 text, side1 text,
             side2 text, admin1 text, admin2 text, admin3 text, location text, latitude double precision,
             longitude double precision, geo_precision smallint, radius_km double precision, fatalities integer,
             injured integer, source text, notes text, evidence_start integer, evidence_end integer,
             claimant text, channel text, hedged boolean, confidence double precision, tsv_text text)
           ON CONFLICT (id) DO NOTHING`,
          [JSON.stringify(events)],
        );
      }
      return results;
    });
  }

  async getArticle(id: string): Promise<StoredArticle | undefined> {
    const { rows } = await this.pool.query<Row>(
      `SELECT a.* FROM articles a
       WHERE a.id = $1 OR a.id = (SELECT article_id FROM article_aliases WHERE alias_id = $1)
       LIMIT 1`,
      [id],
    );
    const r = rows[0];
    if (!r) return undefined;
    const articleId = r.id as string;
    const [aliases, events] = await Promise.all([
      this.pool.query<{ url: string }>(
        `SELECT url FROM article_aliases WHERE article_id = $1 AND url IS NOT NULL ORDER BY url`,
        [articleId],
      ),
      this.pool.query<Row>(
        `SELECT ${EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id
         WHERE e.article_id = $1 ORDER BY e.position`,
        [articleId],
      ),
    ]);
    return {
      article: r.doc as StoredArticle['article'],
      otherUrls: aliases.rows.map((x) => x.url),
      places: r.places as StoredArticle['places'],
      events: events.rows.map(toStoredEvent),
      claims: r.claims as StoredArticle['claims'],
    };
  }

  async deleteArticle(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM articles WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  async searchArticles(query: ArticleQuery): Promise<ArticleHit[]> {
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    let rank = '0';
    let snippet = `left(a.doc->>'text', 200)`;
    if (query.q) {
      const q = `websearch_to_tsquery('simple', ${p(query.q.toLowerCase())})`;
      where.push(`a.tsv @@ ${q}`);
      rank = `ts_rank(a.tsv, ${q})`;
      snippet = `ts_headline('simple', a.doc->>'text', ${q}, 'StartSel="",StopSel="",MaxWords=30,MinWords=10')`;
    }
    if (query.since) where.push(`left(a.published, 10) >= ${p(query.since)}`);
    if (query.until) where.push(`left(a.published, 10) <= ${p(query.until)}`);
    if (query.outlet) where.push(`lower(a.outlet) = ${p(query.outlet.toLowerCase())}`);
    const limit = Math.min(Math.max(1, query.limit ?? 20), 1000);
    const { rows } = await this.pool.query<Row>(
      `SELECT a.id, a.headline, a.outlet, a.published, COALESCE(a.canonical_url, a.url) AS url,
         ${snippet} AS snippet, ${rank} AS rank
       FROM articles a ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY rank DESC, a.published DESC NULLS LAST, a.id
       LIMIT ${limit}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id as string,
      headline: r.headline as string,
      outlet: (r.outlet as string | null) ?? null,
      published: (r.published as string | null) ?? null,
      url: (r.url as string | null) ?? null,
      snippet: r.snippet as string,
      rank: Number(r.rank),
    }));
  }

  async queryEvents(
    filter: EventFilter,
    page: { limit?: number; after?: string | null } = {},
  ): Promise<EventPage> {
    const params: unknown[] = [];
    const where = eventWhere(filter, params);
    if (page.after) {
      const [d, id] = decodeCursor(page.after);
      params.push(d, id);
      const di = `$${params.length - 1}`;
      const ii = `$${params.length}`;
      where.push(`(e.event_date < ${di} OR (e.event_date = ${di} AND e.id > ${ii}))`);
    }
    const limit = Math.min(Math.max(1, page.limit ?? DEFAULT_PAGE), MAX_PAGE);
    const { rows } = await this.pool.query<Row>(
      `SELECT ${EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY e.event_date DESC, e.id ASC LIMIT ${limit + 1}`,
      params,
    );
    const more = rows.length > limit;
    const events = rows.slice(0, limit).map(toStoredEvent);
    const last = events[events.length - 1];
    return { events, next: more && last ? encodeCursor(last.event_date, last.event_id) : null };
  }

  async eventBuckets(filter: EventFilter, bucket: 'day' | 'week' | 'month'): Promise<EventBucket[]> {
    const params: unknown[] = [];
    const where = eventWhere(filter, params);
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
              (SELECT COALESCE(sum(place_count), 0) FROM articles) AS places,
              (SELECT count(*) FROM article_aliases) AS near_duplicates,
              (SELECT count(DISTINCT outlet) FROM articles) AS outlets,
              (SELECT min(published) FROM articles) AS first_published,
              (SELECT max(published) FROM articles) AS last_published`,
    );
    const r = rows[0];
    return {
      backend: 'postgres',
      articles: Number(r.articles),
      events: Number(r.events),
      places: Number(r.places),
      nearDuplicates: Number(r.near_duplicates),
      outlets: Number(r.outlets),
      firstPublished: (r.first_published as string | null) ?? null,
      lastPublished: (r.last_published as string | null) ?? null,
      features: {
        fts: 'tsvector-simple',
        // PostGIS is not used yet even when installed: plain btree on (latitude, longitude, event_date) serves bbox.
        spatial: 'btree',
        postgis: this.postgisAvailable ? 'available-unused' : 'absent',
      },
    };
  }

  async createToken(name: string, secretHash: string): Promise<void> {
    try {
      await this.pool.query('INSERT INTO api_tokens (name, secret_hash) VALUES ($1, $2)', [name, secretHash]);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new Error(`token '${name}' already exists`);
      throw err;
    }
  }

  async findToken(secretHash: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ name: string }>(
      'SELECT name FROM api_tokens WHERE secret_hash = $1 AND revoked_at IS NULL',
      [secretHash],
    );
    return rows[0]?.name;
  }

  async revokeToken(name: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE api_tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL',
      [name],
    );
    return (rowCount ?? 0) > 0;
  }

  async listTokens(): Promise<{ name: string; createdAt: string; revokedAt: string | null }[]> {
    const { rows } = await this.pool.query<{ name: string; created_at: Date; revoked_at: Date | null }>(
      'SELECT name, created_at, revoked_at FROM api_tokens ORDER BY name',
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
