import type { Span } from './span.js';

/**
 * Something wrong with the data, kept beside what could be made of it. Stages never throw on bad data; they
 * return what they could plus issues.
 *
 * @example `{ code: 'utf8-invalid', message: 'invalid UTF-8 decoded with U+FFFD replacements' }`
 */
export interface Issue {
  /** Stable, kebab-case machine code, e.g. `place-unresolved`, `json-invalid`, `date-missing`. */
  readonly code: string;
  /** One human sentence saying what is wrong. */
  readonly message: string;
  readonly span?: Span;
}

/** Creates an issue. */
export function issue(code: string, message: string, at?: Span): Issue {
  return at ? { code, message, span: at } : { code, message };
}
