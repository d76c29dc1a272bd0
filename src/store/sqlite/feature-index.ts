import type Database from 'better-sqlite3';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { GZIP_OVERHEAD, GzipMember, crc32Shift, storedSize } from '../gzip-member.js';
import type { Clock } from '../../domain/index.js';
import { systemClock } from '../../domain/index.js';
import type { EventFeaturePage, EventFilter, FeatureFrame, FeatureIndexStatus } from '../store.js';

const EMPTY = new Uint8Array(0);

/** Log rows writers keep (migration 008); a reader further behind than this reloads. */
export const FEATURE_LOG_KEEP = 100_000;

/** Filters the index answers; a filter with any other key goes to SQL. */
const INDEXED: ReadonlySet<string> = new Set([
  'bbox',
  'since',
  'until',
  'eventType',
  'subEventType',
  'minConfidence',
]);

/** Events read per load step; the event loop runs between steps, so a loading server keeps answering from SQL. */
const LOAD_CHUNK = 2000;

/** More changes than this since the last look: reload rather than apply them one by one. */
const MAX_APPLIED_CHANGES = 50_000;

/**
 * How long an index that gave up waits before it loads again (only once something was written since, unless a read
 * failed); the wait doubles with each load that gives up again, up to `RETRY_MAX_MS`, and starts over once one loads.
 */
export const RETRY_FIRST_MS = 60_000;
const RETRY_MAX_MS = 3_600_000;

/**
 * The events of one day in `event_id` order, as typed arrays (the heap holds a few objects per day, not several per
 * event, so V8's full collections, which a server's megabyte responses set off every few dozen requests, stay
 * cheap): what a page filters on, and where its Feature's bytes are (a slab of the index, an offset and a length),
 * with those of its compressed piece (the same slab number among the piece slabs), the text's CRC-32 and its
 * `crc32Shift` table (a position in the index's list of them). The ids are one string, `idEnd[k]` the end of the k-th.
 */
interface Day {
  readonly date: string;
  readonly n: number;
  readonly ids: string;
  readonly idEnd: Uint32Array;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly confidence: Float64Array;
  readonly type: Uint16Array;
  readonly subType: Uint16Array;
  readonly slab: Uint32Array;
  readonly offset: Uint32Array;
  readonly length: Uint32Array;
  readonly pieceOffset: Uint32Array;
  readonly pieceLength: Uint32Array;
  readonly crc: Uint32Array;
  readonly shift: Uint32Array;
  /** The day's entries (indexes in id order) in the order their bytes lie in memory: by slab, then offset. */
  readonly inMemory: Uint32Array;
}

/** One event as the index takes it in (`type` and `subType` as codes, `slab` as an index). */
interface Entry {
  readonly id: string;
  readonly lon: number;
  readonly lat: number;
  readonly confidence: number;
  readonly type: number;
  readonly subType: number;
  readonly slab: number;
  readonly offset: number;
  readonly length: number;
  readonly pieceOffset: number;
  /** 0 when the store holds no piece for the Feature (then the index sends no gzip). */
  readonly pieceLength: number;
  readonly crc: number;
  readonly shift: number;
}

/** A day made of entries already in id order. */
function dayOf(date: string, entries: readonly Entry[]): Day {
  const n = entries.length;
  const day = {
    date,
    n,
    ids: entries.map((e) => e.id).join(''),
    idEnd: new Uint32Array(n),
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    confidence: new Float64Array(n),
    type: new Uint16Array(n),
    subType: new Uint16Array(n),
    slab: new Uint32Array(n),
    offset: new Uint32Array(n),
    length: new Uint32Array(n),
    pieceOffset: new Uint32Array(n),
    pieceLength: new Uint32Array(n),
    crc: new Uint32Array(n),
    shift: new Uint32Array(n),
    inMemory: Uint32Array.from(
      entries
        .map((_, k) => k)
        .sort((a, b) => {
          const x = entries[a];
          const y = entries[b];
          return x.slab - y.slab || x.offset - y.offset;
        }),
    ),
  };
  let end = 0;
  entries.forEach((e, k) => {
    end += e.id.length;
    day.idEnd[k] = end;
    day.lon[k] = e.lon;
    day.lat[k] = e.lat;
    day.confidence[k] = e.confidence;
    day.type[k] = e.type;
    day.subType[k] = e.subType;
    day.slab[k] = e.slab;
    day.offset[k] = e.offset;
    day.length[k] = e.length;
    day.pieceOffset[k] = e.pieceOffset;
    day.pieceLength[k] = e.pieceLength;
    day.crc[k] = e.crc;
    day.shift[k] = e.shift;
  });
  return day;
}

