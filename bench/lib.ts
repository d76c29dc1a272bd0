import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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
