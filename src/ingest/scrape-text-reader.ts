import type { Clock, ImageInfo, Issue } from '../domain/index.js';
import { issue } from '../domain/index.js';
import type { ArticleFields } from './make-article.js';
import { cleanLine } from './make-article.js';
import { outletFromLogo, outletName } from './outlets.js';
import { splitParagraphs } from './paragraphs.js';

/** The first line of the page-scrape layout: `date YYYY-MM-DD <outlet> logo`. */
export const SCRAPE_HEADER = /^\s*date\s+(\d{4}-\d{2}-\d{2})\s+(.+?)\s+logo\s*$/i;

// Names only: capitalised words joined by commas, "and" or "&", so a body line "By Tuesday, troops had…" is no byline.
const NAME = "\\p{Lu}[\\p{L}'’.-]*(?: \\p{Lu}[\\p{L}'’.-]*| (?:de|van|von|der|al|bin)){0,4}";
const BYLINE = new RegExp(`^[Bb][Yy]\\s+(${NAME}(?:(?:\\s*,\\s*|\\s+and\\s+|\\s*&\\s*)${NAME})*)$`, 'u');
const LOOSE_BYLINE = /^[Bb][Yy]\s+(\S.{0,118}[^.!?])$/;
const CAPTION = /^(.*\S)\s*\(([^()]{1,120})\)\s*$/;
// The byline follows at most a section and a headline.
const BYLINE_WITHIN = 3;

/**
 * Splits a byline into names at commas, "and" and "&".
 *
 * @example splitByline('Ann Example, Bo Sample and Cy Demo') → ['Ann Example', 'Bo Sample', 'Cy Demo']
 */
export function splitByline(s: string): string[] {
  return s
    .split(/\s*,\s*|\s+and\s+|\s*&\s*/i)
    .map(cleanLine)
    .filter((n) => n !== '');
}

const same = (a: string, b: string): boolean => cleanLine(a).toLowerCase() === cleanLine(b).toLowerCase();

interface Header {
  section?: string;
  headline: string;
  byline: string[];
  image?: ImageInfo;
  /** Index (into the non-blank lines) of the first body line. */
  bodyStart: number;
}

/**
 * Reads the header block out of the first non-blank lines: `[section] headline [by …] [headline again]
 * [caption (credit)]`. The byline anchors it; without one the first line is the headline (and a short first line
 * followed by another is a section).
 */
function readHeader(lines: readonly string[], withSection: boolean): Header {
  const head = lines.slice(0, BYLINE_WITHIN);
  // The page-scrape layout puts the byline right after the headline, so there any "by …" line counts ("by the
  // Kyiv Independent news desk"); in plain text only a list of names does, lest "By Tuesday, …" be taken.
  const pattern = withSection ? LOOSE_BYLINE : BYLINE;
  const by = head.findIndex((l, i) => i > 0 && pattern.test(l));
  let section: string | undefined;
  let headline = '';
  let j: number;
  let byline: string[] = [];
  if (by > 0) {
    headline = head[by - 1];
    if (withSection && by >= 2) section = head[0];
    byline = splitByline(pattern.exec(head[by])?.[1] ?? '');
    j = by + 1;
  } else {
    let i = 0;
    if (withSection && lines.length > 2 && lines[0].split(' ').length <= 3 && !/[.!?]$/.test(lines[0])) {
      section = lines[0];
      i = 1;
    }
    headline = lines[i] ?? '';
    j = i + 1;
  }
  const repeated = j < lines.length && same(lines[j], headline);
  if (repeated) j++;
  let image: ImageInfo | undefined;
  // A caption sits only where the page put the picture: straight after the byline or the repeated headline.
  const cap = j < lines.length - 1 && lines[j].length <= 400 ? CAPTION.exec(lines[j]) : null;
  // A credit names someone ("Volodymyr Zelensky / X", "AFP"); "(local time)" ending a first paragraph does not.
  if (cap && (by > 0 || repeated) && /^[\p{Lu}\d]|\//u.test(cap[2])) {
    image = { caption: cap[1], credit: cap[2].replace(/^(?:Photo|Image|Credit)s?\s*(?:by|:)\s*/i, '') };
    j++;
  }
  return { section, headline, byline, image, bodyStart: j };
}

function blocks(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map(cleanLine)
    .filter((l) => l !== '');
}

/**
 * Reads the page-scrape layout (see SCRAPE_HEADER): date, outlet from the logo text, section, headline, byline,
 * the repeated headline and the image caption dropped from the body, then the paragraphs.
 *
 * @example readScrapeText(' date 2025-11-04 KI logo\nWar\n\nHeadline\n\nby A B\n…').outlet === 'The Kyiv Independent'
 */
export function readScrapeText(text: string): ArticleFields {
  const all = text.split(/\r\n|\r|\n/);
  const first = all.findIndex((l) => l.trim() !== '');
  const m = SCRAPE_HEADER.exec(all[first] ?? '');
  if (!m) return readPlainText(text);
  const rest = all.slice(first + 1).join('\n');
  const lines = blocks(rest);
  const h = readHeader(lines, true);
  const body = bodyAfter(rest, h.bodyStart);
  const logo = m[2].trim();
  const issues: Issue[] = [];
  const outlet = outletFromLogo(logo) ?? outletName(logo);
  if (h.headline === '') issues.push(issue('headline-missing', 'no headline line after the scrape header'));
  return {
    outlet,
    published: m[1],
    publishedPrecision: 'day',
    ...(h.section ? { section: h.section } : {}),
    headline: h.headline,
    byline: h.byline,
    ...(h.image ? { image: h.image } : {}),
    paragraphs: splitParagraphs(body),
    sourceFormat: 'scrape-text',
    issues,
  };
}

/** The raw text after the first `n` non-blank lines, so body paragraph breaks survive. */
function bodyAfter(text: string, n: number): string {
  const lines = text.split(/\r\n|\r|\n/);
  let seen = 0;
  let i = 0;
  for (; i < lines.length && seen < n; i++) if (lines[i].trim() !== '') seen++;
  return lines.slice(i).join('\n');
}

/**
 * Reads plain text: the first non-blank line is the headline (a `by …` line after it is the byline), the rest
 * paragraphs. A first line too long for a headline is kept as the first paragraph and its first sentence is used
 * as the headline.
 *
 * @example readPlainText('Kharkiv hit overnight\n\nRussian drones struck Kharkiv.').headline === 'Kharkiv hit overnight'
 */
export function readPlainText(text: string, _clock?: Clock): ArticleFields {
  const lines = blocks(text);
  const first = lines[0] ?? '';
  if (first.length > 300) {
    const sentence = /^.{20,200}?[.!?](?=\s|$)/.exec(first)?.[0] ?? `${first.slice(0, 120)}…`;
    return { headline: sentence, paragraphs: splitParagraphs(text), sourceFormat: 'plain-text' };
  }
  const h = readHeader(lines, false);
  return {
    headline: h.headline,
    byline: h.byline,
    ...(h.image ? { image: h.image } : {}),
    paragraphs: splitParagraphs(bodyAfter(text, h.bodyStart)),
    sourceFormat: 'plain-text',
  };
}
