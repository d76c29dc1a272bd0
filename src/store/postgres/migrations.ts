import type { PoolClient } from 'pg';
import { fillEventFeatures } from './event-features.js';

/** One numbered schema step. Never edit a released step: add the next number instead. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** Work SQL cannot do (serialising in TypeScript), run after `sql` in the same transaction. */
  readonly fill?: (client: PoolClient) => Promise<unknown>;
}

/**
 * The PostgreSQL schema, step by step. Column names follow the SQLite store's (ACLED names for event fields) so the
 * two backends answer the same queries the same way.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'init',
    sql: `
      CREATE TABLE articles (
        seq bigserial UNIQUE,
        id text PRIMARY KEY,
        url text,
        canonical_url text,
        outlet text,
        published text,
        published_day text,
        headline text NOT NULL,
        text text NOT NULL,
        -- The Article as put, so getArticle returns it deep-equal.
        doc jsonb NOT NULL,
        analysis_status text NOT NULL,
        analysis_issues jsonb NOT NULL,
        claims jsonb NOT NULL,
        -- Lexemes split and folded in JavaScript (see text-search.ts); headline weighted above the body.
        tsv tsvector NOT NULL
      );
      CREATE INDEX articles_published ON articles (published_day);
      CREATE INDEX articles_outlet ON articles (lower(outlet));
      CREATE INDEX articles_tsv ON articles USING gin (tsv);

      -- Every URL an article is known under: its own and those of near-duplicates linked to it.
      CREATE TABLE article_urls (
        url text PRIMARY KEY,
        article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        near_duplicate boolean NOT NULL
      );
      CREATE INDEX article_urls_article ON article_urls (article_id);

      -- Every content hash stored or linked; alias_id is the id the near-duplicate itself would have had.
      CREATE TABLE article_hashes (
        content_hash text PRIMARY KEY,
        article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        alias_id text NOT NULL,
        near_duplicate boolean NOT NULL
      );
      CREATE INDEX article_hashes_article ON article_hashes (article_id);
      CREATE INDEX article_hashes_alias ON article_hashes (alias_id);

      -- MinHash LSH bands of the text's word 3-shingles (store/near-duplicate.ts): one row per band. Values are
      -- unsigned 32-bit, hence bigint.
      CREATE TABLE article_lsh (
        band smallint NOT NULL,
        value bigint NOT NULL,
        article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        PRIMARY KEY (band, value, article_id)
      );
      CREATE INDEX article_lsh_article ON article_lsh (article_id);

      CREATE TABLE places (
        article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        ord integer NOT NULL,
        pcode text,
        lat double precision,
        lon double precision,
        data jsonb NOT NULL,
        PRIMARY KEY (article_id, ord)
      );
      CREATE INDEX places_pcode ON places (pcode);

      CREATE TABLE events (
        seq bigserial UNIQUE,
        event_id text PRIMARY KEY,
        article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        event_date text NOT NULL,
        date_start text NOT NULL,
        date_end text NOT NULL,
        time_precision smallint NOT NULL,
        event_type text NOT NULL,
        sub_event_type text NOT NULL,
        actor1 text NOT NULL,
        assoc_actor_1 text NOT NULL,
        actor2 text NOT NULL,
        assoc_actor_2 text NOT NULL,
        admin1 text NOT NULL,
        admin2 text NOT NULL,
        admin3 text NOT NULL,
        location text NOT NULL,
        latitude double precision,
        longitude double precision,
        geo_precision smallint,
        fatalities integer NOT NULL,
        injured integer NOT NULL,
        source text NOT NULL,
        notes text NOT NULL,
        evidence_start integer NOT NULL,
        evidence_end integer NOT NULL,
        claimant text,
        channel text,
        hedged boolean NOT NULL,
        confidence double precision NOT NULL,
        side1 text NOT NULL,
        side2 text NOT NULL,
        radius_km double precision NOT NULL,
        outlet text,
        tsv tsvector NOT NULL
      );
      CREATE INDEX events_date ON events (event_date, event_id);
      CREATE INDEX events_article ON events (article_id);
      CREATE INDEX events_type_date ON events (event_type, event_date);
      -- Plain btree for bbox filters (no PostGIS needed): latitude range first, longitude and date re-checked.
      CREATE INDEX events_spatial ON events (latitude, longitude, event_date);
      CREATE INDEX events_tsv ON events USING gin (tsv);

      CREATE TABLE tokens (
        name text PRIMARY KEY,
        hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
    `,
  },
  {
    version: 2,
    name: 'time-actor-mentions',
    // As SQLite's migration 007: each article's time and actor mentions with spans and resolved values, and the
    // mention as put in `data`.
    sql: `
      CREATE TABLE time_mentions (
        article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        ord integer NOT NULL,
        span_start integer NOT NULL,
        span_end integer NOT NULL,
        text text,
        date_start text NOT NULL,
        date_end text NOT NULL,
        time_precision smallint NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (article_id, ord)
      );

      CREATE TABLE actor_mentions (
        article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        ord integer NOT NULL,
        span_start integer NOT NULL,
        span_end integer NOT NULL,
        text text NOT NULL,
        name text NOT NULL,
        side text NOT NULL,
        acled_name text NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (article_id, ord)
      );
    `,
  },
  {
    version: 3,
    name: 'event-features-and-change-token',
    // As SQLite's migration 005: each event's GeoJSON Feature serialised once, when the event is written, so a page
    // of /api/events.geojson is stored text joined rather than objects built and stringified per request; and
    // store_meta, a random id of this database and a generation every write bumps, for the API's ETags.
    sql: `
      CREATE TABLE event_features (
        event_id text PRIMARY KEY REFERENCES events (event_id) ON DELETE CASCADE,
        feature text NOT NULL
      );

      CREATE TABLE store_meta (
        id integer PRIMARY KEY CHECK (id = 1),
        store_id text NOT NULL,
        generation bigint NOT NULL
      );
      INSERT INTO store_meta (id, store_id, generation)
        VALUES (1, substr(md5(random()::text || clock_timestamp()::text), 1, 16), 0);
    `,
    fill: fillEventFeatures,
  },
];

// Any fixed 64-bit number works; it only has to be the same in every process that migrates this schema.
const MIGRATION_LOCK = 7_316_502_111_204n;

/**
 * Applies the missing migrations in order, each in its own transaction, under a session advisory lock so that many
 * workers starting at once migrate exactly once. Returns the versions it applied.
 */
export async function migrate(client: PoolClient): Promise<number[]> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await m.fill?.(client);
        // A new schema may change what reads return: change tokens from before it must not match.
        if (m.version > 3)
          await client.query('UPDATE store_meta SET generation = generation + 1 WHERE id = 1');
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
      applied.push(m.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
  }
}
