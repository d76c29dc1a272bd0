import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FetchError, fetchUrl } from '../../ingest/index.js';
import type { ImportReport } from '../../resolve/gazetteer/index.js';
import {
  cacheDir,
  gazetteerPath,
  importIntoGazetteer,
  SqliteGazetteer,
} from '../../resolve/gazetteer/index.js';
import type { Command, CommandIo } from '../command.js';
import { UsageError } from '../command.js';

/** Where GeoNames publishes its dumps; `--base-url` points elsewhere (a mirror, or a test server). */
export const GEONAMES_BASE_URL = 'https://download.geonames.org/export/dump';

const USAGE = [
  'litopys gazetteer import FILE… [--gazetteer PATH] [--no-curated] [--json]',
  '       litopys gazetteer info [--gazetteer PATH] [--json]',
  '       litopys gazetteer lookup NAME… [--gazetteer PATH] [--json]',
  '       litopys gazetteer download geonames CC|allCountries|alternateNamesV2 [--base-url URL] [--gazetteer PATH] [--json]',
].join('\n');

const abs = (io: CommandIo, p: string): string => (isAbsolute(p) ? p : resolve(io.cwd, p));

/** The file imports write into: `--gazetteer`, else `LITOPYS_GAZETTEER`; the built-in default is never written. */
function target(io: CommandIo, flag: string | undefined): string {
  const path = flag || io.env.LITOPYS_GAZETTEER;
  if (!path) {
    throw new UsageError(
      'say which gazetteer file to write with --gazetteer PATH (or LITOPYS_GAZETTEER); then pass the same to other verbs',
    );
  }
  return abs(io, path);
}

/** Prints the reports (stdout) and their issues (stderr); returns 1 when any file had issues. */
function report(io: CommandIo, path: string, reports: readonly ImportReport[], json: boolean): number {
  let failed = 0;
  for (const r of reports) {
    for (const i of r.issues) io.err.write(`litopys gazetteer: ${i.code}: ${i.message}\n`);
    if (r.issues.length > 0) failed++;
  }
  if (json) io.out.write(`${JSON.stringify({ gazetteer: path, imports: reports })}\n`);
  else {
    for (const r of reports) {
      const names = r.names ? `, ${r.names} names` : '';
      io.out.write(`${r.source}: ${r.kind}, ${r.entries} entries${names}, ${r.issues.length} issue(s)\n`);
    }
    io.out.write(`gazetteer: ${path}\n`);
  }
  return failed > 0 ? 1 : 0;
}

async function runImport(io: CommandIo, files: string[], v: Values): Promise<number> {
  if (files.length === 0) throw new UsageError('give at least one FILE to import');
  const path = target(io, v.gazetteer);
  const reports = await importIntoGazetteer(
    path,
    files.map((f) => abs(io, f)),
    v['no-curated'] ? { curated: false } : {},
  );
  return report(io, path, reports, v.json);
}

function runInfo(io: CommandIo, v: Values): number {
  const path = gazetteerPath({ ...(v.gazetteer ? { path: abs(io, v.gazetteer) } : {}), env: io.env });
  const g = SqliteGazetteer.open(path);
  try {
    const s = g.stats();
    if (v.json) io.out.write(`${JSON.stringify(s)}\n`);
    else {
      const fmt = (o: Readonly<Record<string, number>>): string =>
        Object.entries(o)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ');
      io.out.write(
        [
          `path:      ${s.path}`,
          `sources:   ${s.sources.join('; ')}`,
          `entries:   ${s.entries} (${fmt(s.byKind)})`,
          `countries: ${fmt(s.byCountry)}`,
          `names:     ${s.names} (${fmt(s.byOrigin)})`,
        ].join('\n') + '\n',
      );
    }
    return 0;
  } finally {
    g.close();
  }
}

