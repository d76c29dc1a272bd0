/**
 * An error the API turns into a JSON response `{ error, message }` with `status`. Routes throw it; the one error
 * handler of `createApp` renders it, so no route formats an error body itself.
 *
 * @example throw new HttpError(404, 'not-found', `no article ${id}`)
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: number,
    /** Stable kebab-case code, e.g. `bad-request`, `unauthorized`, `not-found`. */
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. `WWW-Authenticate` on a 401. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The error code the API uses for a bare HTTP status (when a library, not a route, raised it). */
export function codeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'bad-request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not-found',
    405: 'method-not-allowed',
    406: 'not-acceptable',
    413: 'payload-too-large',
    415: 'unsupported-media-type',
    422: 'unprocessable',
    429: 'too-many-requests',
    502: 'bad-gateway',
    503: 'unavailable',
  };
  return codes[status] ?? (status >= 500 ? 'internal' : 'error');
}
