import type { PublishedPrecision } from '../domain/index.js';

/** A publication date as `Article.published` holds it, with its precision. */
export interface PublishedDate {
  readonly published: string;
  readonly precision: Exclude<PublishedPrecision, 'unknown'>;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function validDay(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function utcIso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// A zone is what makes a time-of-day meaningful; without one we keep only the calendar day.
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC|UT|EST|EDT|CST|CDT|MST|MDT|PST|PDT))\s*$/i;

/**
 * Normalises a date as sources print it (ISO date, ISO date-time, RFC 822 as in RSS, "November 4, 2025") into
 * `YYYY-MM-DD` (precision day), `YYYY-MM` (month) or UTC `YYYY-MM-DDTHH:mm:ssZ` (datetime). A date-time without a
 * zone keeps only its day, since its hour is in an unknown zone. Returns null for anything it cannot read.
 *
 * @example normalisePublished('Tue, 04 Nov 2025 10:30:00 +0200') → { published: '2025-11-04T08:30:00Z', precision: 'datetime' }
 * @example normalisePublished('2022-10-10T08:20') → { published: '2022-10-10', precision: 'day' }
 */
export function normalisePublished(raw: unknown): PublishedDate | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (s === '') return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDay(y, mo, d) ? { published: s, precision: 'day' } : null;
  }
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? { published: s, precision: 'month' } : null;
  m = /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}/.exec(s);
  if (m) {
    if (!validDay(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
    if (!HAS_ZONE.test(s)) return { published: `${m[1]}-${m[2]}-${m[3]}`, precision: 'day' };
    const t = new Date(s.replace(' ', 'T'));
    return Number.isNaN(t.getTime()) ? null : { published: utcIso(t), precision: 'datetime' };
  }
  // Unix time in seconds or milliseconds, as some JSON dumps give it.
  m = /^(\d{10}|\d{13})$/.exec(s);
  if (m)
    return {
      published: utcIso(new Date(m[1].length === 10 ? Number(m[1]) * 1000 : Number(m[1]))),
      precision: 'datetime',
    };
  // Only textual forms reach Date.parse: it reads RFC 822 and "Nov 4, 2025"; bare numbers it would misread.
  if (!/[a-z]/i.test(s)) return null;
  let t = new Date(s);
  if (Number.isNaN(t.getTime())) {
    // Date.parse knows only the US zone names; "10:30:00 EET" keeps its calendar day without the zone.
    const zoneless = s.replace(/\s+[A-Z]{2,5}$/, '').replace(/\s+\d{1,2}:\d{2}(?::\d{2})?$/, '');
    if (zoneless === s) return null;
    t = new Date(zoneless);
    if (Number.isNaN(t.getTime())) return null;
    return { published: `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`, precision: 'day' };
  }
  if (/\d{1,2}:\d{2}/.test(s) && HAS_ZONE.test(s)) return { published: utcIso(t), precision: 'datetime' };
  // Without a zone Date.parse reads local time; the local calendar fields are the day the text names.
  return { published: `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`, precision: 'day' };
}
