import type { ImageInfo, Issue } from '../domain/index.js';
import { issue } from '../domain/index.js';
import { normalisePublished } from './dates.js';
import { htmlNodeParagraphs } from './html-text.js';
import { linkedomModule, readabilityModule } from './lazy-parsers.js';
import type { ArticleFields } from './make-article.js';
import { cleanLine } from './make-article.js';
import { outletName } from './outlets.js';
import { splitByline } from './scrape-text-reader.js';
import { isTeaser } from './text-boilerplate.js';

type Json = Record<string, unknown>;

const ARTICLE_TYPES =
  /^(?:News|Reportage|Analysis|Opinion|Report|Background)?(?:Article|NewsArticle|BlogPosting|LiveBlogPosting)$/;

// Page furniture that is never the report: matched on class, id or role before Readability scores the page.
const BOILERPLATE =
  /(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|ticker|newsletter|subscribe|subscription|signup|sign-up|related|recommended|more-stories|read-more|read-also|most-read|popular|promo|advert|ads?|banner|cookie|consent|social|share|sharing|comments?|sidebar|footer|paywall|tags|byline|dateline|timestamp)(?:$|[\s_-])/i;

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return cleanLine(v) || undefined;
  if (v && typeof v === 'object' && typeof (v as Json).name === 'string') return text((v as Json).name);
  return undefined;
}

/** Every object in JSON-LD, descending into arrays and `@graph`. */
function* ldObjects(v: unknown): Generator<Json> {
  for (const x of asArray(v)) {
    if (!x || typeof x !== 'object') continue;
    const o = x as Json;
    yield o;
    if (o['@graph']) yield* ldObjects(o['@graph']);
  }
}

function findNewsArticle(document: Document, issues: Issue[]): Json | undefined {
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      issues.push(issue('jsonld-invalid', 'a JSON-LD block is not valid JSON; it was skipped'));
      continue;
    }
    for (const o of ldObjects(data)) {
      if (asArray(o['@type']).some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) return o;
    }
  }
  return undefined;
}

function meta(document: Document, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const el =
      document.querySelector(`meta[property="${k}"]`) ??
      document.querySelector(`meta[name="${k}"]`) ??
      document.querySelector(`meta[itemprop="${k}"]`);
    const v = el?.getAttribute('content');
    if (v && v.trim() !== '') return v.trim();
  }
  return undefined;
}

const CREDIT_CLASS = /credit|copyright|source|photographer|author/i;
const PAREN_CREDIT = /^(.*\S)\s*\(([^()]{1,120})\)\s*$/;
const LABEL_CREDIT = /^(.*?\S)\s*(?:[|—–-]\s*)?(?:Photo|Image|Photograph|Credit)s?\s*(?:by|:)\s*(.+)$/i;

function figureOf(document: Document): ImageInfo | undefined {
  const scope = document.querySelector('article') ?? document.querySelector('main') ?? document.body;
  const cap = scope?.querySelector('figure figcaption') ?? document.querySelector('figure figcaption');
  if (!cap) return undefined;
  const creditEl = Array.from(cap.querySelectorAll('*')).find((e) =>
    CREDIT_CLASS.test(e.getAttribute('class') ?? ''),
  );
  let credit = creditEl ? cleanLine(creditEl.textContent ?? '') : undefined;
  creditEl?.remove();
  let caption = cleanLine(cap.textContent ?? '');
  if (!credit) {
    const m = PAREN_CREDIT.exec(caption) ?? LABEL_CREDIT.exec(caption);
    if (m) [caption, credit] = [m[1], m[2]];
  }
  credit = credit?.replace(/^(?:Photo|Image|Credit)s?\s*(?:by|:)\s*/i, '').replace(/^\((.*)\)$/, '$1');
  return caption ? { caption, ...(credit ? { credit } : {}) } : undefined;
}

function stripSiteSuffix(title: string, site: string | undefined): string {
  if (!site) return title;
  const esc = site.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return title.replace(new RegExp(`\\s*[|–—-]\\s*${esc}\\s*$`, 'i'), '').trim() || title;
}

function removeBoilerplate(document: Document): void {
  for (const el of Array.from(
    document.querySelectorAll(
      'nav, aside, footer, form, [role="navigation"], [role="banner"], [role="complementary"], [hidden], [aria-hidden="true"]',
    ),
  )) {
    el.remove();
  }
  for (const el of Array.from(document.querySelectorAll('[class], [id]'))) {
    if (el.tagName === 'BODY' || el.tagName === 'HTML' || el.tagName === 'ARTICLE' || el.tagName === 'MAIN')
      continue;
    const name = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (BOILERPLATE.test(name)) el.remove();
  }
}

/**
 * Drops what pages print above the first paragraph and Readability keeps: the headline, the caption, a "By …"
 * line, a bare date.
 */
function dropHeaderLines(
  paragraphs: readonly string[],
  headline: string,
  caption: string | undefined,
): string[] {
  let start = 0;
  while (start < Math.min(paragraphs.length, 4)) {
    const p = paragraphs[start];
    const header =
      p === headline ||
      p === caption ||
      (/^by\s/i.test(p) && p.length <= 100 && !/[.!?]$/.test(p)) ||
      (p.length <= 40 && normalisePublished(p) !== null);
    if (!header) break;
    start++;
  }
  return paragraphs.slice(start).filter((p) => p !== caption && !isTeaser(p));
}

