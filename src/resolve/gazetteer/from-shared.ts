import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { curatedPath } from './builtin.js';
import { dirname, join, resolve } from 'node:path';
import { buildGazetteer } from './build.js';
import type { GazetteerEnv } from './open.js';
import { cacheDir, pruneCache } from './open.js';
import { packageRoot } from './package-root.js';
import { SCHEMA_VERSION } from './writer.js';

const FILES = ['ua-settlements.csv', 'ua-oblasts.csv', 'ua-raions.csv', 'ua-hromadas.csv'] as const;

/**
 * For evaluation and tests only: the gazetteer built from `../shared/data/gazetteer/*.csv` (or `LITOPYS_SHARED`),
 * cached as `<cacheDir>/gazetteer-shared-<mtime>-v<schema>-<curated hash>.db` and rebuilt only when the CSVs, the
 * schema or the curated file change (older builds are pruned). Null when ../shared is absent, so callers skip.
 * Nothing from ../shared enters the repository: the cache is git-ignored.
 *
 * @example const path = await gazetteerFromShared(); it.skipIf(!path)(…, () => { const g = SqliteGazetteer.open(path!); … })
 */
export async function gazetteerFromShared(env: GazetteerEnv = process.env): Promise<string | null> {
  const shared = env.LITOPYS_SHARED ?? resolve(packageRoot(), '..', 'shared');
  const dir = join(shared, 'data', 'gazetteer');
  const paths = FILES.map((f) => join(dir, f));
  if (!existsSync(paths[0])) return null;
  const present = paths.filter((p) => existsSync(p));
  const mtime = Math.max(...present.map((p) => Math.floor(statSync(p).mtimeMs)));
  // The curated file is applied to the import, so its content is part of the key too.
  const curated = curatedPath();
  const h = createHash('sha256').update(existsSync(curated) ? readFileSync(curated) : '');
  const out = join(
    cacheDir(env),
    `gazetteer-shared-${mtime}-v${SCHEMA_VERSION}-${h.digest('hex').slice(0, 8)}.db`,
  );
  if (existsSync(out)) return out;
  const [settlementsCsv, oblastsCsv, raionsCsv, hromadasCsv] = paths.map((p) =>
    existsSync(p) ? p : undefined,
  );
  await buildGazetteer(out, { settlementsCsv, oblastsCsv, raionsCsv, hromadasCsv });
  pruneCache(dirname(out), 'gazetteer-shared-', out);
  return out;
}
