import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `../shared` beside the clone (or LITOPYS_SHARED), where evaluation data lives; never copied into the repo. */
export const SHARED_DIR = process.env.LITOPYS_SHARED ?? resolve(REPO_ROOT, '..', 'shared');

/**
 * The absolute path of a file under ../shared, or null when it is absent. Tests that need it skip with
 * `skipReason(rel)` as their message.
 *
 * @example const seed = sharedFile('seeds/000_52a6c90232f8ccf7.txt'); it.skipIf(!seed)(...)
 */
export function sharedFile(rel: string): string | null {
  const p = join(SHARED_DIR, rel);
  return existsSync(p) ? p : null;
}

/** The message a test prints when it skips for want of a ../shared file. */
export function skipReason(rel: string): string {
  return `skipped: ${join(SHARED_DIR, rel)} is absent (clone the project beside its shared/ folder to run it)`;
}

/** A fresh scratch directory path under test-output/ (git-ignored). */
export function scratch(name: string): string {
  return join(REPO_ROOT, 'test-output', `${name}-${process.pid}-${Date.now()}`);
}

/**
 * mulberry32: a small seeded pseudo-random generator in [0, 1), so generated corpora and benchmarks are the same on
 * every run.
 *
 * @example const rand = mulberry32(42); rand() // 0.6011037519201636, every time
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
