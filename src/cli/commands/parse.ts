import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import type { ReaderFormat } from '../../ingest/index.js';
import { READER_FORMATS, readInputs } from '../../ingest/index.js';

/**
 * `litopys parse FILE|URL|- [--json] [--format F]`: reads inputs into articles without any database and prints
 * each article as one JSON line (`--json`, or pretty JSON when there is exactly one), or a short summary per
 * article otherwise. Problems go to stderr; exit 1 when any item failed.
 */
const parse: Command = {
  summary: 'read a file, folder, URL or stdin into Article JSON (no database)',
  usage: `litopys parse FILE|DIR|URL|- … [--json] [--format ${READER_FORMATS.join('|')}]`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, format: { type: 'string' } },
    });
    if (positionals.length === 0) throw new UsageError('give at least one FILE, DIR, URL or -');
    const format = values.format;
    if (format !== undefined && !(READER_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format must be one of ${READER_FORMATS.join(', ')}, not '${format}'`);
    }
    const items = [];
    for await (const item of readInputs(positionals, {
      stdin: io.stdin,
      ...(format ? { format: format as ReaderFormat } : {}),
    })) {
      items.push(item);
    }
    const articles = items.flatMap((i) => (i.article ? [i.article] : []));
    let failed = 0;
    for (const item of items) {
      if (item.error) {
        failed++;
        io.err.write(`litopys parse: ${item.error}\n`);
      } else {
        for (const i of item.issues) io.err.write(`litopys parse: ${i.code}: ${i.message}\n`);
      }
    }
    if (values.json) {
      // One article reads best pretty-printed; many go one per line so they stream into jq or `ingest -`.
      if (articles.length === 1) io.out.write(`${JSON.stringify(articles[0], null, 2)}\n`);
      else for (const a of articles) io.out.write(`${JSON.stringify(a)}\n`);
    } else {
      for (const a of articles) {
        io.out.write(
          `${a.id}  ${a.published ?? '????-??-??'}  ${a.outlet ?? '-'}  ${a.headline}  (${a.paragraphs.length} paragraphs)\n`,
        );
      }
    }
    return failed > 0 ? 1 : 0;
  },
};

export default parse;
