// The page: wires the map, the list, the timeline, the filters, the event panel and the reader to one view state
// that lives in the URL hash.
import './style.css';
import {
  EVENT_LIMIT,
  EVENT_TYPES,
  TYPE_COLOURS,
  fetchArticle,
  fetchDayCounts,
  fetchEvents,
  type ServerFilter,
  type WebEvent,
} from './api.js';
import { addDays } from './days.js';
import { renderDetails } from './details.js';
import { byId, clear, el } from './dom.js';
import { createEventList } from './list.js';
import { createEventMap } from './map.js';
import { renderArticle } from './reader.js';
import { formatView, parseView } from './state.js';
import { createTimeline } from './timeline.js';

declare global {
  interface Window {
    /** For browser tests and the map benchmark: the live map and a promise of the first complete render. */
    litopys?: { map: import('maplibre-gl').Map; ready: Promise<void> };
  }
}

const view = parseView(location.hash);
/** An optional online raster tile template, e.g. `?tiles=https://tile.example.org/{z}/{x}/{y}.png`. */
const tiles = (() => {
  const t = new URLSearchParams(location.search).get('tiles');
  return t && /^https?:\/\//.test(t) ? t : null;
})();

let all: WebEvent[] = [];
let byEventId = new Map<string, WebEvent>();
const outlets = new Set<string>();
let returnFocus: HTMLElement | null = null;

const status = byId('status');
const details = byId('details');
const reader = byId('reader');
const fromInput = byId<HTMLInputElement>('t-from');
const toInput = byId<HTMLInputElement>('t-to');
const playButton = byId<HTMLButtonElement>('play');

let moveTimer: ReturnType<typeof setTimeout> | undefined;
function writeUrl(): void {
  history.replaceState(null, '', formatView(view));
}

const eventMap = createEventMap(byId('map'), view, tiles, {
  onSelect: (id) => selectEvent(id, false),
  onMove(lon, lat, zoom) {
    Object.assign(view, { lon, lat, zoom });
    // Programmatic pans end a move every frame; Chromium throttles (and warns about) that many history writes.
    clearTimeout(moveTimer);
    moveTimer = setTimeout(writeUrl, 250);
  },
});
window.litopys = { map: eventMap.map, ready: eventMap.ready };

const list = createEventList(byId<HTMLOListElement>('event-list'), byId('list-count'), (id) =>
  selectEvent(id, true),
);
const timeline = createTimeline(byId('timeline'), (from, to) => {
  stopPlay();
  view.from = from;
  view.to = to;
  applyRange();
});

function inRange(e: WebEvent): boolean {
  return (!view.from || e.event_date >= view.from) && (!view.to || e.event_date <= view.to);
}

/** Applies the date range in the page: the brush and play need no round trip to the server. */
function applyRange(): void {
  const visible = all.filter(inRange);
  eventMap.setEvents(visible);
  list.setEvents(visible, visible.length);
  timeline.setRange(view.from, view.to);
  fromInput.value = view.from;
  toInput.value = view.to;
  writeUrl();
}

function serverFilter(): ServerFilter {
  return { type: view.type, side: view.side, outlet: view.outlet, q: view.q };
}

