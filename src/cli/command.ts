/** A CLI verb: parses its own arguments, calls into the library, prints, and returns the exit code. */
export interface Command {
  readonly summary: string;
  readonly usage: string;
  /** Exit code: 0 ok, 1 some items failed, 2 usage error. */
  run(argv: readonly string[], io: CommandIo): Promise<number>;
}

/** Where a command writes: data to `out`, diagnostics to `err`. Injected so tests can capture both. */
export interface CommandIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Thrown for a usage mistake; main prints the message and the verb's usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
