import Database from 'better-sqlite3';
import type {
  Gazetteer,
  GazetteerEntry,
  GazetteerInfo,
  GazetteerName,
  SettlementCategory,
} from '../../domain/index.js';
import { distanceKm } from '../../domain/index.js';
import { HeadFilter } from './head-filter.js';
import { nameSkeleton, normaliseName } from './normalise.js';
import { HEAD_FILTER_META } from './writer.js';

/** A row of COLUMNS as an array, after any leading columns (`raw` statements skip an object per row). */
type RawRow = readonly unknown[];

const NONE: readonly GazetteerEntry[] = Object.freeze([]);

/** The optional admin names and codes, in COLUMNS order from the eighth column on. */
const ADMIN_FIELDS = ['admin1', 'admin2', 'admin3', 'admin1Code', 'admin2Code', 'admin3Code'] as const;

/**
 * The entry of a raw row whose COLUMNS start at `at`. Optional fields are left out rather than set to undefined, so
 * entries compare and serialise cleanly.
 */
function rawEntry(r: RawRow, at: number): GazetteerEntry {
  const e: { -readonly [K in keyof GazetteerEntry]: GazetteerEntry[K] } = {
    id: r[at] as string,
    name: r[at + 1] as string,
    kind: r[at + 2] as GazetteerEntry['kind'],
    lat: r[at + 3] as number,
    lon: r[at + 4] as number,
    country: r[at + 6] as string,
  };
  const category = r[at + 5] as string | null;
  if (category !== null) e.category = category as SettlementCategory;
  ADMIN_FIELDS.forEach((field, i) => {
    const v = r[at + 7 + i] as string | null;
    if (v !== null) e[field] = v;
  });
  const population = r[at + 13] as number | null;
  if (population !== null) e.population = population;
  const isSeat = r[at + 14] as number | null;
  if (isSeat !== null) e.isAdminSeat = isSeat === 1;
  const radius = r[at + 15] as number | null;
  if (radius !== null) e.radiusKm = radius;
  return e;
}

/**
 * The gazetteer's keys by the skeleton of their first word (`nameSkeleton`), for a place matcher that loads names as
 * it meets words instead of all of them at start-up. Both lists come in key order.
 */
export interface NameHeads {
  /** The skeleton the index was built with: a matcher folds text words with it. */
  skeleton(word: string): string;
  /** Every key whose first word has skeleton `head`. */
  keysWithHead(head: string): readonly string[];
  /** Every key whose first word has one of these skeletons, as `[head, key]` in head, then key order: one query. */
  keysWithHeads(heads: readonly string[]): readonly (readonly [string, string])[];
  /** Every one-word key whose skeleton starts with `letter` and is `length` long, as `[skeleton, key]`. */
  oneWordKeys(letter: string, length: number): readonly (readonly [string, string])[];
}

/** `info()` plus breakdowns, for `litopys gazetteer info`. */
export interface GazetteerStats extends GazetteerInfo {
  readonly byKind: Readonly<Record<string, number>>;
  readonly byCountry: Readonly<Record<string, number>>;
  readonly byOrigin: Readonly<Record<string, number>>;
}

const NAMES_PAGE = 5000;
const LOOKUP_CACHE = 4096;

const COLUMNS =
  'e.id, e.name, e.kind, e.lat, e.lon, e.category, e.country, e.admin1, e.admin2, e.admin3, e.admin1_code, ' +
  'e.admin2_code, e.admin3_code, e.population, e.is_seat, e.radius_km';

/**
 * The `Gazetteer` port over a SQLite file built by `buildGazetteer` or `litopys gazetteer import`, opened read-only.
 * Lookups are one indexed query; results are ordered by id, so they are deterministic.
 *
 * @example const g = SqliteGazetteer.open('g.db'); g.lookup(g.normalise('Dobropillia')).length; g.close();
 */
export class SqliteGazetteer implements Gazetteer {
  private readonly byKey: Database.Statement<[string], RawRow>;
  private readonly byKeys: Database.Statement<[string], RawRow>;
  private readonly byId: Database.Statement<[string], RawRow>;
  private readonly allNames: Database.Statement<[string, string], [string, string, string]>;
  private readonly namesById: Database.Statement<[string], GazetteerName>;
  private readonly cache = new Map<string, readonly GazetteerEntry[]>();
  private readonly nearStmt: Database.Statement<[number, number, number, number], RawRow>;
  private readonly heads: NameHeads | null;