/** The day's entries, in order (to rebuild it with the changes the log brings). */
function entriesOf(day: Day): Entry[] {
  return Array.from({ length: day.n }, (_, k) => ({
    id: idAt(day, k),
    lon: day.lon[k],
    lat: day.lat[k],
    confidence: day.confidence[k],
    type: day.type[k],
    subType: day.subType[k],
    slab: day.slab[k],
    offset: day.offset[k],
    length: day.length[k],
    pieceOffset: day.pieceOffset[k],
    pieceLength: day.pieceLength[k],
    crc: day.crc[k],
    shift: day.shift[k],
  }));
}

function idAt(day: Day, k: number): string {
  return day.ids.slice(k === 0 ? 0 : day.idEnd[k - 1], day.idEnd[k]);
}

/** First k in the day whose id is > `id` (`strict`) or >= `id`. */
function idBound(day: Day, id: string, strict: boolean): number {
  let lo = 0;
  let hi = day.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = idAt(day, mid);
    if (v < id || (strict && v === id)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Degrees per side of the cells that order a day's Feature bytes in memory (`layout`). */
const LAYOUT_CELL_DEGREES = 0.25;

/**
 * The order in which a load step lays out its rows' Feature bytes (row indexes): by day, then by a 0.25° cell, then
 * as given (by id). A page's matches in a box then sit in runs of neighbouring bytes instead of scattered over the day:
 * the copy is bound by memory misses, not by the bytes (profiled under autocannon: 0.85 → 0.70 ms of copying a page).
 */
function layout(rows: readonly (readonly unknown[])[]): number[] {
  const cell = rows.map((r) => {
    const lon = num(r[3]);
    const lat = num(r[4]);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return -1;
    return (
      Math.floor((lat + 90) / LAYOUT_CELL_DEGREES) * 10_000 + Math.floor((lon + 180) / LAYOUT_CELL_DEGREES)
    );
  });
  return rows
    .map((_, k) => k)
    .sort((a, b) => {
      const da = String(rows[a]?.[1]);
      const db = String(rows[b]?.[1]);
      if (da !== db) return da < db ? -1 : 1;
      return cell[a] - cell[b] || a - b;
    });
}

/** First index in sorted `list` whose value is > `key` (`strict`) or >= `key`. */
function bound(list: readonly string[], key: string, strict: boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid];
    if (v < key || (strict && v === key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : v === null ? Number.NaN : Number(v));

/**
 * Every stored Feature of a SQLite store held in memory by day, for `/api/events.geojson` pages filtered by box,
 * dates, types and confidence: a page is a walk over the days in range testing coordinates held in arrays, then a
 * copy of the matches' bytes, a run of neighbours in memory at a time. Read from SQLite, the same page is 1,000 row
 * look-ups scattered over the file (2–5.5 ms on 1,000,000 events, measured in-process); from memory it is 0.42–0.62
 * ms on the same events after a warm-up round, most of it the copy.
 *
 * The index answers what SQL answers (same events, cursor and bytes, in date order; within a day its Features come in
 * memory order, where SQL's come in id order; a test compares the two on random filters). It loads in steps after the
 * store opens, answering nothing until loaded; then, before each page, it reads the store's generation and applies
 * what the Feature log (migration 008) says changed since, whichever process wrote it; it reloads (SQL answering
 * meanwhile) when the log no longer reaches back that far or the changes are many. It gives up, leaving every page to
 * SQL, when the Features outgrow `maxBytes`, some event lacks its stored Feature, or a read fails; it loads again once
 * `RETRY_FIRST_MS` (doubling with each failed try) has passed on the store's clock and something was written since.
 *
 * @example
 * const index = new FeatureIndex(db, 2 ** 31);
 * await index.load();
 * if (FeatureIndex.covers(filter) && index.sync()) index.page(filter, 1000, null).count; // → up to 1000
 */
export class FeatureIndex {
  readonly #db: Database.Database;
  readonly #maxBytes: number;
  readonly #statements = new Map<string, Database.Statement>();
  #days: Day[] = [];
  #dates: string[] = [];
  #slabs: Buffer[] = [];
  /** The compressed pieces of the Features in `#slabs[k]`, in the same order. */
  #pieceSlabs: Buffer[] = [];
  /** Events whose Feature has no compressed piece (written before migration 009 by another process): no gzip. */
  #pieceless = 0;
  /** `crc32Shift` tables, one per Feature length met; `Entry.shift` is a position here. */
  #shiftTables: Uint32Array[] = [];
  #shiftOf = new Map<number, number>();
  /** Scratch flags, one per entry of a day, for `#inMemoryOrder` (left all 0 between pages). */
  #marks = new Uint8Array(1024);
  #codes = new Map<string, number>();
  #names: string[] = [];
  #state: FeatureIndexStatus['state'] = 'loading';
  #reason: string | null = null;
  #events = 0;
  #bytes = 0;
  #garbage = 0;
  #generation = -1;
  #logId = 0;
  #loading: Promise<void> | null = null;
  /** True while `#load` runs (between its steps too); false once it has returned, whatever its promise's state. */
  #running = false;
  #closed = false;
  #loadMs: number | null = null;
  readonly #clock: Clock;
  /** When an index that gave up may load again (clock ms), and the store's generation when it gave up. */
  #retryAt = 0;
  #retryGeneration = -1;
  #retryWaitMs = RETRY_FIRST_MS;

  constructor(db: Database.Database, maxBytes: number, clock: Clock = systemClock) {
    if (!(maxBytes > 0))
      throw new RangeError(`maxBytes: expected a positive number of bytes, got ${maxBytes}`);
    this.#db = db;
    this.#maxBytes = maxBytes;
    this.#clock = clock;
  }

  /** What the index holds and whether it answers. */
  status(): FeatureIndexStatus {
    return {
      state: this.#state,
      events: this.#events,
      bytes: this.#bytes,
      maxBytes: this.#maxBytes,
      loadMs: this.#loadMs,
      reason: this.#reason,
    };
  }

  /** Whether the index can answer `filter` at all (its keys are among those it holds). */
  static covers(filter: EventFilter): boolean {
    for (const [k, v] of Object.entries(filter)) if (v !== undefined && !INDEXED.has(k)) return false;
    return true;
  }

  /** Loads every Feature (again), in steps; resolves when the index is ready or has given up. */
  load(): Promise<void> {
    // A load that has returned (its promise may not have settled yet: one that gives up in its first step returns
    // synchronously) is not joined: asked again, for a retry or a reload, the index loads afresh.
    if (this.#loading !== null && this.#running) return this.#loading;
    const loading: Promise<void> = this.#load()
      .catch((err: unknown) => {
        // A closed database ends a load quietly; anything else is kept for the status (SQL answers meanwhile).
        if (!this.#closed) this.#giveUp('failed', err instanceof Error ? err.message : String(err));
      })
      .finally(() => {
        if (this.#loading === loading) this.#loading = null;
      });
    this.#loading = loading;
    return loading;
  }

  /** Stops a load in progress and lets the memory go. */
  close(): void {
    this.#closed = true;
    this.#drop();
  }

  #sql(sql: string): Database.Statement {
    let st = this.#statements.get(sql);
    if (st === undefined) {
      st = this.#db.prepare(sql);
      this.#statements.set(sql, st);
    }
    return st;
  }

  #drop(): void {
    this.#days = [];
    this.#dates = [];
    this.#slabs = [];
    this.#pieceSlabs = [];
    this.#pieceless = 0;
    this.#codes = new Map();
    this.#names = [];
    this.#events = 0;
    this.#bytes = 0;
    this.#garbage = 0;
  }

  #giveUp(state: 'over-budget' | 'incomplete' | 'failed', reason: string): void {
    this.#drop();
    this.#state = state;
    this.#reason = reason;
    this.#retryAt = this.#clock.now().getTime() + this.#retryWaitMs;
    this.#retryWaitMs = Math.min(2 * this.#retryWaitMs, RETRY_MAX_MS);
    try {
      this.#retryGeneration = this.#storeGeneration();
    } catch {
      this.#retryGeneration = -1;
    }
  }

  #storeGeneration(): number {
    return num(this.#sql('SELECT generation FROM store_meta WHERE id = 1').pluck().get());
  }

  /**
   * Whether an index that gave up loads again now: its wait is over and something was written since (deletes can
   * bring the Features under budget, a writer can fill the missing ones), or its read failed.
   */
  #retryDue(): boolean {
    if (this.#closed || this.#state === 'ready' || this.#state === 'loading') return false;
    if (this.#clock.now().getTime() < this.#retryAt) return false;
    return this.#state === 'failed' || this.#storeGeneration() !== this.#retryGeneration;
  }

  #overBudget(): boolean {
    if (this.#bytes <= this.#maxBytes) return false;
    this.#giveUp('over-budget', `the stored Features exceed ${Math.round(this.#maxBytes / 2 ** 20)} MiB`);
    return true;
  }

  /** The code of an event type or sub-event type name. */
  #code(name: string): number {
    let code = this.#codes.get(name);
    if (code === undefined) {
      code = this.#names.length;
      this.#names.push(name);
      this.#codes.set(name, code);
    }
    return code;
  }

  /**
   * A row of `e.event_id, e.longitude, e.latitude, e.confidence, e.event_type, e.sub_event_type` as an Entry, its
   * Feature's bytes and compressed piece at `where` (a piece length of 0: none), `crc` the CRC-32 of the text.
   */
  #entry(
    r: readonly unknown[],
    where: { slab: number; offset: number; length: number; pieceOffset: number; pieceLength: number },
    crc: unknown,
  ): Entry {
    let shift = this.#shiftOf.get(where.length);
    if (shift === undefined) {
      shift = this.#shiftTables.push(crc32Shift(where.length)) - 1;
      this.#shiftOf.set(where.length, shift);
    }
    return {
      id: String(r[0]),
      lon: num(r[1]),
      lat: num(r[2]),
      confidence: num(r[3]),
      type: this.#code(String(r[4])),
      subType: this.#code(String(r[5])),
      ...where,
      crc: where.pieceLength > 0 ? num(crc) >>> 0 : 0,
      shift,
    };
  }

  /** Counts an entry in (`sign` 1) or out (-1) of what the index holds. */
  #count(e: Entry, sign: 1 | -1): void {
    this.#events += sign;
    this.#bytes += sign * (e.length + e.pieceLength);
    if (e.pieceLength === 0) this.#pieceless += sign;
    if (sign === -1) this.#garbage += e.length + e.pieceLength;
  }

  /** Puts a whole day in place (loading, days in order) or replaces it. */
  #setDay(day: Day): void {
    const at = bound(this.#dates, day.date, false);
    if (this.#dates[at] === day.date) {
      this.#days[at] = day;
    } else {
      this.#dates.splice(at, 0, day.date);
      this.#days.splice(at, 0, day);
    }
  }

  async #load(): Promise<void> {
    this.#running = true;
    try {
      await this.#loadSteps();
    } finally {
      this.#running = false;
    }
    // Whatever was written while loading (steps are separate reads) comes from the log; applying it is idempotent.
    // Outside the load, so that a reload it asks for (the log no longer reaching back, many changes) is a new one.
    if (this.#state === 'ready') this.sync();
  }

  async #loadSteps(): Promise<void> {
    const t0 = performance.now();
    this.#drop();
    this.#state = 'loading';
    this.#reason = null;
    const start = this.#db
      .transaction(() => ({
        generation: num(this.#sql('SELECT generation FROM store_meta WHERE id = 1').pluck().get()),
        logId: num(this.#sql('SELECT coalesce(max(id), 0) FROM feature_log').pluck().get()),
        events: num(this.#sql('SELECT count(*) FROM events').pluck().get()),
        features: num(this.#sql('SELECT count(*) FROM event_features').pluck().get()),
      }))
      .deferred();
    if (start.features !== start.events) {
      this.#giveUp(
        'incomplete',
        `${start.events - start.features} of ${start.events} events have no stored Feature`,
      );
      return;
    }
    // In (event_date, event_id) order, so the bytes of a day's events sit together in memory (each step laid out by
    // `layout`): a page copies from a few megabytes rather than from anywhere in a gigabyte (1.0 → 0.5 ms a page).
    const keys = this.#sql(
      `SELECT e.seq, e.event_date, e.event_id, e.longitude, e.latitude, e.confidence, e.event_type,
         e.sub_event_type, octet_length(f.feature), coalesce(octet_length(f.feature_deflate), 0), f.feature_crc
       FROM events e CROSS JOIN event_features f ON f.seq = e.seq
       WHERE (e.event_date, e.event_id) > (?, ?) ORDER BY e.event_date, e.event_id LIMIT ?`,
    ).raw();
    // json_each as the outer loop keeps the texts and pieces in the order of the seqs given (the lengths check it).
    const text = this.#sql(
      `SELECT CAST(group_concat(f.feature || ',', '') AS BLOB), CAST(group_concat(f.feature_deflate, '') AS BLOB)
       FROM json_each(?) j CROSS JOIN event_features f ON f.seq = j.value`,
    ).raw();
    const step = this.#db.transaction((date: string, id: string) => {
      const rows = keys.all(date, id, LOAD_CHUNK) as unknown[][];
      const order = layout(rows);
      const [slab, pieces] =
        rows.length === 0
          ? [Buffer.alloc(0), null]
          : (text.get(JSON.stringify(order.map((k) => rows[k]?.[0]))) as [Buffer, Buffer | null]);
      return { rows, order, slab, pieces: pieces ?? Buffer.alloc(0) };
    });
    let after = { date: '', id: '' };
    let date = '';
    let entries: Entry[] = [];
    for (;;) {
      if (this.#closed) return;
      const { rows, order, slab, pieces } = step.deferred(after.date, after.id);
      if (rows.length === 0) break;
      const slabAt = this.#slabs.push(slab) - 1;
      this.#pieceSlabs.push(pieces);
      const offsets = new Float64Array(rows.length);
      const pieceOffsets = new Float64Array(rows.length);
      let offset = 0;
      let pieceOffset = 0;
      for (const k of order) {
        offsets[k] = offset;
        offset += num(rows[k]?.[8]) + 1; // each Feature is followed by ',' (runs of them are copied whole)
        pieceOffsets[k] = pieceOffset;
        pieceOffset += num(rows[k]?.[9]);
      }
      rows.forEach((r, k) => {
        const rowDate = String(r[1]);
        if (rowDate !== date) {
          if (entries.length > 0) this.#setDay(dayOf(date, entries));
          date = rowDate;
          entries = [];
        }
        const where = {
          slab: slabAt,
          offset: offsets[k],
          length: num(r[8]),
          pieceOffset: pieceOffsets[k],
          pieceLength: num(r[9]),
        };
        const entry = this.#entry(r.slice(2), where, r[10]);
        entries.push(entry);
        this.#count(entry, 1);
      });
      const last = rows.at(-1) as unknown[];
      if (offset !== slab.length || pieceOffset !== pieces.length) {
        this.#giveUp(
          'failed',
          `Feature bytes up to ${String(last[1])} ${String(last[2])}: ${slab.length} and ${pieces.length} ` +
            `compressed, lengths say ${offset} and ${pieceOffset}`,
        );
        return;
      }
      if (this.#overBudget()) return;
      after = { date: String(last[1]), id: String(last[2]) };
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (this.#closed) return;
    if (entries.length > 0) this.#setDay(dayOf(date, entries));
    this.#generation = start.generation;
    this.#logId = start.logId;
    this.#state = 'ready';
    this.#retryWaitMs = RETRY_FIRST_MS;
    this.#loadMs = Math.round(performance.now() - t0);
  }

  /**
   * Applies changes to one day at once: drops the ids in `drop` (those present), then adds `add` (ids unique, none of
   * them left in the day), and rebuilds the day's arrays a single time however many events change.
   */
  #change(date: string, drop: ReadonlySet<string>, add: readonly Entry[]): void {
    const at = bound(this.#dates, date, false);
    const day = this.#dates[at] === date ? this.#days[at] : undefined;
    const kept: Entry[] = [];
    for (const e of day === undefined ? [] : entriesOf(day)) {
      if (drop.has(e.id)) this.#count(e, -1);
      else kept.push(e);
    }
    for (const e of add) this.#count(e, 1);
    const list = [...kept, ...add].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    if (list.length > 0) {
      this.#setDay(dayOf(date, list));
    } else if (day !== undefined) {
      this.#dates.splice(at, 1);
      this.#days.splice(at, 1);
    }
  }

  /**
   * Brings a ready index up to the store's generation. False when the index cannot answer now: not loaded, given up,
   * or reloading because the log no longer reaches back or the changes are many. An index that gave up starts loading
   * again here once its retry is due (`RETRY_FIRST_MS`).
   */
  sync(): boolean {
    if (this.#state !== 'ready') {
      if (this.#retryDue()) void this.load();
      return false;
    }
    const generation = this.#storeGeneration();
    if (generation === this.#generation) return true;
    const changes = this.#db
      .transaction(() => {
        const g = num(this.#sql('SELECT generation FROM store_meta WHERE id = 1').pluck().get());
        const first = this.#sql('SELECT min(id) FROM feature_log').pluck().get();
        if (first !== null && num(first) > this.#logId + 1) return { generation: g, rows: null };
        const pending = num(
          this.#sql('SELECT count(*) FROM feature_log WHERE id > ?').pluck().get(this.#logId),
        );
        if (pending > MAX_APPLIED_CHANGES) return { generation: g, rows: null };
        const log = this.#sql(
          'SELECT id, seq, op, event_date, event_id FROM feature_log WHERE id > ? ORDER BY id',
        )
          .raw()
          .all(this.#logId) as [number, number, number, string | null, string | null][];
        const row = this.#sql(
          `SELECT e.event_date, e.event_id, e.longitude, e.latitude, e.confidence, e.event_type, e.sub_event_type,
             CAST(f.feature || ',' AS BLOB), f.feature_deflate, f.feature_crc
           FROM event_features f CROSS JOIN events e ON e.seq = f.seq WHERE f.seq = ?`,
        ).raw();
        const rows = log.map(([id, seq, op, date, eventId]) => ({
          id,
          op,
          date,
          eventId,
          now: op === 1 ? (row.get(seq) as unknown[] | undefined) : undefined,
        }));
        return { generation: g, rows };
      })
      .deferred();
    if (changes.rows === null) {
      this.#state = 'loading';
      void this.load();
      return false;
    }
    // Every event the log names ends as the database has it now: a deleted one is dropped, a written one replaces
    // whatever the index held under its id (an event deleted and put again since wins over its older bytes). Each
    // day touched is rebuilt once, so a large ingest costs its size, not its size times the day's.
    const days = new Map<string, { drop: Set<string>; add: Map<string, Entry> }>();
    const touch = (date: string): { drop: Set<string>; add: Map<string, Entry> } => {
      let d = days.get(date);
      if (d === undefined) {
        d = { drop: new Set(), add: new Map() };
        days.set(date, d);
      }
      return d;
    };
    for (const c of changes.rows) {
      if (c.op === 0) {
        if (c.date !== null && c.eventId !== null) {
          const d = touch(c.date);
          d.drop.add(c.eventId);
          d.add.delete(c.eventId);
        }
      } else if (c.now !== undefined) {
        const slab = c.now[7] as Buffer;
        const pieces = (c.now[8] as Buffer | null) ?? Buffer.alloc(0);
        this.#pieceSlabs.push(pieces);
        const where = {
          slab: this.#slabs.push(slab) - 1,
          offset: 0,
          length: slab.length - 1,
          pieceOffset: 0,
          pieceLength: pieces.length,
        };
        const entry = this.#entry(c.now.slice(1), where, c.now[9]);
        const d = touch(String(c.now[0]));
        d.drop.add(entry.id);
        d.add.set(entry.id, entry);
      }
      this.#logId = c.id;
    }
    for (const [date, d] of days) this.#change(date, d.drop, [...d.add.values()]);
    this.#generation = changes.generation;
    if (this.#overBudget()) return false;
    // Deleted Features' bytes stay in their slabs until a reload copies the live ones afresh.
    if (this.#garbage > Math.max(64 * 2 ** 20, this.#bytes)) {
      this.#state = 'loading';
      void this.load();
      return false;
    }
    return true;
  }

  /**
   * The page SQL would return for a filter `covers` accepts: events in (date, id) order after the cursor, matching
   * every filter, at most `limit`, with the cursor of the next page when more match.
   */
  page(filter: EventFilter, limit: number, after: string | null, frame?: FeatureFrame): EventFeaturePage {
    const since = filter.since?.slice(0, 10);
    const until = filter.until?.slice(0, 10);
    const from = after === null ? null : decodeCursor(after);
    const spatial = filter.bbox !== undefined;
    const [minLon, minLat, maxLon, maxLat] = filter.bbox ?? [0, 0, 0, 0];
    const allowed = (names: readonly string[] | undefined): Uint8Array | null => {
      if (names === undefined || names.length === 0) return null;
      const ok = new Uint8Array(this.#names.length);
      for (const name of names) {
        const code = this.#codes.get(name);
        if (code !== undefined) ok[code] = 1;
      }
      return ok;
    };
    const types = allowed(filter.eventType);
    const subTypes = allowed(filter.subEventType);
    const minConfidence = filter.minConfidence;
    let startDate = since ?? '';
    if (from !== null && from.date > startDate) startDate = from.date;
    const hitDays: Day[] = [];
    const hitAt: number[] = [];
    let size = 0;
    let pieceSize = 0;
    const want = limit + 1;
    outer: for (let d = bound(this.#dates, startDate, false); d < this.#days.length; d++) {
      const day = this.#days[d];
      if (until !== undefined && day.date > until) break;
      const { n, lon, lat } = day;
      let i = from !== null && day.date === from.date ? idBound(day, from.id, true) : 0;
      for (; i < n; i++) {
        if (spatial) {
          const x = lon[i];
          const y = lat[i];
          if (!(x >= minLon && x <= maxLon && y >= minLat && y <= maxLat)) continue;
        }
        if (types !== null && types[day.type[i]] !== 1) continue;
        if (subTypes !== null && subTypes[day.subType[i]] !== 1) continue;
        if (minConfidence !== undefined && !(day.confidence[i] >= minConfidence)) continue;
        hitDays.push(day);
        hitAt.push(i);
        if (hitDays.length <= limit) {
          size += day.length[i] + 1;
          pieceSize += day.pieceLength[i];
        }
        if (hitDays.length === want) break outer;
      }
    }
    const count = Math.min(limit, hitDays.length);
    let next: string | null = null;
    if (hitDays.length > limit) {
      const day = hitDays[limit - 1];
      next = encodeCursor({ date: day.date, id: idAt(day, hitAt[limit - 1]) });
    }
    const head = frame?.head ?? EMPTY;
    const tail = frame?.tail(next, count) ?? EMPTY;
    const { days, at: where } = this.#inMemoryOrder(hitDays, hitAt, count);
    if (frame?.gzip === true && this.#pieceless === 0) {
      // The page as gzip: the frame in stored blocks, each Feature's piece as kept, a stored ',' between them.
      const total =
        GZIP_OVERHEAD +
        storedSize(head.length) +
        storedSize(tail.length) +
        pieceSize +
        6 * Math.max(0, count - 1);
      const given = frame.allocate?.(total);
      const out =
        given === undefined ? Buffer.allocUnsafe(total) : Buffer.from(given.buffer, given.byteOffset, total);
      const member = new GzipMember(out);
      member.stored(head);
      for (let k = 0; k < count; k++) {
        const day = days[k];
        const i = where[k];
        if (k > 0) member.storedByte(0x2c); // ','
        member.deflated(
          this.#pieceSlabs[day.slab[i]],
          day.pieceOffset[i],
          day.pieceLength[i],
          day.crc[i],
          day.length[i],
          this.#shiftTables[day.shift[i]],
        );
      }
      member.stored(tail);
      const written = member.end();
      if (written !== total) throw new Error(`gzip page: wrote ${written} bytes, sized ${total}`);
      return { features: out, count, next, fromMemory: true, encoding: 'gzip' };
    }
    // The Features' bytes copied once, straight into the buffer that is sent: each Feature lies in its slab followed
    // by ',', so a run of neighbours in memory is one copy with its commas (the last run's final ',' is left out).
    const total = head.length + Math.max(0, size - 1) + tail.length;
    const given = frame?.allocate?.(total);
    const out =
      given === undefined ? Buffer.allocUnsafe(total) : Buffer.from(given.buffer, given.byteOffset, total);
    out.set(head, 0);
    let at = head.length;
    let runSlab = -1;
    let runStart = 0;
    let runEnd = 0;
    for (let k = 0; k < count; k++) {
      const day = days[k];
      const i = where[k];
      const offset = day.offset[i];
      if (day.slab[i] !== runSlab || offset !== runEnd) {
        if (runSlab >= 0) at += this.#slabs[runSlab].copy(out, at, runStart, runEnd);
        runSlab = day.slab[i];
        runStart = offset;
      }
      runEnd = offset + day.length[i] + 1;
    }
    if (runSlab >= 0) at += this.#slabs[runSlab].copy(out, at, runStart, runEnd - 1);
    out.set(tail, at);
    return { features: out, count, next, fromMemory: true };
  }

  /**
   * The first `count` hits (`hitDays[k]`, entry `hitAt[k]`, in page order) in the order they are sent: days in date
   * order, and within a day in the order the Features lie in memory (by 0.25° cell within a load step), so that
   * neighbours on the map are neighbours in the copy. Which events a page holds, and its cursor, stay those of
   * (date, id) order.
   */
  #inMemoryOrder(hitDays: Day[], hitAt: number[], count: number): { days: Day[]; at: number[] } {
    const days: Day[] = [];
    const at: number[] = [];
    for (let k = 0; k < count;) {
      const day = hitDays[k];
      let e = k + 1;
      while (e < count && hitDays[e] === day) e++;
      if (this.#marks.length < day.n) this.#marks = new Uint8Array(Math.max(day.n, 2 * this.#marks.length));
      const marks = this.#marks;
      for (let j = k; j < e; j++) marks[hitAt[j]] = 1;
      let left = e - k;
      for (let p = 0; left > 0 && p < day.n; p++) {
        const i = day.inMemory[p];
        if (marks[i] === 1) {
          marks[i] = 0;
          days.push(day);
          at.push(i);
          left--;
        }
      }
      k = e;
    }
    return { days, at };
  }
}
