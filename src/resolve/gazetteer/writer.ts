import Database from 'better-sqlite3';
import type { GazetteerEntry } from '../../domain/index.js';
import { HeadFilter } from './head-filter.js';
import { nameSkeleton, normaliseName } from './normalise.js';

/** The `meta` key of the Bloom filter over the name heads (see HeadFilter). */
export const HEAD_FILTER_META = 'name_heads_filter';

/** Bumped whenever the schema or what importers write changes, so cached databases are rebuilt. */
export const SCHEMA_VERSION = 12;

/**
 * Name origins from strongest to weakest. When one (key, id) pair arrives twice, the stronger origin is kept, so an
 * official name never shows as a mere variant.
 */
export const ORIGINS = [
  'official',
  'current',
  'former',
  'curated',
  'russian',
  'alternate',
  'variant',
] as const;

const ORIGIN_RANK = `CASE %s ${ORIGINS.map((o, i) => `WHEN '${o}' THEN ${i}`).join(' ')} ELSE ${ORIGINS.length} END`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  category TEXT,
  country TEXT NOT NULL,
  admin1 TEXT, admin2 TEXT, admin3 TEXT,
  admin1_code TEXT, admin2_code TEXT, admin3_code TEXT,
  population INTEGER,
  is_seat INTEGER,
  radius_km REAL,
  name_local TEXT,
  source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS names (
  key TEXT NOT NULL,
  id TEXT NOT NULL,
  origin TEXT NOT NULL,
  PRIMARY KEY (key, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_by_id ON names (id);
-- Every distinct key by the skeleton of its first word (see nameSkeleton), rewritten on close: a place matcher loads
-- the names that can start at a word it meets instead of all of them. one_word is the first letter and length of a
-- one-word key's skeleton ('p7'), the bucket a near-miss spelling is looked for in.
CREATE TABLE IF NOT EXISTS name_heads (
  head TEXT NOT NULL,
  key TEXT NOT NULL,
  one_word TEXT,
  PRIMARY KEY (head, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS name_heads_by_one_word ON name_heads (one_word, head, key) WHERE one_word IS NOT NULL;
CREATE INDEX IF NOT EXISTS entries_by_kind ON entries (kind, country);
CREATE INDEX IF NOT EXISTS entries_by_lat ON entries (lat);
`;

/** An entry as importers write it: the domain entry plus its local-script name and the source label. */
export interface EntryRecord extends GazetteerEntry {
  /** The name in the local script (Ukrainian Cyrillic for OCHA rows). */
  readonly nameLocal?: string;
  readonly source: string;
}

type Row = Record<string, string | number | null>;

/**
 * The write side of a gazetteer database: importers add entries and names through it. Opened on a file that may
 * already hold data (imports add up); `SqliteGazetteer` then opens the finished file read-only.
 *
 * @example const w = GazetteerWriter.open('g.db'); w.transaction(() => { w.addEntry(e); w.addName(e.id, 'Kyiv', 'official'); }); w.close();
 */
export class GazetteerWriter {
  private readonly insertEntry: Database.Statement<Row>;
  private readonly insertName: Database.Statement<[string, string, string]>;
  private readonly getMeta: Database.Statement<[string], { v: string }>;
  private readonly putMeta: Database.Statement<[string, string]>;

  private constructor(readonly db: Database.Database) {
    this.insertEntry = db.prepare(
      `INSERT OR REPLACE INTO entries VALUES (@id, @name, @kind, @lat, @lon, @category, @country, @admin1, @admin2,
       @admin3, @admin1_code, @admin2_code, @admin3_code, @population, @is_seat, @radius_km, @name_local, @source)`,
    );
    this.insertName = db.prepare(
      `INSERT INTO names (key, id, origin) VALUES (?, ?, ?) ON CONFLICT (key, id) DO UPDATE SET origin = excluded.origin
       WHERE ${ORIGIN_RANK.replace('%s', 'excluded.origin')} < ${ORIGIN_RANK.replace('%s', 'names.origin')}`,
    );
    this.getMeta = db.prepare('SELECT v FROM meta WHERE k = ?');
    this.putMeta = db.prepare('INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)');
  }

  /** Opens (creating when absent) a gazetteer database for writing. */
  static open(path: string): GazetteerWriter {
    const db = new Database(path);
    // A build is one process writing a fresh file; durability mid-build buys nothing.
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA);
    const w = new GazetteerWriter(db);
    if (!w.meta('schema')) w.setMeta('schema', String(SCHEMA_VERSION));
    return w;
  }

  /** Runs `fn` in one transaction (imports are thousands of rows). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Adds or replaces an entry (by id). Coordinates are rounded to 5 decimals. */
  addEntry(e: EntryRecord): void {
    this.insertEntry.run({
      id: e.id,
      name: e.name,
      kind: e.kind,
      lat: Math.round(e.lat * 1e5) / 1e5,
      lon: Math.round(e.lon * 1e5) / 1e5,
      category: e.category ?? null,
      country: e.country,
      admin1: e.admin1 || null,
      admin2: e.admin2 || null,
      admin3: e.admin3 || null,
      admin1_code: e.admin1Code || null,
      admin2_code: e.admin2Code || null,
      admin3_code: e.admin3Code || null,
      population: e.population ?? null,
      is_seat: e.isAdminSeat === undefined ? null : e.isAdminSeat ? 1 : 0,
      radius_km: e.radiusKm ?? null,
      name_local: e.nameLocal || null,
      source: e.source,
    });
  }

  /** Makes `name` (normalised here) find entry `id`. Empty names are ignored; returns whether a key was written. */
  addName(id: string, name: string, origin: string): boolean {
    const key = normaliseName(name);
    if (key === '') return false;
    this.insertName.run(key, id, origin);
    return true;
  }

  /** Like `addName` for a key that is already normalised (variants are generated in normalised form). */
  addKeyed(id: string, key: string, origin: string): boolean {
    if (key === '') return false;
    this.insertName.run(key, id, origin);
    return true;
  }

  /** The [lat, lon] of an entry, if present. */
  entryPoint(id: string): [number, number] | undefined {
    const r = this.db.prepare('SELECT lat, lon FROM entries WHERE id = ?').get(id) as
      { lat: number; lon: number } | undefined;
    return r ? [r.lat, r.lon] : undefined;
  }

  /** The display name of an entry, if present. */
  entryName(id: string): string | undefined {
    return (this.db.prepare('SELECT name FROM entries WHERE id = ?').get(id) as { name: string } | undefined)
      ?.name;
  }

  /** Whether an entry with this id exists. */
  has(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM entries WHERE id = ?').get(id) !== undefined;
  }

  /** A value of the `meta` table (`schema`, `sources`), if set. */
  meta(k: string): string | undefined {
    return this.getMeta.get(k)?.v;
  }

  /** Sets a value of the `meta` table. */
  setMeta(k: string, v: string): void {
    this.putMeta.run(k, v);
  }

  /** Records an imported source (file name or label) in the `sources` list that `info()` reports. */
  addSource(label: string): void {
    const sources = JSON.parse(this.meta('sources') ?? '[]') as string[];
    if (!sources.includes(label)) sources.push(label);
    this.setMeta('sources', JSON.stringify(sources));
  }

  /**
   * Rewrites the `name_heads` table from every distinct key, and the Bloom filter over its heads in `meta` (imports
   * add up, so both are rebuilt whole; a few hundred milliseconds for 200,000 keys). `close` calls it.
   */
  indexNameHeads(): void {
    const keys = this.db.prepare('SELECT DISTINCT key FROM names ORDER BY key').pluck().all() as string[];
    const insert = this.db.prepare<[string, string, string | null]>(
      'INSERT OR IGNORE INTO name_heads (head, key, one_word) VALUES (?, ?, ?)',
    );
    const heads = new Set<string>();
    this.transaction(() => {
      this.db.exec('DELETE FROM name_heads');
      for (const key of keys) {
        const words = key.split(' ').filter((w) => w !== '');
        if (words.length === 0) continue;
        const head = nameSkeleton(words[0]);
        heads.add(head);
        insert.run(head, key, words.length === 1 ? `${head[0]}${head.length}` : null);
      }
      this.setMeta(HEAD_FILTER_META, HeadFilter.of([...heads]).serialise());
    });
  }

  /** Indexes the name heads, updates planner statistics and closes the file. */
  close(): void {
    this.indexNameHeads();
    this.db.exec('ANALYZE');
    this.db.close();
  }
}
