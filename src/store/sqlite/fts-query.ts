/**
 * Turns what a user typed into an FTS5 MATCH expression that cannot be a syntax error: every word becomes a quoted
 * term (all must match); a trailing `*` keeps prefix search. Operators and punctuation are treated as text.
 *
 * @example ftsQuery('Dobropillia sector') → '"dobropillia" "sector"'; ftsQuery('Покров*') → '"покров"*'
 * @returns null when the query has no words (the caller then matches nothing).
 */
export function ftsQuery(q: string): string | null {
  const terms: string[] = [];
  for (const m of q.matchAll(/([\p{L}\p{N}]+)(\*?)/gu)) {
    terms.push(`"${m[1].toLowerCase()}"${m[2]}`);
  }
  return terms.length > 0 ? terms.join(' ') : null;
}
