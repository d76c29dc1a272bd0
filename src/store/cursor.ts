/**
 * The keyset cursor of event pages, shared by every backend so a cursor from one page works on the next request
 * whatever database answers it. Opaque to callers: base64url of `[event_date, event_id]`.
 */

/** The position after which the next page starts: events are ordered by (event_date, event_id) ascending. */
export interface EventKey {
  readonly date: string;
  readonly id: string;
}

/**
 * Encodes the key of a page's last event.
 *
 * @example encodeCursor({ date: '2025-11-04', id: 'e_1f2a' }) → 'WyIyMDI1LTExLTA0IiwiZV8xZjJhIl0'
 */
export function encodeCursor(key: EventKey): string {
  return Buffer.from(JSON.stringify([key.date, key.id]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor; throws a RangeError naming the argument when it is not one of ours (the caller's mistake: the
 * API turns it into a 400).
 *
 * @example decodeCursor(encodeCursor({ date: '2025-11-04', id: 'e_1' })) → { date: '2025-11-04', id: 'e_1' }
 */
export function decodeCursor(cursor: string): EventKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new RangeError(`after: not a cursor: ${cursor}`);
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string'
  ) {
    throw new RangeError(`after: not a cursor: ${cursor}`);
  }
  return { date: parsed[0], id: parsed[1] };
}
