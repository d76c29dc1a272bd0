/**
 * What both ACLED evaluations share: reading the dev CSV and turning a row's `notes` into an Article published the
 * day after the event (ACLED's notes are written from reports of the day).
 */
import type { Article } from '../src/domain/index.js';
import { plainArticle } from '../src/domain/index.js';

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/** ACLED's `dd/mm/yyyy` as ISO, shifted by `days`. */
export function isoDay(ddmmyyyy: string, days = 0): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})/.exec(ddmmyyyy);
  if (!m) return '';
  return new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]) + days)).toISOString().slice(0, 10);
}

/** A plain-text Article of one ACLED note. */
export function article(id: string, text: string, published: string): Article {
  return plainArticle({ id, text, published });
}
