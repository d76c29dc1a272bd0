import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { importGeonames } from './geonames.js';
import type { ImportReport, OchaCsvKind } from './ocha.js';
import { detectOchaCsv, importAdminCsv, importSettlementsCsv } from './ocha.js';
import { readCsvHeader } from './csv.js';
import { GazetteerWriter } from './writer.js';
import { curatedPath } from './builtin.js';
import { applyCurated, readCurated } from './curated.js';

/** What goes into a gazetteer build. Every input is optional; an empty build is a valid, empty gazetteer. */
export interface BuildInputs {
  /** OCHA-layout settlement CSV (`ua-settlements.csv`). */
  readonly settlementsCsv?: string;
  readonly hromadasCsv?: string;
  readonly raionsCsv?: string;
  readonly oblastsCsv?: string;
  /** Any other importable files: GeoNames dumps (`UA.zip`, `allCountries.txt`, `alternateNamesV2.zip`) or CSVs. */
  readonly files?: readonly string[];
  /** The curated file applied after the imports; default `data/gazetteer/curated-ua.json`, `false` for none. */
  readonly curated?: string | false;
}

/** What a build did. */
export interface BuildReport {
  readonly path: string;
  readonly imports: readonly ImportReport[];
  readonly ms: number;
}

/**
 * Writes a temp file beside `outPath`, lets `fill` write into it, and renames it into place, so readers never see a
 * half-built gazetteer and concurrent builders never corrupt each other (the last rename wins, both complete). With
 * `addTo`, the temp file starts as a copy of the existing `outPath`, so imports add up.
 */
export async function writeAtomically(
  outPath: string,
  fill: (w: GazetteerWriter) => Promise<readonly ImportReport[]> | readonly ImportReport[],
  opts: { readonly addTo?: boolean } = {},
): Promise<readonly ImportReport[]> {
  mkdirSync(dirname(outPath), { recursive: true });
  const tmp = `${outPath}.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  // Adding to an existing gazetteer works on a copy, so a failed import leaves the original untouched.
  if (opts.addTo && existsSync(outPath)) copyFileSync(outPath, tmp);
  const w = GazetteerWriter.open(tmp);
  try {
    const reports = await fill(w);
    w.close();
    renameSync(tmp, outPath);
    return reports;
  } catch (err) {
    if (w.db.open) w.db.close();
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Imports files into an open writer: OCHA-layout CSVs (told apart by their header) and GeoNames dumps (`.txt`/`.zip`;
 * `alternateNames*` as alternate names). Unknown or missing files come back as a report with an issue, never thrown.
 */
export async function importFiles(w: GazetteerWriter, files: readonly string[]): Promise<ImportReport[]> {
  type Kind = OchaCsvKind | 'geonames' | 'alternate-names' | null;
  const kinds: [string, Kind][] = [];
  for (const f of files) {
    if (/\.(zip|txt)$/iu.test(f))
      kinds.push([f, /alternatenames/iu.test(basename(f)) ? 'alternate-names' : 'geonames']);
    else kinds.push([f, existsSync(f) ? detectOchaCsv(await readCsvHeader(f)) : null]);
  }
  // Settlements before admin units (admin CSVs refine the centroids settlements imply); alternate names last, as
  // they attach to GeoNames entries already imported.
  const order: Kind[] = ['settlements', 'oblasts', 'raions', 'hromadas', 'geonames', 'alternate-names', null];
  const reports: ImportReport[] = [];
  for (const want of order) {
    for (const [f, kind] of kinds) {
      if (kind !== want) continue;
      if (kind === 'settlements') reports.push(await importSettlementsCsv(w, f));
      else if (kind === 'geonames' || kind === 'alternate-names') reports.push(await importGeonames(w, f));
      else if (kind) reports.push(await importAdminCsv(w, f, kind));
      else {
        reports.push({
          source: f,
          kind: 'unknown',
          entries: 0,
          issues: [
            {
              code: 'gazetteer-format-unknown',
              message: `${f}: missing, or not an OCHA CSV or GeoNames dump the gazetteer can import`,
            },
          ],
        });
      }
    }
  }
  return reports;
}

/**
 * Builds a gazetteer database at `outPath` (replacing it atomically) from OCHA-layout CSVs.
 *
 * @example await buildGazetteer('.cache/g.db', { settlementsCsv: 'ua-settlements.csv', oblastsCsv: 'ua-oblasts.csv' })
 */
export async function buildGazetteer(outPath: string, inputs: BuildInputs): Promise<BuildReport> {
  const t0 = performance.now();
  const files = [
    inputs.settlementsCsv,
    inputs.oblastsCsv,
    inputs.raionsCsv,
    inputs.hromadasCsv,
    ...(inputs.files ?? []),
  ].filter((f): f is string => typeof f === 'string');
  const curated = inputs.curated === undefined ? curatedPath() : inputs.curated;
  const imports = await writeAtomically(outPath, async (w) => {
    const reports = await importFiles(w, files);
    // Curated former names alias onto the imported pcodes (Krasnoarmiisk → UA1416021001).
    if (curated) applyCurated(w, readCurated(curated));
    return reports;
  });
  return { path: outPath, imports, ms: Math.round(performance.now() - t0) };
}

/**
 * Adds files to the gazetteer at `path` (creating it when absent), then applies the curated file unless `curated`
 * is false, atomically: the file is replaced only when the import finished. What `litopys gazetteer import` runs.
 *
 * @example await importIntoGazetteer('g.db', ['UA.zip']) → [{ kind: 'geonames', entries: 30000, issues: [] }]
 */
export async function importIntoGazetteer(
  path: string,
  files: readonly string[],
  opts: { readonly curated?: string | false } = {},
): Promise<readonly ImportReport[]> {
  const curated = opts.curated === undefined ? curatedPath() : opts.curated;
  return writeAtomically(
    path,
    async (w) => {
      const reports = await importFiles(w, files);
      if (curated) applyCurated(w, readCurated(curated));
      return reports;
    },
    { addTo: true },
  );
}
