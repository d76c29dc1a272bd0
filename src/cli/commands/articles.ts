import { parseArgs } from 'node:util';
import type { StoredArticle } from '../../store/index.js';
import { openStore } from '../../store/index.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { dbUrl, requireExistingDb } from '../options.js';

function describe(s: StoredArticle): string {
  const a = s.article;
  const lines = [
    a.headline,
    `  id:        ${a.id}`,
    `  published: ${a.published ?? 'unknown'}`,
    `  outlet:    ${a.outlet ?? '-'}`,
  ];
  if (a.section) lines.push(`  section:   ${a.section}`);
  if (a.byline.length > 0) lines.push(`  byline:    ${a.byline.join(', ')}`);
  if (a.canonicalUrl ?? a.url) lines.push(`  url:       ${a.canonicalUrl ?? a.url}`);
  for (const u of s.otherUrls) lines.push(`  also at:   ${u}`);
  lines.push(
    `  text:      ${a.paragraphs.length} paragraphs, ${a.text.length} characters, language ${a.language}`,
    `  places:    ${s.places.length}`,
    `  times:     ${s.times.length}`,
    `  actors:    ${s.actors.length}`,
    `  events:    ${s.events.length}`,
  );
  for (const e of s.events) {
    const where = e.location ? ` @ ${e.location}` : '';
    lines.push(`    ${e.event_date}  ${e.event_type} / ${e.sub_event_type}${where}  (${e.confidence})`);
  }
  if (s.claims.length > 0) lines.push(`  claims:    ${s.claims.length}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `litopys articles show ID [--json] [--db PATH]`: one stored article with its place, time and actor mentions, events and claims. Exit 1 when
 * no article has that id.
 */
const articles: Command = {
  summary: 'show a stored article with its places, events and claims',
  usage: 'litopys articles show ID [--json] [--db PATH]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, db: { type: 'string' } },
    });
    const [sub, id, ...rest] = positionals;
    if (sub !== 'show')
      throw new UsageError(sub ? `unknown subcommand '${sub}'` : 'give a subcommand: show ID');
    if (!id || rest.length > 0) throw new UsageError('give exactly one article ID');
    const url = dbUrl(values.db, io);
    requireExistingDb(url);
    const store = await openStore(url);
    try {
      const found = await store.getArticle(id);
      if (!found) {
        io.err.write(`litopys articles: no article with id ${id}\n`);
        return 1;
      }
      io.out.write(values.json ? `${JSON.stringify(found, null, 2)}\n` : describe(found));
      return 0;
    } finally {
      await store.close();
    }
  },
};

export default articles;
