import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** Machine, Node version and git sha: what every committed result carries. */
export function environment(): Record<string, string | number> {
  let sha = 'unknown';
  try {
    sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout: keep 'unknown'
  }
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    gitSha: sha,
    date: new Date().toISOString(),
  };
}

/**
 * Writes `bench/results/<name>.json` with the environment and the figures, and prints the figures.
 *
 * @example writeResult('ingest', { txtArticlesPerSec: 5400 })
 */
export function writeResult(name: string, figures: Record<string, unknown>): void {
  mkdirSync(RESULTS, { recursive: true });
  const body = { name, environment: environment(), figures };
  writeFileSync(join(RESULTS, `${name}.json`), JSON.stringify(body, null, 2) + '\n');
  process.stdout.write(`${name}: ${JSON.stringify(figures)}\n`);
}

/** Resident set size in MB now. */
export function rssMb(): number {
  return Math.round(process.memoryUsage().rss / 2 ** 20);
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time (user + system) in ms used so far by the process `root` and every live process descended from it
 * (Chromium's renderer and GPU processes, cluster workers), from /proc; `withRoot: false` leaves `root` itself out.
 * Wall-clock times depend on what else a shared machine runs; CPU time does not. Null off Linux or when `root` is
 * gone.
 *
 * @example treeCpuMs(child.pid) // the server child and its workers
 */
export function treeCpuMs(root: number, withRoot = true): number | null {
  if (process.platform !== 'linux') return null;
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // Fields after the parenthesised command name (which may hold spaces): state ppid … utime(14) stime(15).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      ticks.set(Number(d), Number(f[11]) + Number(f[12]));
    } catch {
      // the process ended while we read
    }
  }
  if (!ticks.has(root)) return null;
  let total = 0;
  for (const [pid, t] of ticks) {
    if (pid === root) {
      if (withRoot) total += t;
      continue;
    }
    let p = parent.get(pid);
    while (p !== undefined && p > 1 && p !== root) p = parent.get(p);
    if (p === root) total += t;
  }
  return (total * 1000) / TICKS_PER_SECOND;
}