/** One line per entry a name finds (JSON Lines with --json); exit 1 when some name finds nothing. */
function runLookup(io: CommandIo, names: string[], v: Values): number {
  if (names.length === 0) throw new UsageError('give at least one NAME to look up');
  const g = SqliteGazetteer.open(
    gazetteerPath({ ...(v.gazetteer ? { path: abs(io, v.gazetteer) } : {}), env: io.env }),
  );
  let missing = 0;
  try {
    for (const name of names) {
      const key = g.normalise(name);
      const found = g.lookup(key);
      if (found.length === 0) {
        missing++;
        io.err.write(`litopys gazetteer: nothing named '${name}' (key '${key}')\n`);
      }
      for (const e of found) {
        const origin = g.namesOf(e.id).find((n) => n.key === key)?.origin ?? '';
        if (v.json) io.out.write(`${JSON.stringify({ query: name, key, origin, ...e })}\n`);
        else {
          const where = [e.admin3, e.admin2, e.admin1, e.country].filter(Boolean).join(', ');
          const cat = e.category ? ` ${e.category}` : '';
          io.out.write(
            `${name}\t${e.id}\t${e.kind}${cat}\t${e.name}\t${e.lat}, ${e.lon}\t${where}\t${origin}\n`,
          );
        }
      }
    }
  } finally {
    g.close();
  }
  return missing > 0 ? 1 : 0;
}

async function runDownload(io: CommandIo, args: string[], v: Values): Promise<number> {
  const [source, what, ...rest] = args;
  if (source !== 'geonames')
    throw new UsageError(`unknown download source '${source ?? ''}' (only: geonames)`);
  if (!what || rest.length > 0 || !/^([A-Z]{2}|allCountries|alternateNamesV2)$/u.test(what)) {
    throw new UsageError(
      'give one GeoNames dump: a country code such as UA, allCountries or alternateNamesV2',
    );
  }
  const path = target(io, v.gazetteer);
  const url = `${(v['base-url'] ?? GEONAMES_BASE_URL).replace(/\/+$/u, '')}/${what}.zip`;
  io.err.write(`litopys gazetteer: fetching ${url}\n`);
  let body: Uint8Array;
  try {
    // The CLI fetches what its own user asked for, so private addresses (a local mirror) are allowed.
    const res = await fetchUrl(url, { timeoutMs: 600_000, maxBytes: 1024 * 1024 * 1024, allowPrivate: true });
    body = res.body;
  } catch (err) {
    const code = err instanceof FetchError ? err.code : 'network';
    io.err.write(
      `litopys gazetteer: download failed (${code}): ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 1;
  }
  const dir = join(cacheDir(io.env), 'downloads');
  mkdirSync(dir, { recursive: true });
  const zip = join(dir, `geonames-${what}.zip`);
  const tmp = `${zip}.tmp-${process.pid}`;
  writeFileSync(tmp, body);
  renameSync(tmp, zip);
  io.err.write(`litopys gazetteer: saved ${body.length} bytes to ${zip}; importing\n`);
  const reports = await importIntoGazetteer(path, [zip], v['no-curated'] ? { curated: false } : {});
  return report(io, path, reports, v.json);
}

interface Values {
  gazetteer?: string;
  json: boolean;
  'no-curated': boolean;
  'base-url'?: string;
}

/**
 * `litopys gazetteer import|info|lookup|download`: builds and inspects gazetteer files. `import` adds OCHA-layout
 * CSVs and GeoNames dumps to the file named by `--gazetteer` (or `LITOPYS_GAZETTEER`) atomically; `info` describes
 * the gazetteer other verbs would use; `lookup` lists what names find (and by which origin); `download geonames UA`
 * fetches GeoNames' dump and imports it. Exit 1 when a file had issues, a name found nothing or the download failed.
 */
const gazetteer: Command = {
  summary: 'import, download, describe and query place gazetteers (OCHA CSV, GeoNames)',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        gazetteer: { type: 'string' },
        json: { type: 'boolean', default: false },
        'no-curated': { type: 'boolean', default: false },
        'base-url': { type: 'string' },
      },
    });
    const [sub, ...args] = positionals;
    const v: Values = values;
    if (sub === 'import') return runImport(io, args, v);
    if (sub === 'info') {
      if (args.length > 0) throw new UsageError('info takes no arguments');
      return runInfo(io, v);
    }
    if (sub === 'download') return runDownload(io, args, v);
    if (sub === 'lookup') return runLookup(io, args, v);
    throw new UsageError(
      sub ? `unknown subcommand '${sub}'` : 'give a subcommand: import, info, lookup or download',
    );
  },
};

export default gazetteer;
