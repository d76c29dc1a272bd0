import { parseArgs } from 'node:util';
import { openStore } from '../../store/index.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { dbUrl, requireExistingDb } from '../options.js';

/**
 * `litopys stats [--json] [--db PATH]`: counts of the store (`{ "backend", "articles", "events", "places", … }`).
 * The same database gives the same output: nothing in it depends on the time of the call.
 */
const stats: Command = {
  summary: 'counts of stored articles, events, places and near-duplicates',
  usage: 'litopys stats [--json] [--db PATH]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, db: { type: 'string' } },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const url = dbUrl(values.db, io);
    requireExistingDb(url);
    const store = await openStore(url);
    try {
      const s = await store.stats();
      if (values.json) {
        io.out.write(`${JSON.stringify(s, null, 2)}\n`);
      } else {
        for (const [k, v] of Object.entries(s)) {
          const shown =
            v !== null && typeof v === 'object'
              ? Object.entries(v as Record<string, string>)
                  .map(([fk, fv]) => `${fk}=${fv}`)
                  .join(' ')
              : String(v);
          io.out.write(`${k.padEnd(15)} ${shown}\n`);
        }
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};

export default stats;
