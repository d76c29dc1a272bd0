import type { Issue, SettlementCategory } from '../../domain/index.js';
import { distanceKm, issue } from '../../domain/index.js';
import { adjectiveStems, hromadaForms, oblastForms, raionForms } from './admin-names.js';
import type { CsvRow } from './csv.js';
import { readCsv } from './csv.js';
import { normaliseName } from './normalise.js';
import { nameVariants } from './variants.js';
import type { GazetteerWriter } from './writer.js';

/** What one import did: counts and the rows it had to skip. */
export interface ImportReport {
  readonly source: string;
  readonly kind: string;
  readonly entries: number;
  /** Names added to entries that already existed (GeoNames alternate names). */
  readonly names?: number;
  /** GeoNames places merged into an OCHA settlement already present instead of added. */
  readonly merged?: number;
  readonly issues: readonly Issue[];
}

/** The OCHA-layout CSVs we read, told apart by their header. */
export type OchaCsvKind = 'settlements' | 'hromadas' | 'raions' | 'oblasts';

/**
 * Which OCHA-layout CSV a header belongs to, or null.
 *
 * @example detectOchaCsv(['pcode', 'parent_raion', 'name_en', …]) === 'hromadas'
 */
export function detectOchaCsv(header: readonly string[]): OchaCsvKind | null {
  const has = (...cols: string[]): boolean => cols.every((c) => header.includes(c));
  if (has('ADM4_PCODE', 'ADM4_EN', 'LAT', 'LON')) return 'settlements';
  if (has('pcode', 'parent_raion', 'name_en')) return 'hromadas';
  if (has('pcode', 'parent_oblast', 'name_en')) return 'raions';
  if (has('pcode', 'name_en', 'name_uk')) return 'oblasts';
  return null;
}

const CATEGORIES = new Set(['M', 'X', 'C', 'K']);
const CATEGORY_RANK: Readonly<Record<string, number>> = { K: 0, M: 1, X: 2, C: 3 };

/** A settlement row as the importer reads it (the fields seats and entries are made of). */
export interface SettlementRow {
  readonly id: string;
  readonly en: string;
  readonly enFormer: string;
  readonly uk: string;
  readonly ukFormer: string;
  readonly category?: SettlementCategory;
  readonly lat: number;
  readonly lon: number;
  readonly a1: string;
  readonly a2: string;
  readonly a3: string;
  readonly a1Code: string;
  readonly a2Code: string;
  readonly a3Code: string;
}

