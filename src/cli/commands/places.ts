import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { PlaceMention } from '../../domain/index.js';
import type { ReaderFormat } from '../../ingest/index.js';
import { READER_FORMATS, readInputs } from '../../ingest/index.js';
import { createPipeline, STAGES } from '../../pipeline/index.js';
import { openGazetteer } from '../../resolve/gazetteer/index.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';

/** One line of `litopys places --json`: a mention with ACLED-style fields. */
export interface PlaceRow {
  readonly article_id: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly kind: PlaceMention['kind'];
  readonly lat: number | null;
  readonly lon: number | null;
  readonly radius_km: number;
  readonly geo_precision: number;
  readonly pcode?: string;
  readonly admin1: string;
  readonly admin2: string;
  readonly admin3: string;
  readonly score: number;
  readonly alternatives: readonly { id: string; name: string; admin1: string; lat: number; lon: number }[];
  readonly issues?: readonly string[];
}

/**
 * The row printed for one mention: `pcode` only for Ukrainian pcodes, at most three alternatives.
 *
 * @example placeRow('a1', mention).pcode === 'UA1416007001'
 */
export function placeRow(articleId: string, m: PlaceMention): PlaceRow {
  const e = m.entry;
  return {
    article_id: articleId,
    text: m.text,
    start: m.span.start,
    end: m.span.end,
    kind: m.kind,
    lat: m.lat,
    lon: m.lon,
    radius_km: m.radiusKm,
    geo_precision: m.geoPrecision,
    ...(e && /^UA\d+$/u.test(e.id) ? { pcode: e.id } : {}),
    admin1: e?.kind === 'admin1' ? e.name : (e?.admin1 ?? ''),
    admin2: e?.kind === 'admin2' ? e.name : (e?.admin2 ?? ''),
    admin3: e?.kind === 'admin3' ? e.name : (e?.admin3 ?? ''),
    score: m.score,
    alternatives: m.alternatives.slice(0, 3).map((a) => ({
      id: a.id,
      name: a.name,
      admin1: a.admin1 ?? '',
      lat: a.lat,
      lon: a.lon,
    })),
    ...(m.issues.length > 0 ? { issues: m.issues.map((i) => i.code) } : {}),
  };
}

const jsonlLines = new Map<string, string[]>();

/**
 * The `id` a JSONL input line carries (origin `path:line`, 1-based), which the user knows the article by; null for
 * other inputs or a line without a string id. Readers do not keep it on the Article, so it is read back here.
 */
function jsonlId(origin: string): string | null {
  const m = /^(.*\.jsonl?):(\d+)$/iu.exec(origin);
  if (!m) return null;
  let lines = jsonlLines.get(m[1]);
  if (!lines) {
    try {
      lines = readFileSync(m[1], 'utf8').split('\n');
    } catch {
      return null;
    }
    jsonlLines.set(m[1], lines);
  }
  try {
    const row = JSON.parse(lines[Number(m[2]) - 1] ?? '') as { id?: unknown };
    return typeof row.id === 'string' || typeof row.id === 'number' ? String(row.id) : null;
  } catch {
    return null;
  }
}

/**
 * `litopys places FILE… [--gazetteer PATH] [--json] [--format F]`: recognises and resolves the places of each input
 * article; with `--json` one JSON object per mention per line (see `PlaceRow`), else a short table. Exit 1 when an
 * input could not be read.
 */
const places: Command = {
  summary: 'find and geolocate the places an article names',
  usage: `litopys places FILE|DIR|URL|- … [--gazetteer PATH] [--json] [--format ${READER_FORMATS.join('|')}]`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        gazetteer: { type: 'string' },
        format: { type: 'string' },
      },
    });
    if (positionals.length === 0) throw new UsageError('give at least one FILE, DIR, URL or -');
    const format = values.format;
    if (format !== undefined && !(READER_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format must be one of ${READER_FORMATS.join(', ')}, not '${format}'`);
    }
    let gazetteer;
    try {
      gazetteer = openGazetteer({ ...(values.gazetteer ? { path: values.gazetteer } : {}), env: io.env });
    } catch (err) {
      // A --gazetteer (or LITOPYS_GAZETTEER) naming no gazetteer is the caller's mistake: say so in one line.
      throw new UsageError(`cannot open the gazetteer: ${err instanceof Error ? err.message : String(err)}`);
    }
    const pipeline = createPipeline({
      gazetteer,
      stages: STAGES.filter((s) => s.name === 'sentences' || s.name === 'places'),
    });
    let failed = 0;
    try {
      for await (const item of readInputs(positionals, {
        stdin: io.stdin,
        ...(format ? { format: format as ReaderFormat } : {}),
      })) {
        if (!item.article) {
          failed++;
          io.err.write(`litopys places: ${item.error ?? item.origin}\n`);
          continue;
        }
        const articleId = jsonlId(item.origin) ?? item.article.id;
        const a = pipeline.analyse(item.article);
        for (const i of a.issues) io.err.write(`litopys places: ${item.origin}: ${i.code}: ${i.message}\n`);
        for (const m of a.places) {
          const row = placeRow(articleId, m);
          if (values.json) io.out.write(`${JSON.stringify(row)}\n`);
          else {
            const where = row.lat === null ? 'unresolved' : `${row.lat}, ${row.lon} ±${row.radius_km} km`;
            const admin = [row.admin3, row.admin2, row.admin1].filter(Boolean).join(', ');
            io.out.write(
              `${row.article_id}  ${row.start}-${row.end}  ${row.kind.padEnd(10)} ${row.text}  →  ${where}  p${row.geo_precision}  ${row.pcode ?? ''} ${admin}\n`,
            );
          }
        }
      }
    } finally {
      gazetteer.close();
    }
    return failed > 0 ? 1 : 0;
  },
};

export default places;
