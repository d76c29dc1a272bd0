// The article reader: headline, byline, date, image caption and credit, and the paragraphs with place, time and
// actor mentions and evidence sentences highlighted. Everything is built as DOM text nodes: article text is data.
import type { Mention, Span, WebEvent, WebStoredArticle } from './api.js';
import { clear, el } from './dom.js';

type Kind = 'place' | 'time' | 'actor' | 'evidence';

interface Mark extends Span {
  readonly kind: Kind;
  readonly eventId?: string;
  /** What the mention resolved to, in words (the mark's tooltip and accessible description). */
  readonly label?: string;
}

/**
 * The resolved values a mention may carry, as the store sends them (PlaceMention, TimeRef, ActorMention). All are
 * optional here: the reader shows what is there.
 */
interface Resolved extends Mention {
  readonly start?: string;
  readonly end?: string;
  readonly precision?: number;
  readonly name?: string;
  readonly side?: string;
  readonly acledName?: string;
  readonly entry?: { readonly name?: string; readonly admin1?: string };
  readonly radiusKm?: number;
}

const PRECISION = ['', 'the day', 'a week or a few days', 'a month or vaguer'];

/**
 * A mention's resolved value in words, e.g. "time: 2025-11-01 to 2025-11-10 (a week or a few days)" or
 * "actor: Ukrainian forces, side ukraine, ACLED Military Forces of Ukraine (2019-)".
 */
export function mentionLabel(kind: Exclude<Kind, 'evidence'>, m: Resolved): string {
  const parts: string[] = [];
  if (kind === 'time' && m.start) {
    parts.push(m.end && m.end !== m.start ? `${m.start} to ${m.end}` : m.start);
    if (m.precision) parts.push(`(${PRECISION[m.precision] ?? m.precision})`);
  } else if (kind === 'actor') {
    parts.push(
      [m.name, m.side && `side ${m.side}`, m.acledName && `ACLED ${m.acledName}`].filter(Boolean).join(', '),
    );
  } else if (kind === 'place' && m.entry?.name) {
    parts.push([m.entry.name, m.entry.admin1].filter(Boolean).join(', '));
    if (m.radiusKm) parts.push(`(within ${Math.round(m.radiusKm)} km)`);
  }
  const value = parts.join(' ').trim();
  return value ? `${kind}: ${value}` : kind;
}

/** One run of text in a paragraph and the marks covering it. */
export interface Segment extends Span {
  readonly marks: readonly Mark[];
}

/**
 * Cuts `[from, to)` into runs at every mark boundary, each run with the marks that cover it. Spans are half-open
 * offsets into `Article.text` (STYLE.md); marks outside the range or empty are ignored.
 *
 * @example segments(0, 10, [{ start: 2, end: 4, kind: 'place' }]) → [0,2) [2,4){place} [4,10)
 */