/** Enough text to be a report: 140 characters across paragraphs, and at least one sentence. */
function looksLikeArticle(paragraphs: readonly string[]): boolean {
  const chars = paragraphs.reduce((n, p) => n + p.length, 0);
  return chars >= 140 && paragraphs.some((p) => /[.!?"”»]$/.test(p) && p.split(' ').length >= 8);
}

/**
 * Reads an HTML page: the main text by @mozilla/readability over a linkedom DOM (after dropping menus, tickers,
 * "related" teasers, newsletter and share blocks), and the metadata from JSON-LD `NewsArticle` (also inside
 * `@graph`), OpenGraph and `article:*` meta, `<time datetime>`, `<link rel=canonical>` and the first
 * `<figure>/<figcaption>`. A page without a report gives no paragraphs and issue `no-article`.
 *
 * @example readHtml('<html>…<article><h1>Strike on Odesa</h1><p>…</p></article></html>').headline === 'Strike on Odesa'
 */
export function readHtml(html: string, pageUrl?: string): ArticleFields {
  const issues: Issue[] = [];
  // linkedom builds no document element for a fragment (a JSONL `html` field, a snippet); give it one.
  const page = /<html[\s>]/i.test(html)
    ? html
    : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const { document } = linkedomModule().parseHTML(page) as unknown as { document: Document };
  const ld = findNewsArticle(document, issues);
  const site =
    text((ld?.publisher as Json | undefined)?.name) ?? meta(document, 'og:site_name', 'application-name');
  const canonical =
    document.querySelector('link[rel="canonical"]')?.getAttribute('href') ??
    meta(document, 'og:url') ??
    text(ld?.url) ??
    text((ld?.mainEntityOfPage as Json | undefined)?.['@id']);
  const absolute = (u: string | undefined): string | undefined => {
    if (!u) return undefined;
    try {
      return new URL(u, pageUrl).toString();
    } catch {
      return undefined;
    }
  };
  const rawDate =
    text(ld?.datePublished) ??
    meta(document, 'article:published_time', 'datePublished', 'pubdate', 'publishdate', 'date', 'dc.date') ??
    document.querySelector('time[datetime]')?.getAttribute('datetime') ??
    undefined;
  const date = normalisePublished(rawDate);
  if (rawDate && !date) issues.push(issue('date-invalid', `unreadable publication date '${rawDate}'`));
  const h1 = cleanLine(document.querySelector('article h1, main h1, h1')?.textContent ?? '');
  const title = cleanLine(document.querySelector('title')?.textContent ?? '');
  const headline =
    text(ld?.headline) ??
    (h1 || undefined) ??
    stripSiteSuffix(meta(document, 'og:title', 'twitter:title') ?? title, site);
  // Some sites put every author in one string ("Ann Example and Bo Sample").
  const ldAuthors = asArray(ld?.author).flatMap((a) => {
    const n = text(a);
    return n ? splitByline(n.replace(/^by\s+/i, '')) : [];
  });
  const metaAuthor = meta(document, 'author', 'article:author');
  // Read before the byline element is dropped as boilerplate.
  const domByline = cleanLine(
    document.querySelector('[rel="author"], [itemprop="author"], .byline, .author-name, .author')
      ?.textContent ?? '',
  );
  const section = asArray(ld?.articleSection).map(text).find(Boolean) ?? meta(document, 'article:section');
  const image = figureOf(document);

  removeBoilerplate(document);
  const container = document.querySelector('article') ?? document.querySelector('main') ?? document.body;
  // Kept for pages too short for Readability's scoring (a JSONL html field, a brief wire item).
  const direct = container ? htmlNodeParagraphs(container) : [];
  let paragraphs: string[] = [];
  let readabilityByline: string | undefined;
  try {
    const parsed = new (readabilityModule().Readability)<Node>(document, { serializer: (n) => n }).parse();
    if (parsed?.content) paragraphs = htmlNodeParagraphs(parsed.content);
    readabilityByline = parsed?.byline ?? undefined;
  } catch (err) {
    issues.push(
      issue('html-unreadable', `Readability failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
  if (!looksLikeArticle(paragraphs)) paragraphs = direct;
  paragraphs = dropHeaderLines(paragraphs, headline, image?.caption);
  if (!looksLikeArticle(paragraphs)) {
    issues.push(issue('no-article', 'no article text found in the HTML page'));
    paragraphs = [];
  }
  const byline =
    ldAuthors.length > 0
      ? ldAuthors
      : metaAuthor && !/^https?:/i.test(metaAuthor)
        ? splitByline(metaAuthor.replace(/^by\s+/i, ''))
        : (readabilityByline ?? domByline)
          ? splitByline((readabilityByline ?? domByline).replace(/^by\s+/i, ''))
          : [];
  return {
    url: pageUrl,
    canonicalUrl: absolute(canonical),
    outlet: outletName(site),
    ...(date ? { published: date.published, publishedPrecision: date.precision } : {}),
    ...(section ? { section } : {}),
    headline,
    byline,
    ...(image ? { image } : {}),
    paragraphs,
    sourceFormat: 'html',
    issues,
  };
}