  private constructor(
    private readonly conn: Database.Database,
    readonly path: string,
  ) {
    // n.id equals e.id, and the names primary key (key, id) gives that order: SQLite sorts nothing.
    this.byKey = conn
      .prepare<[string], RawRow>(
        `SELECT ${COLUMNS} FROM names n JOIN entries e ON e.id = n.id WHERE n.key = ? ORDER BY n.id`,
      )
      .raw(true);
    // Same rows and order per key as byKey: keys come one after another, each key's entries by id.
    this.byKeys = conn
      .prepare<[string], RawRow>(
        `SELECT n.key, ${COLUMNS} FROM names n JOIN entries e ON e.id = n.id ` +
          'WHERE n.key IN (SELECT value FROM json_each(?)) ORDER BY n.key, n.id',
      )
      .raw(true);
    this.byId = conn.prepare<[string], RawRow>(`SELECT ${COLUMNS} FROM entries e WHERE e.id = ?`).raw(true);
    this.allNames = conn
      .prepare<[string, string], [string, string, string]>(
        `SELECT key, id, origin FROM names WHERE (key, id) > (?, ?) ORDER BY key, id LIMIT ${NAMES_PAGE}`,
      )
      .raw(true);
    this.namesById = conn.prepare('SELECT key, id, origin FROM names WHERE id = ? ORDER BY key');
    this.nearStmt = conn
      .prepare<[number, number, number, number], RawRow>(
        `SELECT ${COLUMNS} FROM entries e WHERE e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ? ORDER BY e.id`,
      )
      .raw(true);
    this.heads = SqliteGazetteer.headsOf(conn);
  }

  /** The name-heads index of a file built with it (schema 11 on; the filter over its heads from 12), else null. */
  private static headsOf(conn: Database.Database): NameHeads | null {
    const has = conn
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'name_heads'")
      .get();
    if (!has) return null;
    // An older file opened by a newer writer has the table but may not have filled it: trust it only when it agrees
    // with the names table on being empty.
    const filled = conn.prepare('SELECT 1 FROM name_heads LIMIT 1').get() !== undefined;
    const named = conn.prepare('SELECT 1 FROM names LIMIT 1').get() !== undefined;
    if (filled !== named) return null;
    const byHead = conn
      .prepare<[string], string>('SELECT key FROM name_heads WHERE head = ? ORDER BY key')
      .pluck();
    const byHeads = conn
      .prepare<[string], [string, string]>(
        'SELECT head, key FROM name_heads WHERE head IN (SELECT value FROM json_each(?)) ORDER BY head, key',
      )
      .raw(true);
    const byBucket = conn
      .prepare<[string], [string, string]>(
        'SELECT head, key FROM name_heads WHERE one_word = ? ORDER BY head, key',
      )
      .raw(true);
    // Most capitalised words of a report start no name: the filter answers those without a query.
    const stored = conn
      .prepare<[string], string>('SELECT v FROM meta WHERE k = ?')
      .pluck()
      .get(HEAD_FILTER_META);
    const filter = stored === undefined ? null : HeadFilter.parse(stored);
    return {
      skeleton: nameSkeleton,
      keysWithHead: (head) => (filter && !filter.has(head) ? [] : byHead.all(head)),
      keysWithHeads: (heads) => {
        const wanted = filter ? heads.filter((h) => filter.has(h)) : heads;
        return wanted.length === 0 ? [] : byHeads.all(JSON.stringify(wanted));
      },
      oneWordKeys: (letter, length) => byBucket.all(`${letter}${length}`),
    };
  }

  /** Opens a built gazetteer file read-only; throws when it is missing or not a gazetteer. */
  static open(path: string): SqliteGazetteer {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    const ok = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'names'").get();
    if (!ok) {
      db.close();
      throw new Error(`SqliteGazetteer.open: ${path} is not a gazetteer database (no names table)`);
    }
    return new SqliteGazetteer(db, path);
  }

  normalise(name: string): string {
    return normaliseName(name);
  }

  /** Entries for a normalised key, ordered by id; repeated keys are served from a small bounded cache. */
  lookup(key: string): readonly GazetteerEntry[] {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const found = Object.freeze(this.byKey.all(key).map((r) => Object.freeze(rawEntry(r, 0))));
    // A recogniser looks the same few hundred names up over and over; evict the oldest key past the bound.
    if (this.cache.size >= LOOKUP_CACHE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, found);
    return found;
  }