export function segments(from: number, to: number, marks: readonly Mark[]): Segment[] {
  const inside = marks.filter((m) => m.end > from && m.start < to && m.end > m.start);
  const cuts = new Set<number>([from, to]);
  for (const m of inside) {
    cuts.add(Math.max(from, m.start));
    cuts.add(Math.min(to, m.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    out.push({ start: a, end: b, marks: inside.filter((m) => m.start <= a && m.end >= b) });
  }
  return out;
}

function marksOf(stored: WebStoredArticle): Mark[] {
  const of = (list: readonly Resolved[] | undefined, kind: Exclude<Kind, 'evidence'>): Mark[] =>
    (list ?? [])
      .filter((m) => m.span)
      .map((m) => ({ start: m.span.start, end: m.span.end, kind, label: mentionLabel(kind, m) }));
  const evidence: Mark[] = stored.events
    .filter((e) => e.evidence)
    .map((e) => ({ start: e.evidence!.start, end: e.evidence!.end, kind: 'evidence', eventId: e.event_id }));
  return [
    ...evidence,
    ...of(stored.places, 'place'),
    ...of(stored.times, 'time'),
    ...of(stored.actors, 'actor'),
  ];
}

/** What the reader needs from the page. */
export interface ReaderCallbacks {
  onEvidence(event: WebEvent): void;
  onClose(): void;
}

/**
 * Renders `stored` into `root` and moves focus to its headline. Escape or the close button closes it.
 */
export function renderArticle(root: HTMLElement, stored: WebStoredArticle, cb: ReaderCallbacks): void {
  const a = stored.article;
  const events = new Map(stored.events.map((e) => [e.event_id, e]));
  const marks = marksOf(stored);
  clear(root);
  const close = el(
    'button',
    {
      class: 'close',
      attrs: { type: 'button', 'aria-label': 'Close article' },
      on: { click: () => cb.onClose() },
    },
    '×',
  );
  const headline = el('h2', { attrs: { id: 'reader-headline', tabindex: -1 } }, a.headline);
  const meta = el(
    'p',
    { class: 'meta' },
    [a.outlet, a.published, a.byline.length ? `by ${a.byline.join(', ')}` : ''].filter(Boolean).join(' · '),
  );
  const figure = a.image
    ? el(
        'figure',
        { class: 'image-caption' },
        el(
          'figcaption',
          {},
          a.image.caption,
          a.image.credit ? el('span', { class: 'credit' }, ` (${a.image.credit})`) : null,
        ),
      )
    : null;
  // Each kind differs in its underline as well as its colour, so the legend reads without colour vision too.
  const legend = el(
    'p',
    { class: 'hl-legend' },
    'Highlighted: ',
    el('mark', { class: 'hl-place' }, 'place'),
    ' (solid underline), ',
    el('mark', { class: 'hl-time' }, 'time'),
    ' (dashed), ',
    el('mark', { class: 'hl-actor' }, 'actor'),
    ' (double); ',
    el('span', { class: 'evidence' }, 'evidence of an event (click to show it on the map)'),
    '. Hover over a highlight for what it was read as.',
  );
  const body = el('div', { class: 'article-body' });
  let offset = 0;
  const seen = new Set<string>();
  for (const para of a.paragraphs) {
    const p = el('p');
    for (const s of segments(offset, offset + para.length, marks)) {
      const text = para.slice(s.start - offset, s.end - offset);
      if (s.marks.length === 0) {
        p.appendChild(document.createTextNode(text));
        continue;
      }
      const mention = s.marks.find((m) => m.kind !== 'evidence');
      const evidence = s.marks.find((m) => m.kind === 'evidence');
      const node = el(mention ? 'mark' : 'span', {
        class: [...new Set(s.marks.map((m) => (m.kind === 'evidence' ? 'evidence' : `hl-${m.kind}`)))].join(
          ' ',
        ),
      });
      node.textContent = text;
      const labels = s.marks.flatMap((m) => (m.label ? [m.label] : []));
      // A tooltip for the pointer and a description for screen readers; an attribute, so it is never markup.
      if (labels.length > 0) node.title = [...new Set(labels)].join('; ');
      if (evidence?.eventId) {
        const ev = events.get(evidence.eventId);
        node.dataset.event = evidence.eventId;
        if (ev) {
          node.addEventListener('click', () => cb.onEvidence(ev));
          // One keyboard stop per evidence sentence, on its first run.
          if (!seen.has(evidence.eventId)) {
            seen.add(evidence.eventId);
            node.tabIndex = 0;
            node.setAttribute('role', 'button');
            node.setAttribute(
              'aria-label',
              `Show on the map: ${ev.sub_event_type || ev.event_type}, ${ev.event_date}`,
            );
            node.addEventListener('keydown', (e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                cb.onEvidence(ev);
              }
            });
          }
        }
      }
      p.appendChild(node);
    }
    body.appendChild(p);
    offset += para.length + 2;
  }
  const link = a.url
    ? el(
        'p',
        { class: 'source' },
        el(
          'a',
          { attrs: { href: safeUrl(a.url), rel: 'noopener noreferrer', target: '_blank' } },
          'Original article',
        ),
      )
    : null;
  root.appendChild(el('header', { class: 'reader-head' }, close, headline));
  if (a.section) root.appendChild(el('p', { class: 'section' }, a.section));
  root.append(meta);
  if (figure) root.appendChild(figure);
  root.append(legend, body);
  if (link) root.appendChild(link);
  root.onkeydown = (e) => {
    if (e.key === 'Escape') cb.onClose();
  };
  root.hidden = false;
  headline.focus();
}

/** An http(s) URL as given, anything else (javascript:, data:) replaced by '#': hrefs from data are untrusted. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '#';
  } catch {
    return '#';
  }
}
