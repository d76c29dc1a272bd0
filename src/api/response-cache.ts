/** How many recently asked keys `ResponseCache.askedBefore` remembers. */
const ASKED_KEYS = 10_000;

/**
 * A bounded cache of response bodies for one store state: entries are keyed by a normalised query and belong to the
 * store's change token, so the first lookup under a new token (a write happened) empties the cache. Least recently
 * used entries leave first once `maxBytes` of bodies are held; a body larger than a quarter of that is not kept.
 * Maps and QGIS ask for the same views again and again; a hit skips the query and the page assembly.
 *
 * @example
 * const cache = new ResponseCache<{ next: string | null }>(64 * 2 ** 20);
 * cache.set('3f2a.7', key, body, { next: null });
 * cache.get('3f2a.7', key)?.body === body; // true, until a write moves the token on
 */
export class ResponseCache<Meta> {
  readonly #maxBytes: number;
  readonly #entries = new Map<string, { body: Buffer; meta: Meta }>();
  readonly #asked = new Map<string, true>();
  #token: string | null = null;
  #bytes = 0;
  #hits = 0;
  #misses = 0;

  constructor(maxBytes: number) {
    if (!Number.isFinite(maxBytes) || maxBytes < 0) {
      throw new RangeError(`maxBytes: expected a size in bytes, got ${maxBytes}`);
    }
    this.#maxBytes = maxBytes;
  }

  /** The body and its metadata stored under `key` for this change token, or undefined. */
  get(token: string, key: string): { body: Buffer; meta: Meta } | undefined {
    this.#use(token);
    const hit = this.#entries.get(key);
    if (hit === undefined) {
      this.#misses += 1;
      return undefined;
    }
    this.#hits += 1;
    // Re-inserting moves the key to the end of the Map's order: the Map's first key is the least recently used.
    this.#entries.delete(key);
    this.#entries.set(key, hit);
    return hit;
  }

  /** Keeps `body` under `key` for this change token, evicting the least recently used bodies to stay in budget. */
  set(token: string, key: string, body: Buffer, meta: Meta): void {
    this.#use(token);
    if (body.length > this.#maxBytes / 4) return;
    const old = this.#entries.get(key);
    if (old !== undefined) {
      this.#bytes -= old.body.length;
      this.#entries.delete(key);
    }
    this.#entries.set(key, { body, meta });
    this.#bytes += body.length;
    for (const [k, v] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(k);
      this.#bytes -= v.body.length;
    }
  }

  /**
   * Records that `key` was asked for under this token and says whether it had been before (the last
   * `ASKED_KEYS` keys are remembered). A caller whose pages are nearly as cheap to make as to keep (copied out of
   * memory) keeps only those asked for again, so a stream of new views does not churn the cache.
   */
  askedBefore(token: string, key: string): boolean {
    this.#use(token);
    const before = this.#asked.delete(key);
    this.#asked.set(key, true);
    if (this.#asked.size > ASKED_KEYS) {
      for (const k of this.#asked.keys()) {
        this.#asked.delete(k);
        break;
      }
    }
    return before;
  }

  /** Entries, bytes held, and lookups that hit or missed since the cache was made. */
  stats(): { entries: number; bytes: number; hits: number; misses: number } {
    return { entries: this.#entries.size, bytes: this.#bytes, hits: this.#hits, misses: this.#misses };
  }

  #use(token: string): void {
    if (token === this.#token) return;
    this.#token = token;
    this.#entries.clear();
    this.#asked.clear();
    this.#bytes = 0;
  }
}
