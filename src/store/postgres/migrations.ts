import type { PoolClient } from 'pg';

/** One numbered schema step. Never edit a released step: add the next number instead. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The PostgreSQL schema, step by step. Column names follow the SQLite store's (ACLED names for event fields) so the
 * two backends answer the same queries the same way.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles, aliases, events, tokens',
    sql: `
      CREATE TABLE articles (
        id text PRIMARY KEY,
        canonical_url text UNIQUE,
        content_hash text NOT NULL UNIQUE,
        url text,
        outlet text,
        published text,
        headline text NOT NULL,
        language text NOT NULL,
        doc jsonb NOT NULL,
        places jsonb NOT NULL DEFAULT '[]',
        claims jsonb NOT NULL DEFAULT '[]',
        place_count integer NOT NULL DEFAULT 0,
        -- SimHash of the text split in four 16-bit bands: two texts within 3 bits share a band (pigeonhole), so
        -- the bands are the near-duplicate candidate index.
        simhash bigint NOT NULL,
        sh0 integer NOT NULL,
        sh1 integer NOT NULL,
        sh2 integer NOT NULL,
        sh3 integer NOT NULL,
        -- Built from text lower-cased in JavaScript, so Ukrainian and Russian match whatever the database locale.
        tsv tsvector NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX articles_sh0 ON articles (sh0);
      CREATE INDEX articles_sh1 ON articles (sh1);
      CREATE INDEX articles_sh2 ON articles (sh2);
      CREATE INDEX articles_sh3 ON articles (sh3);
      CREATE INDEX articles_published ON articles (published);
      CREATE INDEX articles_outlet ON articles (lower(outlet));
      CREATE INDEX articles_tsv ON articles USING gin (tsv);

      -- Other copies of a stored story: a near-duplicate's own id, URL and content hash, linked to the kept article.
      CREATE TABLE article_aliases (
        alias_id text PRIMARY KEY,
        article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        url text,
        content_hash text NOT NULL UNIQUE
      );
      CREATE INDEX article_aliases_article ON article_aliases (article_id);
      CREATE INDEX article_aliases_url ON article_aliases (url);

      CREATE TABLE events (
        id text PRIMARY KEY,
        article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        position integer NOT NULL,
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
        side1 text NOT NULL,
        side2 text NOT NULL,
        admin1 text NOT NULL,
        admin2 text NOT NULL,
        admin3 text NOT NULL,
        location text NOT NULL,
        latitude double precision,
        longitude double precision,
        geo_precision smallint,
        radius_km double precision NOT NULL,
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
        tsv tsvector NOT NULL
      );
      CREATE INDEX events_article ON events (article_id);
      CREATE INDEX events_date ON events (event_date, id);
      CREATE INDEX events_spatial ON events (latitude, longitude, event_date);
      CREATE INDEX events_type ON events (event_type, event_date);
      CREATE INDEX events_tsv ON events USING gin (tsv);

      CREATE TABLE api_tokens (
        name text PRIMARY KEY,
        secret_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
    `,
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
