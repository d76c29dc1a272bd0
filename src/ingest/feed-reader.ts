import type { XMLParser } from 'fast-xml-parser';
import type { Issue } from '../domain/index.js';
import { issue } from '../domain/index.js';
import { normalisePublished } from './dates.js';
import { htmlFragmentParagraphs } from './html-text.js';
import { xmlParserModule } from './lazy-parsers.js';
import type { ArticleFields } from './make-article.js';
import { cleanLine } from './make-article.js';
import { outletFromUrl, outletName } from './outlets.js';
import { splitByline } from './scrape-text-reader.js';

type Node = Record<string, unknown>;

/** What a feed gave: one entry per item (1-based `index`), and issues about the feed as a whole. */
export interface FeedRead {
  readonly items: readonly { readonly index: number; readonly fields: ArticleFields }[];
  readonly issues: readonly Issue[];
}

const ARRAYS = new Set(['item', 'entry', 'link', 'category', 'author', 'dc:creator']);

let cachedParser: XMLParser | undefined;

/** The feed parser, made on first use (fast-xml-parser is loaded only when a feed is read). */
function parser(): XMLParser {
  return (cachedParser ??= new (xmlParserModule().XMLParser)({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    textNodeName: '#text',
    htmlEntities: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => ARRAYS.has(name),
  }));
}

/** The text of a parsed node: a string, an element's `#text`, or (for Atom xhtml content) all its text joined. */
function textOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(textOf).join(' ');
  if (typeof v === 'object') {
    const o = v as Node;
    if ('#text' in o) return textOf(o['#text']);
    return Object.entries(o)
      .filter(([k]) => !k.startsWith('@_'))
      .map(([, x]) => textOf(x))
      .join(' ');
  }
  return '';
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

function bodyOf(html: string): string[] {
  // Feeds carry HTML in text (entity-escaped or CDATA) or plain text; both read the same as a fragment.
  return htmlFragmentParagraphs(html);
}

function dateOf(raw: string, where: string, issues: Issue[]): Partial<ArticleFields> {
  if (raw === '') return {};
  const d = normalisePublished(raw);
  if (!d) {
    issues.push(issue('date-invalid', `${where}: unreadable date '${raw}'`));
    return {};
  }
  return { published: d.published, publishedPrecision: d.precision };
}

function withLink(paragraphs: string[], link: string, full: boolean): string[] {
  // A summary alone is a teaser; the link says where the full report is.
  return !full && link && paragraphs.length > 0 ? [...paragraphs, `Source: ${link}`] : paragraphs;
}

function rssItems(root: Node, format: 'rss', outletHint: string | undefined): ArticleFields[] {
  const channel = (root.channel ?? {}) as Node;
  const items = asArray(channel.item ?? root.item) as Node[];
  const outlet = outletName(cleanLine(textOf(channel.title))) ?? outletHint;
  return items.map((item, i) => {
    const issues: Issue[] = [];
    const link = cleanLine(textOf(asArray(item.link)[0]) || textOf(item.guid));
    const encoded = textOf(item['content:encoded']);
    const description = textOf(item.description);
    const full = encoded.trim() !== '';
    const authors = [...asArray(item['dc:creator']), ...asArray(item.author)].flatMap((a) =>
      // RSS 2.0 `author` is "email (Name)"; keep the name.
      splitByline(
        textOf(a)
          .replace(/^\S+@\S+\s*\((.*)\)$/, '$1')
          .replace(/^\S+@\S+$/, ''),
      ),
    );
    return {
      url: link || undefined,
      outlet: outletFromUrl(link) ?? outlet,
      ...dateOf(cleanLine(textOf(item.pubDate) || textOf(item['dc:date'])), `item ${i + 1}`, issues),
      section: cleanLine(textOf(asArray(item.category)[0])) || undefined,
      headline: cleanLine(textOf(item.title)),
      byline: authors,
      paragraphs: withLink(bodyOf(full ? encoded : description), link, full),
      sourceFormat: format,
      issues,
    };
  });
}

function atomLink(entry: Node): string {
  const links = asArray(entry.link) as Node[];
  const alt = links.find((l) => !l['@_rel'] || l['@_rel'] === 'alternate') ?? links[0];
  return cleanLine(textOf(alt?.['@_href']));
}

function atomItems(feed: Node): ArticleFields[] {
  const outlet = outletName(cleanLine(textOf(feed.title)));
  return (asArray(feed.entry) as Node[]).map((entry, i) => {
    const issues: Issue[] = [];
    const link = atomLink(entry);
    const content = textOf(entry.content);
    const full = content.trim() !== '';
    const authors = (asArray(entry.author) as Node[]).flatMap((a) => splitByline(textOf(a.name ?? a)));
    return {
      url: link || undefined,
      outlet: outletFromUrl(link) ?? outlet,
      ...dateOf(cleanLine(textOf(entry.published) || textOf(entry.updated)), `entry ${i + 1}`, issues),
      section: cleanLine(textOf((asArray(entry.category)[0] as Node | undefined)?.['@_term'])) || undefined,
      headline: cleanLine(textOf(entry.title)),
      byline: authors,
      paragraphs: withLink(bodyOf(full ? content : textOf(entry.summary)), link, full),
      sourceFormat: 'atom',
      issues,
    };
  });
}

/**
 * Reads an RSS 2.0 / RSS 1.0 (RDF) or Atom feed: each item or entry becomes an article with its own date, body
 * from `content:encoded` / `content` (HTML stripped to paragraphs) or else the summary plus a `Source: <link>`
 * paragraph. Malformed XML gives no items and one `xml-invalid` issue with the line and column.
 *
 * @example readFeed('<rss><channel><item><title>T</title><description>Body.</description></item></channel></rss>').items.length === 1
 */
export function readFeed(xml: string): FeedRead {
  const valid = xmlParserModule().XMLValidator.validate(xml);
  if (valid !== true) {
    const e = valid.err;
    return {
      items: [],
      issues: [issue('xml-invalid', `malformed XML at line ${e.line}, column ${e.col}: ${e.msg}`)],
    };
  }
  let doc: Node;
  try {
    doc = parser().parse(xml) as Node;
  } catch (err) {
    return {
      items: [],
      issues: [issue('xml-invalid', `malformed XML: ${err instanceof Error ? err.message : String(err)}`)],
    };
  }
  let fields: ArticleFields[];
  if (doc.feed) fields = atomItems(doc.feed as Node);
  else if (doc.rss) fields = rssItems(doc.rss as Node, 'rss', undefined);
  else if (doc['rdf:RDF']) fields = rssItems(doc['rdf:RDF'] as Node, 'rss', undefined);
  else return { items: [], issues: [issue('feed-unknown', 'XML is neither an RSS nor an Atom feed')] };
  if (fields.length === 0) return { items: [], issues: [issue('feed-empty', 'the feed has no items')] };
  return { items: fields.map((f, i) => ({ index: i + 1, fields: f })), issues: [] };
}
