import { linkedomModule } from './lazy-parsers.js';
import { splitParagraphs } from './paragraphs.js';

const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TD',
  'TH',
  'TR',
  'UL',
]);
// Not body text: code, embedded media, and the picture with its caption (kept apart as Article.image).
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'IFRAME',
  'OBJECT',
  'VIDEO',
  'AUDIO',
  'CANVAS',
  'FIGURE',
  'FIGCAPTION',
  'PICTURE',
  'IMG',
  'BUTTON',
  'FORM',
  'INPUT',
  'SELECT',
  'TEXTAREA',
]);

/**
 * The paragraphs of a DOM subtree: block elements break paragraphs, `<br>` breaks a line, whitespace inside text
 * collapses as a browser shows it, and scripts, media and figures are skipped.
 *
 * @example htmlNodeParagraphs(parseHTML('<div><p>One.</p>Two<br>Three.</div>').document.body) → ['One.', 'Two', 'Three.']
 */
export function htmlNodeParagraphs(root: Node): string[] {
  const parts: string[] = [];
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      parts.push((node.textContent ?? '').replace(/\s+/g, ' '));
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = (node as Element).tagName.toUpperCase();
    if (SKIP.has(tag)) return;
    if (tag === 'BR') {
      parts.push('\n');
      return;
    }
    const block = BLOCK.has(tag);
    if (block) parts.push('\n\n');
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) parts.push('\n\n');
  };
  walk(root);
  // Every line break here is structural, so no hard-wrap joining: each line stands as its own paragraph.
  return splitParagraphs(parts.join('').replace(/\n/g, '\n\n'));
}

/**
 * The paragraphs of an HTML fragment (an RSS `content:encoded`, a JSONL `html` field).
 *
 * @example htmlFragmentParagraphs('<p>Kharkiv was hit.</p><p>Two were injured.</p>') → ['Kharkiv was hit.', 'Two were injured.']
 */
export function htmlFragmentParagraphs(html: string): string[] {
  const { document } = linkedomModule().parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return htmlNodeParagraphs(document.body);
}
