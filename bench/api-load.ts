import autocannon from 'autocannon';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../test/shared.js';

// The load generator of `npm run bench:api`, in a process of its own: `api.bench.ts` runs this file once per timed
// load, so autocannon starts on a fresh heap, apart from the bench's own work (building the database on a first run,
// parsing the warm-up pages), and its CPU time per request (`ownCpuMs`) is its own. With autocannon as it comes, the
// fresh process made no measurable difference to the figures: 0.78–0.92 ms of generator CPU a request and p99 23–28 ms,
// against 0.75–0.79 ms and 22–24 ms run after a warm-up pass in the same process (three alternations, one server).
// Usage: tsx bench/api-load.ts URL wide|narrow PATH_SPEC_JSON SECONDS → one JSON line on stdout.

/** Sequential requests the bench makes (and checks) before each timed run; the timed run takes the paths after them. */
export const WARM_UP = 64;

/** The first day of generated events, and how many days they span (2022-02-24 … 2025-11-29). */
const FIRST_DAY = Date.UTC(2022, 1, 24);
export const DAYS = 1375;

/** Day `d` after `FIRST_DAY` as YYYY-MM-DD. */
export const day = (d: number): string => new Date(FIRST_DAY + d * 86_400_000).toISOString().slice(0, 10);

export type Kind = 'wide' | 'narrow';

/**
 * A source of query paths: a box on the Donetsk front and a time window. `wide` (1.0° × 0.9°, 30 days) fills the
 * 1,000-event page; `narrow` (0.2° × 0.2°, 7 days) returns tens of events, which separates the cost of the query from
 * the cost of a megabyte of GeoJSON. Each path it returns differs from every earlier one, so a server cache keyed by
 * the query cannot hit: the i-th path is the query numbered (start + i × step) mod N among the N = days × boxes (boxes
 * to 0.001°, ~10^8–10^9 queries), step coprime with N: distinct by construction, with nothing that grows over a run
 * (the first version kept a Set of the paths sent).
 */
function distinctPaths(kind: Kind, seed: number, skip = 0): () => string {
  const [w, h, days] = kind === 'wide' ? [1.0, 0.9, 30] : [0.2, 0.2, 7];
  const nDays = DAYS - 60;
  const nLon = Math.round((1.8 - w) * 1000);
  const nLat = Math.round((1.6 - h) * 1000);
  const n = nDays * nLon * nLat;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let step = Math.round(n * 0.6180339887);
  while (gcd(step, n) !== 1) step++;
  let j = (Math.floor(mulberry32(seed)() * n) + ((skip * step) % n)) % n;
  let sent = skip;
  return () => {
    if (sent++ === n) throw new Error(`distinctPaths: all ${n} ${kind} queries sent`);
    j = (j + step) % n;
    const d = 30 + (j % nDays);
    const cell = Math.floor(j / nDays);
    const minLon = 36.8 + (cell % nLon) / 1000;
    const minLat = 47.6 + Math.floor(cell / nLon) / 1000;
    const bbox = [minLon, minLat, minLon + w, minLat + h].map((x) => x.toFixed(3)).join(',');
    return `/api/events.geojson?bbox=${bbox}&since=${day(d)}&until=${day(d + days)}&limit=1000`;
  };
}

/**
 * `WARM_UP` views, repeated in a cycle: what a cache keyed by the query can serve once it has seen each, as it has
 * after the warm-up pass.
 */
function repeatingPaths(kind: Kind, skip = 0): () => string {
  const next = distinctPaths(kind, kind === 'wide' ? 7 : 11);
  const list = Array.from({ length: WARM_UP }, next);
  let i = skip;
  return () => list[i++ % list.length] ?? '/';
}

/**
 * Where a load's paths come from, as the load generator's process is told: `distinct` with a seed per kind, or the
 * 64 `repeating` views.
 */
export type PathSpec =
  | { readonly source: 'distinct'; readonly seeds: readonly [number, number] }
  | { readonly source: 'repeating' };

/** The paths of `spec` for `kind`, after the first `skip` of them (the warm-up pass's). */
export function pathsOf(spec: PathSpec, kind: Kind, skip = 0): () => string {
  return spec.source === 'repeating'
    ? repeatingPaths(kind, skip)
    : distinctPaths(kind, kind === 'wide' ? spec.seeds[0] : spec.seeds[1], skip);
}

/** One timed autocannon run of 10 connections: what `load` in api.bench.ts reports beside its own figures. */
export interface LoadRun {
  readonly example: string;
  readonly ownCpuMs: number;
  readonly requests: number;
  readonly reqPerSec: number;
  readonly durationSeconds: number;
  readonly bytes: number;
  readonly latencyP50Ms: number;
  readonly latencyP90Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyMaxMs: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** Runs autocannon on `url` with the paths of `spec` that follow the warm-up pass's (which the caller fetched). */
export async function runLoad(url: string, kind: Kind, spec: PathSpec, seconds: number): Promise<LoadRun> {
  const nextPath = pathsOf(spec, kind, WARM_UP);
  let example = '';
  const own0 = process.cpuUsage();
  const result = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          const path = nextPath();
          example ||= path;
          return { ...req, path };
        },
      },
    ],
  });
  const own = process.cpuUsage(own0);
  return {
    example,
    ownCpuMs: (own.user + own.system) / 1000,
    requests: result.requests.total,
    reqPerSec: Math.round(result.requests.average),
    durationSeconds: result.duration,
    bytes: result.throughput.total,
    latencyP50Ms: result.latency.p50,
    latencyP90Ms: result.latency.p90,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [url, kind, spec, seconds] = process.argv.slice(2);
  if (url === undefined || (kind !== 'wide' && kind !== 'narrow') || spec === undefined)
    throw new Error('usage: api-load.ts URL wide|narrow PATH_SPEC_JSON SECONDS');
  const run = await runLoad(url, kind, JSON.parse(spec) as PathSpec, Number(seconds));
  process.stdout.write(`${JSON.stringify(run)}\n`);
}