  /**
   * `lookup` of several keys with one query for those not cached (an article's first resolution meets a hundred
   * names or more; a query each costs more than the rows). Each key maps to what `lookup(key)` returns.
   *
   * @example g.lookupMany(['pokrovsk', 'dobropillia']).get('pokrovsk') → the entries of g.lookup('pokrovsk')
   */
  lookupMany(keys: readonly string[]): ReadonlyMap<string, readonly GazetteerEntry[]> {
    const out = new Map<string, readonly GazetteerEntry[]>();
    const missing: string[] = [];
    for (const key of keys) {
      if (out.has(key)) continue;
      const hit = this.cache.get(key);
      if (hit) out.set(key, hit);
      else {
        out.set(key, NONE);
        missing.push(key);
      }
    }
    if (missing.length === 0) return out;
    if (missing.length === 1) {
      out.set(missing[0], this.lookup(missing[0]));
      return out;
    }
    const found = new Map<string, GazetteerEntry[]>();
    for (const r of this.byKeys.all(JSON.stringify(missing))) {
      const key = r[0] as string;
      let list = found.get(key);
      if (!list) {
        list = [];
        found.set(key, list);
      }
      list.push(Object.freeze(rawEntry(r, 1)));
    }
    for (const key of missing) {
      const entries = Object.freeze(found.get(key) ?? []);
      if (this.cache.size >= LOOKUP_CACHE) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, entries);
      out.set(key, entries);
    }
    return out;
  }

  get(id: string): GazetteerEntry | undefined {
    const r = this.byId.get(id);
    return r ? rawEntry(r, 0) : undefined;
  }

  /**
   * Streams every (key, id, origin) in key order, a page of rows at a time (keyset paging over the primary key is
   * about twice as fast as stepping a statement row by row, and holds only one page in memory).
   */
  *names(): IterableIterator<GazetteerName> {
    let after: [string, string] = ['', ''];
    for (;;) {
      const rows = this.allNames.all(...after);
      for (const [key, id, origin] of rows) yield { key, id, origin };
      if (rows.length < NAMES_PAGE) return;
      const last = rows[rows.length - 1];
      after = [last[0], last[1]];
    }
  }

  /**
   * The keys by the skeleton of their first word, for a place matcher that loads names lazily; null for a file built
   * before the index existed (schema < 11), whose names a matcher must read whole through `names()`.
   *
   * @example g.nameHeads()?.keysWithHead('pokrovsk') → ['pokrovsk', 'pokrovske', 'pokrovskyi raion', …]
   */
  nameHeads(): NameHeads | null {
    return this.heads;
  }

  /** Every searchable name of one entry, sorted by key. */
  namesOf(id: string): readonly GazetteerName[] {
    return this.namesById.all(id);
  }

  /**
   * Entries within `km` of a point, nearest first (ties by id), optionally of some kinds only.
   *
   * @example g.near(48.283, 37.183, 25, ['settlement']) → Pokrovsk, Rodynske, Myrnohrad, …
   */
  near(
    lat: number,
    lon: number,
    km: number,
    kinds?: readonly GazetteerEntry['kind'][],
  ): readonly GazetteerEntry[] {
    const dLat = km / 111.2;
    const dLon = km / (111.2 * Math.max(0.05, Math.cos((lat * Math.PI) / 180)));
    const out: [number, GazetteerEntry][] = [];
    for (const r of this.nearStmt.iterate(lat - dLat, lat + dLat, lon - dLon, lon + dLon)) {
      const e = rawEntry(r, 0);
      if (kinds && !kinds.includes(e.kind)) continue;
      const d = distanceKm(lat, lon, e.lat, e.lon);
      if (d <= km) out.push([d, e]);
    }
    return out.sort((a, b) => a[0] - b[0] || (a[1].id < b[1].id ? -1 : 1)).map((x) => x[1]);
  }

  info(): GazetteerInfo {
    const meta = (k: string): string | undefined =>
      (this.conn.prepare('SELECT v FROM meta WHERE k = ?').get(k) as { v: string } | undefined)?.v;
    const count = (sql: string): number => (this.conn.prepare(sql).get() as { n: number }).n;
    return {
      path: this.path,
      sources: JSON.parse(meta('sources') ?? '[]') as string[],
      entries: count('SELECT count(*) AS n FROM entries'),
      names: count('SELECT count(*) AS n FROM names'),
    };
  }

  /**
   * Counts for `litopys gazetteer info`: entries by kind and by country, names by origin.
   *
   * @example g.stats().byKind.settlement === 29708
   */
  stats(): GazetteerStats {
    const group = (sql: string): Record<string, number> =>
      Object.fromEntries(
        (this.conn.prepare(sql).raw(true).all() as [string, number][]).map(([k, n]) => [k, n]),
      );
    return {
      ...this.info(),
      byKind: group('SELECT kind, count(*) FROM entries GROUP BY kind ORDER BY kind'),
      byCountry: group('SELECT country, count(*) FROM entries GROUP BY country ORDER BY country'),
      byOrigin: group('SELECT origin, count(*) FROM names GROUP BY origin ORDER BY origin'),
    };
  }

  /** The underlying read-only connection, for diagnostics and benchmarks (`litopys gazetteer info`). */
  db(): Database.Database {
    return this.conn;
  }

  close(): void {
    if (this.conn.open) this.conn.close();
  }
}
