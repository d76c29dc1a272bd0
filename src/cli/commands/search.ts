import { parseArgs } from 'node:util';
import { openStore } from '../../store/index.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { dbUrl, isoDay, positiveInt, requireExistingDb } from '../options.js';

/**
 * `litopys search QUERY [--since D] [--until D] [--outlet O] [--limit N] [--json] [--db PATH]`: full-text search over
 * stored headlines and texts (every word must match; `word*` for a prefix). `--json` prints the hits as a JSON array.
 */
const search: Command = {
  summary: 'full-text search over stored articles',
  usage:
    'litopys search QUERY [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--outlet NAME] [--limit N] [--json] [--db PATH]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        outlet: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        db: { type: 'string' },
      },
    });
    const q = positionals.join(' ').trim();
    if (q === '') throw new UsageError('give a QUERY');
    const since = isoDay('since', values.since);
    const until = isoDay('until', values.until);
    const limit = positiveInt('limit', values.limit, 20);
    const url = dbUrl(values.db, io);
    requireExistingDb(url);
    const store = await openStore(url);
    try {
      const hits = await store.searchArticles({
        q,
        limit,
        ...(since ? { since } : {}),
        ...(until ? { until } : {}),
        ...(values.outlet ? { outlet: values.outlet } : {}),
      });
      if (values.json) {
        io.out.write(`${JSON.stringify(hits, null, 2)}\n`);
      } else {
        for (const h of hits) {
          io.out.write(`${h.id}  ${h.published ?? '????-??-??'}  ${h.outlet ?? '-'}  ${h.headline}\n`);
          io.out.write(`    ${h.snippet.replace(/\s+/g, ' ')}\n`);
        }
        io.err.write(`${hits.length} ${hits.length === 1 ? 'article' : 'articles'}\n`);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};

export default search;
