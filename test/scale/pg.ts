import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests may use (`.ci/run` sets it), or undefined. */
export const PG_URL = process.env.LITOPYS_TEST_PG_URL;

/** Why PostgreSQL tests skip when PG_URL is unset. */
export const PG_SKIP_REASON =
  'skipped: LITOPYS_TEST_PG_URL is unset (install and start PostgreSQL, then set it, e.g. ' +
  'LITOPYS_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test)';

/** A throwaway database on the test server. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Drops it (terminating any connection still open). */
  drop(): Promise<void>;
}

async function admin<T>(base: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * Creates `litopys_test_<random>` on the server of LITOPYS_TEST_PG_URL; each test run gets its own and drops it.
 *
 * @example const db = await createTestDatabase(); … await db.drop();
 */
export async function createTestDatabase(base = PG_URL): Promise<TestDatabase> {
  if (!base) throw new Error(PG_SKIP_REASON);
  const name = `litopys_test_${randomBytes(6).toString('hex')}`;
  await admin(base, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    drop: () =>
      admin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
