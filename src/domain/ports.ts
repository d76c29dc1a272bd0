import type { GazetteerEntry } from './place.js';

/** The time source, injected so outputs are deterministic in tests. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A fixed clock for tests and reproducible runs. */
export function fixedClock(iso: string): Clock {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`fixedClock: not a date: ${iso}`);
  return { now: () => new Date(d) };
}

/** One searchable name of a gazetteer entry. */
export interface GazetteerName {
  /** The name folded by the gazetteer's `normalise` (lower case, no diacritics/apostrophes, hyphens as spaces). */
  readonly key: string;
  readonly id: string;
  /** Where the name comes from: `official`, `current`, `former`, `variant`, `russian`, `alternate`, `curated`. */
  readonly origin: string;
}

/** Facts about a loaded gazetteer, for `stats` and benchmarks. */
export interface GazetteerInfo {
  readonly path: string;
  readonly sources: readonly string[];
  readonly entries: number;
  readonly names: number;
}

/**
 * The place gazetteer port: read-only lookups by normalised name and by id. Implementations: `SqliteGazetteer`.
 *
 * @example gaz.lookup('dobropillia') → six entries, the city `UA1416007001` among them.
 */
export interface Gazetteer {
  /** Folds a name the same way the index was built (so callers can build matchers over `names()`). */
  normalise(name: string): string;
  /** Entries any of whose names normalises to `key` (pass a normalised key). */
  lookup(key: string): readonly GazetteerEntry[];
  get(id: string): GazetteerEntry | undefined;
  /** Every searchable name, for building a multi-pattern matcher in one pass. */
  names(): Iterable<GazetteerName>;
  info(): GazetteerInfo;
  close(): void;
  /** Optional: entries within `km` of a point, nearest first (ties by id), optionally of some kinds only. */
  near?(
    lat: number,
    lon: number,
    km: number,
    kinds?: readonly GazetteerEntry['kind'][],
  ): readonly GazetteerEntry[];
  /** Optional: every searchable name of one entry (with its origin), sorted by key. */
  namesOf?(id: string): readonly GazetteerName[];
  /**
   * Optional: `lookup` of several keys at once (one query where a key each would cost more than the rows); each key
   * maps to what `lookup(key)` returns.
   */
  lookupMany?(keys: readonly string[]): ReadonlyMap<string, readonly GazetteerEntry[]>;
}