let loadSeq = 0;
/** Fetches events and day counts for the server-side filters, then redraws. Older answers are dropped. */
async function load(): Promise<void> {
  const seq = ++loadSeq;
  status.textContent = 'Loading events…';
  try {
    const [events, counts] = await Promise.all([
      fetchEvents(serverFilter(), '', (n) => {
        if (seq === loadSeq) status.textContent = `Loading events… ${n}`;
      }),
      fetchDayCounts(serverFilter()),
    ]);
    if (seq !== loadSeq) return;
    all = [...events].sort((a, b) =>
      a.event_date === b.event_date
        ? a.event_id.localeCompare(b.event_id)
        : a.event_date < b.event_date
          ? 1
          : -1,
    );
    byEventId = new Map(all.map((e) => [e.event_id, e]));
    for (const e of all) if (e.outlet) outlets.add(e.outlet);
    fillOutlets();
    timeline.setCounts(counts);
    applyRange();
    // The page loads at most EVENT_LIMIT events; past that the map would show an arbitrary subset without saying so.
    status.textContent =
      events.length >= EVENT_LIMIT
        ? `Showing ${EVENT_LIMIT.toLocaleString('en')} events only: narrow the filters (type, side, outlet, text) to see the rest.`
        : '';
    if (view.event && byEventId.has(view.event)) selectEvent(view.event, false);
  } catch (err) {
    if (seq === loadSeq)
      status.textContent = `Could not load events: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function selectEvent(id: string, fly: boolean): void {
  const e = byEventId.get(id);
  if (!e) return;
  showEvent(e, fly);
}

function showEvent(e: WebEvent, fly: boolean): void {
  view.event = e.event_id;
  eventMap.select(e);
  list.select(e.event_id);
  renderDetails(details, e, (articleId) => void openArticle(articleId), closeDetails);
  if (fly) eventMap.flyTo(e);
  writeUrl();
}

function closeDetails(): void {
  details.hidden = true;
  view.event = '';
  eventMap.select(null);
  list.select('');
  writeUrl();
}

async function openArticle(id: string): Promise<void> {
  returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  view.article = id;
  writeUrl();
  try {
    const stored = await fetchArticle(id);
    renderArticle(reader, stored, {
      onEvidence: (ev) => showEvent(byEventId.get(ev.event_id) ?? ev, true),
      onClose: closeArticle,
    });
  } catch (err) {
    status.textContent = `Could not open the article: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function closeArticle(): void {
  reader.hidden = true;
  clear(reader);
  view.article = '';
  writeUrl();
  returnFocus?.focus();
  returnFocus = null;
}

function fillOutlets(): void {
  const select = byId<HTMLSelectElement>('f-outlet');
  const known = new Set([...select.options].map((o) => o.value));
  for (const o of [...outlets].sort())
    if (!known.has(o)) select.appendChild(el('option', { attrs: { value: o } }, o));
  select.value = view.outlet;
}

/** Sets the filter controls from the view (at start, and when a pasted link changes the hash). */
function syncControls(): void {
  byId<HTMLSelectElement>('f-type').value = view.type;
  byId<HTMLSelectElement>('f-side').value = view.side;
  byId<HTMLInputElement>('f-q').value = view.q;
  const outlet = byId<HTMLSelectElement>('f-outlet');
  if (view.outlet && ![...outlet.options].some((o) => o.value === view.outlet)) {
    outlet.appendChild(el('option', { attrs: { value: view.outlet } }, view.outlet));
  }
  outlet.value = view.outlet;
}

function setupFilters(): void {
  const type = byId<HTMLSelectElement>('f-type');
  for (const t of EVENT_TYPES) type.appendChild(el('option', { attrs: { value: t } }, t));
  const side = byId<HTMLSelectElement>('f-side');
  const outlet = byId<HTMLSelectElement>('f-outlet');
  const q = byId<HTMLInputElement>('f-q');
  syncControls();
  const changed = (): void => {
    view.type = type.value;
    view.side = side.value;
    view.outlet = outlet.value;
    view.q = q.value.trim();
    void load();
  };
  for (const s of [type, side, outlet]) s.addEventListener('change', changed);
  let timer: ReturnType<typeof setTimeout> | undefined;
  q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(changed, 300);
  });
  byId('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    changed();
  });
  fromInput.addEventListener('change', () => {
    view.from = fromInput.value;
    applyRange();
  });
  toInput.addEventListener('change', () => {
    view.to = toInput.value;
    applyRange();
  });
  byId('t-all').addEventListener('click', () => {
    stopPlay();
    view.from = '';
    view.to = '';
    applyRange();
  });
}

let playTimer: ReturnType<typeof setInterval> | undefined;
function stopPlay(): void {
  if (playTimer === undefined) return;
  clearInterval(playTimer);
  playTimer = undefined;
  playButton.textContent = 'Play';
  playButton.setAttribute('aria-pressed', 'false');
}

/** Replays day by day: the range starts at the brush start (or the first event) and grows one day a tick. */
function startPlay(): void {
  const ext = timeline.extent();
  if (!ext) return;
  const start = view.from || ext.first;
  const end = view.to && view.to > start ? view.to : ext.last;
  let day = start;
  view.from = start;
  playButton.textContent = 'Pause';
  playButton.setAttribute('aria-pressed', 'true');
  const tick = (): void => {
    view.to = day;
    applyRange();
    if (day >= end) stopPlay();
    day = addDays(day, 1);
  };
  tick();
  playTimer = setInterval(tick, 600);
}

function setupLegend(): void {
  const legend = byId('legend');
  const items = EVENT_TYPES.map((t) => {
    const swatch = el('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } });
    swatch.style.background = TYPE_COLOURS[t];
    return el('li', {}, swatch, t);
  });
  const area = el('span', { class: 'swatch area', attrs: { 'aria-hidden': 'true' } });
  const cluster = el('span', { class: 'swatch cluster', attrs: { 'aria-hidden': 'true' } });
  legend.appendChild(
    el(
      'ul',
      {},
      ...items,
      el('li', {}, area, 'uncertainty area'),
      el('li', {}, cluster, 'cluster: ring in its commonest type; click to zoom'),
    ),
  );
}

playButton.addEventListener('click', () => (playTimer === undefined ? startPlay() : stopPlay()));
window.addEventListener('hashchange', () => {
  stopPlay();
  Object.assign(view, parseView(location.hash));
  syncControls();
  if (!view.event && !details.hidden) closeDetails();
  eventMap.map.jumpTo({ center: [view.lon, view.lat], zoom: view.zoom });
  void load();
  if (view.article) void openArticle(view.article);
  else if (!reader.hidden) closeArticle();
});

setupLegend();
setupFilters();
void load();
if (view.article) void openArticle(view.article);