interface AdminUnit {
  readonly code: string;
  readonly level: 1 | 2 | 3;
  en: string;
  uk: string;
  ru: string;
  a1Code: string;
  a2Code: string;
  a1: string;
  a2: string;
  sumLat: number;
  sumLon: number;
  n: number;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Orders settlements city first, then by pcode. */
function biggerFirst(a: SettlementRow, b: SettlementRow): number {
  return CATEGORY_RANK[a.category ?? 'C'] - CATEGORY_RANK[b.category ?? 'C'] || (a.id < b.id ? -1 : 1);
}

/**
 * The seat of each hromada: the settlement whose name matches the hromada's adjectival name (Dobropillia for
 * Dobropilska). The codifier numbers a hromada's centre first (`…001`): that one wins when its name fits, else a
 * settlement named exactly after the hromada (Karapchiv for Karapchivska), else `…001`, else the best partial match.
 */
export function hromadaSeats(rows: readonly SettlementRow[]): Set<string> {
  const byHromada = new Map<string, SettlementRow[]>();
  for (const r of rows) {
    if (!r.a3Code || !r.a3) continue;
    const list = byHromada.get(r.a3Code) ?? [];
    list.push(r);
    byHromada.set(r.a3Code, list);
  }
  const seats = new Set<string>();
  for (const members of byHromada.values()) {
    const [s1, s2 = s1] = adjectiveStems(members[0].a3).map(normaliseName);
    const namesOf = (row: SettlementRow): Set<string> => new Set([row.en, row.enFormer].map(normaliseName));
    // Qualify on the short stem (Kur- for Kurska).
    const matches = (name: string): boolean =>
      commonPrefix(name, s2) >= Math.min(s2.length, Math.max(4, s2.length - 2));
    const exact = (name: string): boolean => name === s1 || name === s2;
    // The codifier numbers a hromada's centre first (…001); trust it when its name fits, or when no name fits
    // exactly (Chasiv Yar for Chasovoiarska; Nova Odesa, not Novooleksandrivske, for Novoodeska).
    const first = members.find((m) => m.id === `${m.a3Code}001`);
    const firstFits = first !== undefined && [...namesOf(first)].some(matches);
    const exactOne = members.filter((m) => [...namesOf(m)].some(exact)).sort(biggerFirst)[0];
    const fallback = members.filter((m) => [...namesOf(m)].some(matches)).sort(biggerFirst)[0];
    const seat = firstFits ? first : (exactOne ?? first ?? fallback);
    if (seat) seats.add(seat.id);
  }
  return seats;
}

function toSettlement(r: CsvRow): SettlementRow | null {
  const lat = Number(r.LAT);
  const lon = Number(r.LON);
  const id = r.ADM4_PCODE;
  const en = r.ADM4_EN_CURRENT || r.ADM4_EN;
  if (!id || !en || !r.LAT || !r.LON || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return {
    id,
    en,
    enFormer: r.ADM4_EN,
    uk: r.ADM4_UA_CURRENT || r.ADM4_UA,
    ukFormer: r.ADM4_UA,
    category: CATEGORIES.has(r.CATEGORY) ? (r.CATEGORY as SettlementCategory) : undefined,
    lat,
    lon,
    a1: r.ADM1_EN,
    a2: r.ADM2_EN,
    a3: r.ADM3_EN,
    a1Code: r.ADM1_PCODE,
    a2Code: r.ADM2_PCODE,
    a3Code: r.ADM3_PCODE,
  };
}

function noteUnit(
  units: Map<string, AdminUnit>,
  level: 1 | 2 | 3,
  code: string,
  r: CsvRow,
  s: SettlementRow,
): void {
  if (!code) return;
  let u = units.get(code);
  if (!u) {
    const p = `ADM${level}_`;
    u = {
      code,
      level,
      en: r[`${p}EN`],
      uk: r[`${p}UA`],
      ru: r[`${p}RU`],
      a1Code: s.a1Code,
      a2Code: level === 3 ? s.a2Code : '',
      a1: s.a1,
      a2: level === 3 ? s.a2 : '',
      sumLat: 0,
      sumLon: 0,
      n: 0,
    };
    units.set(code, u);
  }
  u.en ||= r[`ADM${level}_EN`];
  u.uk ||= r[`ADM${level}_UA`];
  u.ru ||= r[`ADM${level}_RU`];
  u.sumLat += s.lat;
  u.sumLon += s.lon;
  u.n++;
}

function adminForms(u: {
  level: 1 | 2 | 3;
  en: string;
  uk: string;
  ru: string;
}): ReturnType<typeof oblastForms> {
  if (u.level === 1) return oblastForms(u.en, u.uk, u.ru);
  if (u.level === 2) return raionForms(u.en, u.uk, u.ru);
  return hromadaForms(u.en, u.uk, u.ru);
}

const KIND = { 1: 'admin1', 2: 'admin2', 3: 'admin3' } as const;

/**
 * Imports an OCHA-layout settlement CSV: every settlement under its pcode with its current and former names (English
 * and Ukrainian) and their romanised variants, its category, hromada/raion/oblast names and pcodes, and whether it
 * is its hromada's seat. Admin units named in the rows become admin entries at the mean of their settlements (an
 * admin CSV imported later replaces the centroid). Bad rows are skipped with an issue.
 *
 * @example await importSettlementsCsv(w, 'ua-settlements.csv') → { entries: 29708, issues: [] }
 */
export async function importSettlementsCsv(w: GazetteerWriter, path: string): Promise<ImportReport> {
  const rows: SettlementRow[] = [];
  const issues: Issue[] = [];
  const units = new Map<string, AdminUnit>();
  let line = 1;
  for await (const r of readCsv(path)) {
    line++;
    const s = toSettlement(r);
    if (!s) {
      issues.push(
        issue('gazetteer-row-invalid', `${path}:${line}: no pcode, name or valid coordinates; skipped`),
      );
      continue;
    }
    rows.push(s);
    noteUnit(units, 1, s.a1Code, r, s);
    noteUnit(units, 2, s.a2Code, r, s);
    noteUnit(units, 3, s.a3Code, r, s);
  }
  const seats = hromadaSeats(rows);
  w.transaction(() => {
    for (const s of rows) {
      w.addEntry({
        id: s.id,
        name: s.en,
        kind: 'settlement',
        lat: s.lat,
        lon: s.lon,
        category: s.category,
        country: 'UA',
        admin1: s.a1,
        admin2: s.a2,
        admin3: s.a3,
        admin1Code: s.a1Code,
        admin2Code: s.a2Code,
        admin3Code: s.a3Code,
        isAdminSeat: seats.has(s.id),
        nameLocal: s.uk,
        source: 'ocha-settlements',
      });
      w.addName(s.id, s.en, 'official');
      w.addName(s.id, s.uk, 'official');
      if (s.enFormer && s.enFormer !== s.en) w.addName(s.id, s.enFormer, 'former');
      if (s.ukFormer && s.ukFormer !== s.uk) w.addName(s.id, s.ukFormer, 'former');
      for (const v of nameVariants(s.uk)) w.addKeyed(s.id, v.key, v.origin);
      if (s.ukFormer && s.ukFormer !== s.uk)
        for (const v of nameVariants(s.ukFormer)) w.addKeyed(s.id, v.key, 'former');
    }
    for (const u of units.values()) {
      if (w.has(u.code)) continue;
      w.addEntry({
        id: u.code,
        name: u.en || u.uk || u.code,
        kind: KIND[u.level],
        lat: u.sumLat / u.n,
        lon: u.sumLon / u.n,
        country: 'UA',
        admin1: u.level === 1 ? u.en : u.a1,
        admin2: u.level === 2 ? u.en : u.a2,
        admin3: u.level === 3 ? u.en : undefined,
        admin1Code: u.level === 1 ? u.code : u.a1Code,
        admin2Code: u.level === 2 ? u.code : u.a2Code || undefined,
        admin3Code: u.level === 3 ? u.code : undefined,
        nameLocal: u.uk,
        source: 'ocha-settlements',
      });
      for (const [name, origin] of adminForms(u)) w.addName(u.code, name, origin);
    }
    w.addSource('ocha-settlements');
  });
  finaliseAdmins(w);
  return { source: path, kind: 'settlements', entries: rows.length, issues };
}

/**
 * Imports an admin CSV of the OCHA layout (`ua-oblasts.csv`, `ua-raions.csv`, `ua-hromadas.csv`): each unit as an
 * admin1/admin2/admin3 entry with its English, Ukrainian and Russian forms ("Donetsk region", "Донецька область",
 * "Pokrovskyi district", "Dobropilska hromada", …) and its centroid. Oblast rows carry no centroid: the mean of the
 * oblast's settlements (or of the curated file) is used, else the entry is skipped with an issue.
 */
export async function importAdminCsv(
  w: GazetteerWriter,
  path: string,
  kind: OchaCsvKind,
): Promise<ImportReport> {
  const level = kind === 'oblasts' ? 1 : kind === 'raions' ? 2 : 3;
  const issues: Issue[] = [];
  let entries = 0;
  const rows: CsvRow[] = [];
  for await (const r of readCsv(path)) rows.push(r);
  w.transaction(() => {
    rows.forEach((r, i) => {
      const code = r.pcode;
      const en = r.name_en;
      const existing = code ? w.entryPoint(code) : undefined;
      let lat = Number(r.lat_centroid);
      let lon = Number(r.lon_centroid);
      if (!r.lat_centroid || !r.lon_centroid || !Number.isFinite(lat) || !Number.isFinite(lon)) {
        if (existing) [lat, lon] = existing;
        else lat = lon = NaN;
      }
      if (!code || !(en || r.name_uk) || Number.isNaN(lat)) {
        issues.push(issue('gazetteer-row-invalid', `${path}:${i + 2}: no pcode, name or centroid; skipped`));
        return;
      }
      const parent = level === 3 ? r.parent_raion : level === 2 ? r.parent_oblast : '';
      const a1Code = level === 1 ? code : code.slice(0, 4);
      w.addEntry({
        id: code,
        name: en || r.name_uk,
        kind: KIND[level],
        lat,
        lon,
        country: 'UA',
        admin1: level === 1 ? en : w.entryName(a1Code),
        admin2: level === 2 ? en : level === 3 ? w.entryName(parent) : undefined,
        admin3: level === 3 ? en : undefined,
        admin1Code: a1Code,
        admin2Code: level === 2 ? code : level === 3 ? parent : undefined,
        admin3Code: level === 3 ? code : undefined,
        nameLocal: r.name_uk,
        source: `ocha-${kind}`,
      });
      for (const [name, origin] of adminForms({ level, en, uk: r.name_uk, ru: r.name_ru })) {
        w.addName(code, name, origin);
      }
      entries++;
    });
    w.addSource(`ocha-${kind}`);
  });
  finaliseAdmins(w);
  return { source: path, kind, entries, issues };
}

/**
 * Derived facts that need both settlements and admin units, recomputed after every import: each admin unit's radius
 * (farthest member settlement from its centroid), the seat-named forms ("Dobropillia hromada", "Pokrovsk district")
 * and admin names missing from admin entries.
 */
export function finaliseAdmins(w: GazetteerWriter): void {
  const db = w.db;
  const settlements = db
    .prepare(
      `SELECT id, name, lat, lon, category, is_seat, admin1_code, admin2_code, admin3_code FROM entries
       WHERE kind = 'settlement' AND admin1_code IS NOT NULL`,
    )
    .all() as {
    id: string;
    name: string;
    lat: number;
    lon: number;
    category: string | null;
    is_seat: number | null;
    admin1_code: string;
    admin2_code: string | null;
    admin3_code: string | null;
  }[];
  const admins = db
    .prepare(`SELECT id, name, kind, lat, lon FROM entries WHERE kind IN ('admin1', 'admin2', 'admin3')`)
    .all() as { id: string; name: string; kind: string; lat: number; lon: number }[];
  const adminById = new Map(admins.map((a) => [a.id, a]));
  const radius = new Map<string, number>();
  const towns = new Map<string, { name: string; category: string | null }[]>();
  for (const s of settlements) {
    for (const code of [s.admin1_code, s.admin2_code, s.admin3_code]) {
      const a = code ? adminById.get(code) : undefined;
      if (!a || !code) continue;
      radius.set(code, Math.max(radius.get(code) ?? 0, distanceKm(a.lat, a.lon, s.lat, s.lon)));
    }
    if (s.admin2_code && (s.category === 'M' || s.category === 'K')) {
      const list = towns.get(s.admin2_code) ?? [];
      list.push({ name: s.name, category: s.category });
      towns.set(s.admin2_code, list);
    }
    if (s.is_seat === 1 && s.admin3_code && adminById.has(s.admin3_code)) {
      for (const [name, origin] of hromadaForms('', '', '', s.name)) w.addName(s.admin3_code, name, origin);
    }
  }
  const setRadius = db.prepare('UPDATE entries SET radius_km = ? WHERE id = ?');
  w.transaction(() => {
    for (const [code, km] of radius) setRadius.run(Math.round(km * 10) / 10, code);
    for (const a of admins) {
      if (a.kind !== 'admin2') continue;
      const stems = adjectiveStems(a.name).map(normaliseName);
      const town = (towns.get(a.id) ?? []).find((t) => stems.includes(normaliseName(t.name)));
      if (town) for (const [name, origin] of raionForms('', '', '', town.name)) w.addName(a.id, name, origin);
    }
  });
}
