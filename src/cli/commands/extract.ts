import { parseArgs } from 'node:util';
import type { ChronicleEvent, Claim } from '../../domain/index.js';
import { toAcledRecord } from '../../domain/index.js';
import { claimRecord, csvHeader, csvLine, toCsvValues, toFeature } from '../../code/index.js';
import type { ReaderFormat } from '../../ingest/index.js';
import { READER_FORMATS, readInputs } from '../../ingest/index.js';
import { createPipeline } from '../../pipeline/index.js';
import { openGazetteer } from '../../resolve/gazetteer/index.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';

const OUTPUTS = ['jsonl', 'geojson', 'csv'] as const;
type Output = (typeof OUTPUTS)[number];

/**
 * `litopys extract FILE… [--gazetteer PATH] [--format jsonl|geojson|csv] [--claims] [--input-format F]`: the events
 * of each input article, coded as ACLED codes them, without a database. JSONL has one event per line (the
 * `AcledRecord` fields); CSV has ACLED's columns in ACLED's order, then ours; GeoJSON is one FeatureCollection.
 * `--claims` adds checkable claims (`record: 'claim'`) beside the events. Exit 1 when an input could not be read.
 */
const extract: Command = {
  summary: 'code the events of articles (ACLED taxonomy) as JSONL, CSV or GeoJSON',
  usage: `litopys extract FILE|DIR|URL|- … [--gazetteer PATH] [--format ${OUTPUTS.join('|')}] [--claims] [--input-format ${READER_FORMATS.join('|')}]`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        gazetteer: { type: 'string' },
        format: { type: 'string', default: 'jsonl' },
        claims: { type: 'boolean', default: false },
        'input-format': { type: 'string' },
      },
    });
    if (positionals.length === 0) throw new UsageError('give at least one FILE, DIR, URL or -');
    const output = values.format as Output;
    if (!OUTPUTS.includes(output))
      throw new UsageError(`--format must be one of ${OUTPUTS.join(', ')}, not '${output}'`);
    if (values.claims && output === 'csv') throw new UsageError('--claims needs --format jsonl or geojson');
    const inputFormat = values['input-format'];
    if (inputFormat !== undefined && !(READER_FORMATS as readonly string[]).includes(inputFormat)) {
      throw new UsageError(
        `--input-format must be one of ${READER_FORMATS.join(', ')}, not '${inputFormat}'`,
      );
    }
    const gazetteer = openGazetteer({ ...(values.gazetteer ? { path: values.gazetteer } : {}), env: io.env });
    const pipeline = createPipeline({ gazetteer });
    let failed = 0;
    let events = 0;
    let articles = 0;
    const features: unknown[] = [];
    if (output === 'csv') io.out.write(csvHeader());
    const emit = (e: ChronicleEvent): void => {
      events++;
      if (output === 'jsonl') io.out.write(`${JSON.stringify(toAcledRecord(e))}\n`);
      else if (output === 'csv') io.out.write(csvLine(toCsvValues(e)));
      else features.push(toFeature(e));
    };
    const emitClaim = (c: Claim): void => {
      if (output === 'jsonl') io.out.write(`${JSON.stringify(claimRecord(c))}\n`);
      else features.push({ type: 'Feature', geometry: null, properties: claimRecord(c) });
    };
    try {
      for await (const item of readInputs(positionals, {
        stdin: io.stdin,
        ...(inputFormat ? { format: inputFormat as ReaderFormat } : {}),
      })) {
        if (!item.article) {
          failed++;
          io.err.write(`litopys extract: ${item.error ?? item.origin}\n`);
          continue;
        }
        articles++;
        const a = pipeline.analyse(item.article);
        for (const i of a.issues) io.err.write(`litopys extract: ${item.origin}: ${i.code}: ${i.message}\n`);
        for (const e of a.events) emit(e);
        if (values.claims) for (const c of a.claims) emitClaim(c);
      }
    } finally {
      gazetteer.close();
    }
    if (output === 'geojson') io.out.write(`${JSON.stringify({ type: 'FeatureCollection', features })}\n`);
    io.err.write(
      `litopys extract: ${events} events from ${articles} articles${failed ? `, ${failed} inputs failed` : ''}\n`,
    );
    return failed > 0 ? 1 : 0;
  },
};

export default extract;
