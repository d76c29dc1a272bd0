// The side panel for the selected event: type, date and precision, actors, claimant and channel, outlet, the
// evidence sentence and a link that opens the article in the reader.
import type { WebEvent } from './api.js';
import { TYPE_COLOURS } from './api.js';
import { append, clear, el } from './dom.js';

const TIME_PRECISION: Record<number, string> = {
  1: 'the day',
  2: 'within a week',
  3: 'within a month or vaguer',
};
const GEO_PRECISION: Record<number, string> = {
  1: 'the town',
  2: 'near a town / part of a region',
  3: 'the region',
};

function row(label: string, value: string | null | undefined): HTMLElement[] {
  return value ? [el('dt', {}, label), el('dd', {}, value)] : [];
}

/** Renders `e` into `root` (an aside); `onArticle` opens its article. */
export function renderDetails(
  root: HTMLElement,
  e: WebEvent,
  onArticle: (id: string) => void,
  onClose: () => void,
): void {
  clear(root);
  const swatch = el('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } });
  swatch.style.background = TYPE_COLOURS[e.event_type] ?? '#666';
  const a = e.attribution;
  const dateText =
    e.date_start && e.date_end && e.date_start !== e.date_end
      ? `${e.event_date} (${e.date_start} – ${e.date_end})`
      : e.event_date;
  const dl = el(
    'dl',
    {},
    ...row('Type', `${e.event_type}${e.sub_event_type ? ` / ${e.sub_event_type}` : ''}`),
    ...row(
      'Date',
      `${dateText}${e.time_precision ? `, precise to ${TIME_PRECISION[e.time_precision] ?? e.time_precision}` : ''}`,
    ),
    ...row(
      'Place',
      [e.location, e.admin1].filter(Boolean).join(', ') +
        (e.geo_precision
          ? ` (${GEO_PRECISION[e.geo_precision] ?? e.geo_precision}` +
            (e.radius_km ? `, ±${e.radius_km} km)` : ')')
          : ''),
    ),
    ...row('Actor 1', [e.actor1, e.assoc_actor_1].filter(Boolean).join('; ')),
    ...row('Actor 2', e.actor2),
    ...row('Fatalities', e.fatalities ? String(e.fatalities) : null),
    ...row(
      'Claimed by',
      a && (a.claimant || a.channel)
        ? `${a.claimant ?? 'unnamed source'}${a.channel ? ` via ${a.channel}` : ''}${a.hedged ? ' (hedged)' : ''}`
        : null,
    ),
    ...row('Outlet', e.outlet),
    ...row('Confidence', e.confidence !== undefined ? e.confidence.toFixed(2) : null),
  );
  const open = el(
    'button',
    { class: 'link', attrs: { type: 'button' }, on: { click: () => onArticle(e.article_id) } },
    `Read the article${e.headline ? `: ${e.headline}` : ''}`,
  );
  append(
    root,
    el(
      'header',
      { class: 'details-head' },
      swatch,
      el('h2', { attrs: { id: 'details-heading', tabindex: -1 } }, e.sub_event_type || e.event_type),
      el(
        'button',
        {
          class: 'close',
          attrs: { type: 'button', 'aria-label': 'Close event details' },
          on: { click: onClose },
        },
        '×',
      ),
    ),
    dl,
    e.notes ? el('blockquote', { class: 'evidence-quote' }, e.notes) : null,
    open,
  );
  root.hidden = false;
}
