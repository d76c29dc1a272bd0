// The whole view lives in the URL hash, so a link reproduces what its sender saw: map centre and zoom, date range,
// filters, the selected event and the open article. The query string is left for configuration (`?tiles=`).

/** What the page shows. Empty strings mean "no filter". */
export interface ViewState {
  lon: number;
  lat: number;
  zoom: number;
  /** ISO days, inclusive; empty for "from the first" / "to the last" event. */
  from: string;
  to: string;
  type: string;
  side: string;
  outlet: string;
  q: string;
  /** The selected event's id. */
  event: string;
  /** The open article's id. */
  article: string;
}

/** Where the map opens: eastern Ukraine, with the whole country in view on a laptop screen. */
export const DEFAULT_VIEW: Readonly<ViewState> = {
  lon: 33.5,
  lat: 48.6,
  zoom: 5.2,
  from: '',
  to: '',
  type: '',
  side: '',
  outlet: '',
  q: '',
  event: '',
  article: '',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads a view from a hash such as `#map=6.5/48.3/37.2&from=2025-10-01&type=Battles`. Bad parts fall back to the
 * defaults: a hand-edited link never breaks the page.
 */
export function parseView(hash: string): ViewState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const v: ViewState = { ...DEFAULT_VIEW };
  const [z, lat, lon] = (p.get('map') ?? '').split('/').map(Number);
  if ([z, lat, lon].every((n) => Number.isFinite(n)) && Math.abs(lat) <= 85 && Math.abs(lon) <= 180) {
    v.zoom = Math.min(Math.max(z, 0), 22);
    v.lat = lat;
    v.lon = lon;
  }
  const from = p.get('from') ?? '';
  const to = p.get('to') ?? '';
  if (DAY.test(from)) v.from = from;
  if (DAY.test(to)) v.to = to;
  v.type = p.get('type') ?? '';
  v.side = p.get('side') ?? '';
  v.outlet = p.get('outlet') ?? '';
  v.q = p.get('q') ?? '';
  v.event = p.get('event') ?? '';
  v.article = p.get('article') ?? '';
  return v;
}

/** Writes a view as a hash; empty fields are left out so links stay short. */
export function formatView(v: ViewState): string {
  const p = new URLSearchParams();
  p.set('map', `${v.zoom.toFixed(2)}/${v.lat.toFixed(4)}/${v.lon.toFixed(4)}`);
  for (const k of ['from', 'to', 'type', 'side', 'outlet', 'q', 'event', 'article'] as const) {
    if (v[k]) p.set(k, v[k]);
  }
  // URLSearchParams writes '/' as %2F; the map triple reads better unescaped and parses the same.
  return '#' + p.toString().replace(/%2F/g, '/');
}
