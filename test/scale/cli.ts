import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../shared.js';

const MAIN = join(REPO_ROOT, 'src', 'cli', 'main.ts');

/** A `litopys` child process with its output collected. */
export interface Cli {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  readonly exited: Promise<number | string>;
}

/**
 * Starts `node --import tsx src/cli/main.ts ARGS…` as a real child process (so it can be killed for real).
 *
 * @example const w = startCli(['worker', '--db', url, '--until-empty']); await w.exited;
 */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Cli {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Runs a `litopys` command to its end; rejects with its stderr when it exits non-zero. */
export async function runCli(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const c = startCli(args, env);
  const code = await c.exited;
  if (code !== 0) throw new Error(`litopys ${args.join(' ')} exited ${code}:\n${c.stderr()}`);
  return c.stdout();
}

/** Job counts per state of a queue, read straight from pg-boss's tables (live and archived). */
export async function jobStates(url: string, queue: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ state: string; n: number }>(
      `SELECT state::text AS state, count(*)::int AS n FROM (
         SELECT state FROM pgboss.job WHERE name = $1 UNION ALL SELECT state FROM pgboss.archive WHERE name = $1) j
       GROUP BY state`,
      [queue],
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  } finally {
    await c.end();
  }
}

/** Runs one SQL statement on its own connection (so a test's own connections survive backend terminations). */
export async function sql<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

/** Polls `test` every `everyMs` until it returns true; throws after `timeoutMs` with `what` in the message. */
export async function waitFor(
  what: string,
  test: () => Promise<boolean>,
  timeoutMs = 120_000,
  everyMs = 250,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
