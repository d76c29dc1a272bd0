#!/usr/bin/env node
import { pathToFileURL } from 'node:url';
import type { Command, CommandIo } from './command.js';
import { UsageError } from './command.js';

/**
 * The verbs, in the order `--help` lists them. Each lives in `commands/<verb>.ts` and default-exports a Command;
 * they are loaded on demand so `litopys parse` does not pay for the HTTP server or PostgreSQL client.
 */
export const VERBS = [
  'parse',
  'ingest',
  'search',
  'articles',
  'stats',
  'places',
  'extract',
  'gazetteer',
  'serve',
  'token',
  'enqueue',
  'worker',
  'jobs',
  'watch',
] as const;

async function load(verb: string): Promise<Command | undefined> {
  if (!(VERBS as readonly string[]).includes(verb)) return undefined;
  try {
    const mod = (await import(/* @vite-ignore */ `./commands/${verb}.js`)) as { default: Command };
    return mod.default;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

async function help(io: CommandIo): Promise<void> {
  const lines = [
    'litopys — a sourced, geolocated, dated chronicle of war reporting',
    '',
    'Usage: litopys <verb> [options]',
    '',
  ];
  for (const verb of VERBS) {
    const cmd = await load(verb);
    if (cmd) lines.push(`  ${verb.padEnd(10)} ${cmd.summary}`);
  }
  lines.push('', "Run `litopys <verb> --help` for a verb's options.");
  io.out.write(lines.join('\n') + '\n');
}

/** Runs the CLI with argv (without `node` and the script); returns the exit code. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    await help(io);
    return verb ? 0 : 2;
  }
  if (verb === '--version') {
    io.out.write('0.1.0\n');
    return 0;
  }
  const cmd = await load(verb);
  if (!cmd) {
    io.err.write(`litopys: unknown verb '${verb}'. Run 'litopys --help'.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out.write(`${cmd.summary}\n\nUsage: ${cmd.usage}\n`);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err.write(`litopys ${verb}: ${(err as Error).message}\nUsage: ${cmd.usage}\n`);
      return 2;
    }
    io.err.write(`litopys ${verb}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const io: CommandIo = {
    out: process.stdout,
    err: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`litopys: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
