/**
 * A half-open `[start, end)` range of UTF-16 character offsets into `Article.text`.
 * Every span in Litopys means exactly this.
 *
 * @example `{ start: 0, end: 9 }` covers "President" in "President Volodymyr Zelensky…".
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Creates a span, throwing on a reversed or negative range (a programmer's mistake). */
export function span(start: number, end: number): Span {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
    throw new RangeError(`span: bad range [${start}, ${end})`);
  }
  return { start, end };
}

/** Whether two half-open spans share at least one character. */
export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Whether `outer` contains `inner` entirely. */
export function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}
