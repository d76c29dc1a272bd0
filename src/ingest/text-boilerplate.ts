// Page furniture that raw text scrapes keep as lines of their own: share buttons, menus, footers, prompts.
const FURNITURE = new Set(
  [
    'facebook',
    'twitter',
    'x',
    'email',
    'e-mail',
    'whatsapp',
    'telegram',
    'linkedin',
    'instagram',
    'youtube',
    'tiktok',
    'reddit',
    'sms',
    'print',
    'save',
    'share',
    'share this',
    'share this article',
    'copy link',
    'copy article link',
    'subscribe',
    'subscribe now',
    'sign up',
    'sign in',
    'log in',
    'login',
    'register',
    'newsletter',
    'newsletters',
    'menu',
    'search',
    'close',
    'back',
    'more',
    'see all',
    'see more',
    'read more',
    'show more',
    'load more',
    'home',
    'latest news',
    'most read',
    'most popular',
    'related',
    'related articles',
    'related news',
    'advertisement',
    'ad',
    'sponsored',
    'privacy policy',
    'cookie policy',
    'terms of use',
    'terms of service',
    'terms and conditions',
    'contact',
    'contact us',
    'about',
    'about us',
    'careers',
    'donate',
    'support us',
    'skip to content',
    'skip to main content',
    'listen',
    'listen to this article',
    'comments',
    '## links',
    '×',
    '*',
    '|',
    '•',
    '·',
    ',',
    '”',
    '“',
    'by',
    'category',
    'author',
    'article',
    'tags',
  ].map((s) => s.toLowerCase()),
);

// Scrapes of pages with inline JSON (JSON-LD, app state) keep its lines: keys, bare strings, brackets.
const JSON_DEBRIS = /^(?:[[\]{}(),;]+|"[\w@$.-]+"\s*:.*|"[^".!?]{0,80}",?)$/;

// Endnote and link debris: lines that are URLs, markdown links and images, "[12] https://… ; https://…"
// references, with fewer than three words of prose left once the links are taken out.
function isLinkDebris(line: string): boolean {
  if (!line.includes('http') && !line.includes('](')) return false;
  const prose = line
    .replace(/!?\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ');
  return (prose.match(/\p{L}{2,}/gu) ?? []).length < 3;
}

const TEASER =
  /^(?:read (?:also|more)|also read|related|see also|more on this|читайте (?:також|также)|дивіться також|смотрите также)\s*[:：—-]/i;

/**
 * Whether a paragraph is an inline teaser for another story ("Read also: …", "Related: …", "Читайте також: …"),
 * which outlets insert between paragraphs of a report.
 *
 * @example isTeaser('Read also: Russia strikes Kharkiv again') === true
 */
export function isTeaser(paragraph: string): boolean {
  return paragraph.length <= 300 && TEASER.test(paragraph);
}

// A menu item: a few words, no sentence punctuation.
const SHORT = (line: string): boolean =>
  line.length <= 60 && line.split(' ').length <= 4 && !/[.!?:;"”»]$/.test(line);
// Menus and footers are runs of such items; three in a row is no paragraph of a report.
const MENU_RUN = 3;

/**
 * Drops page furniture from the paragraphs of a raw text scrape: known button and menu words standing alone
 * ("Facebook", "Subscribe", "Privacy Policy"), and runs of three or more consecutive short lines without sentence
 * punctuation (menus, footers, tag lists), inline teasers (see isTeaser), lines of inline JSON, and endnote or
 * link lines that are nothing but URLs. Returns the input unchanged if the filter would leave nothing.
 *
 * @example dropTextBoilerplate(['Home', 'World', 'Sports', 'Drones hit Sumy overnight.', 'Share']) → ['Drones hit Sumy overnight.']
 */
export function dropTextBoilerplate(paragraphs: readonly string[]): string[] {
  const keep = paragraphs.map(
    (p) =>
      !(p.length <= 40 && FURNITURE.has(p.toLowerCase())) &&
      !JSON_DEBRIS.test(p) &&
      !isLinkDebris(p) &&
      !isTeaser(p),
  );
  for (let i = 0; i < paragraphs.length;) {
    if (!SHORT(paragraphs[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < paragraphs.length && (SHORT(paragraphs[j]) || !keep[j])) j++;
    if (j - i >= MENU_RUN) for (let k = i; k < j; k++) keep[k] = false;
    i = j;
  }
  const out = paragraphs.filter((_, i) => keep[i]);
  return out.length > 0 ? out : [...paragraphs];
}
