// Map panning with 100,000 events in view (issue 5: ≥ 30 fps, measured in the browser with requestAnimationFrame).
// The real web build is served by the real API app; the event and stats answers are generated here and handed to the
// page through request interception, so the figure is the map's, not the database's (bench/api.bench.ts has that).
// Runs in Debian's Chromium with SwiftShader (software WebGL) on this machine: a GPU would only be faster.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/api/index.js';
import { createPipeline } from '../src/pipeline/index.js';
import { openStore } from '../src/store/index.js';
import {
  CHROMIUM,
  NO_CHROMIUM,
  WEB_DIST,
  ensureWebBuild,
  launchChromium,
  mapIdle,
} from '../test/web/harness.js';
import { treeCpuMs, writeResult } from './lib.js';
import { mulberry32 } from '../test/shared.js';

const EVENTS = Number(process.env.LITOPYS_MAP_EVENTS ?? 100_000);
const PAN_MS = Number(process.env.LITOPYS_MAP_PAN_MS ?? 6000);
const TYPES = [
  'Battles',
  'Explosions/Remote violence',
  'Violence against civilians',
  'Protests',
  'Riots',
  'Strategic developments',
];

function day(i: number): string {
  return new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
}

/** 100,000 events over eastern and southern Ukraine across 2025, with the properties the API sends. */
function generate(): { geojson: string; stats: string; points: [number, number][] } {
  const rnd = mulberry32(42);
  const features = [];
  const points: [number, number][] = [];
  const counts = new Map<string, number>();
  for (let i = 0; i < EVENTS; i++) {
    const t = TYPES[Math.floor(rnd() ** 2 * TYPES.length)];
    const d = day(Math.floor(rnd() * 365));
    counts.set(`${d}|${t}`, (counts.get(`${d}|${t}`) ?? 0) + 1);
    const lon = Math.round((31 + rnd() * 8) * 1e5) / 1e5;
    const lat = Math.round((46.5 + rnd() * 4) * 1e5) / 1e5;
    points.push([lon, lat]);
    features.push({
      type: 'Feature',
      id: `e_${i}`,
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: {
        event_id: `e_${i}`,
        article_id: `a_${i >> 3}`,
        event_date: d,
        event_type: t,
        sub_event_type: '',
        location: `Place ${i % 997}`,
        latitude: lat,
        longitude: lon,
        radius_km: i % 50 === 0 ? 10 : 0,
        outlet: `Outlet ${i % 7}`,
      },
    });
  }
  const buckets = [...counts].map(([k, count]) => {
    const [bucket, event_type] = k.split('|');
    return { bucket, event_type, count };
  });
  return {
    geojson: JSON.stringify({ type: 'FeatureCollection', features, next: null }),
    stats: JSON.stringify({ bucket: 'day', buckets }),
    points,
  };
}

/** CPU seconds used so far by Chromium's processes (every process descended from this one); NaN off Linux. */
function descendantCpuSeconds(): number {
  return (treeCpuMs(process.pid, false) ?? Number.NaN) / 1000;
}

// The pan loop runs in the page. It is a string because tsx's transform would wrap named functions in a helper the
// page does not have.
const PAN_IN_PAGE = `async (panMs) => {
  const map = window.litopys.map;
  const gl = map.getCanvas().getContext('webgl2') ?? map.getCanvas().getContext('webgl');
  const dbg = gl && gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl && dbg ? String(gl.getParameter(dbg.UNMASKED_RENDERER_WEBGL)) : 'unknown';
  const bounds = map.getBounds().toArray();
  const frames = [];
  await new Promise((resolve) => {
    const start = performance.now();
    let last = start;
    function step(now) {
      frames.push(now - last);
      last = now;
      const t = now - start;
      // Back and forth, a few pixels a frame: the events stay in view the whole time.
      const dir = Math.floor(t / 1500) % 2 === 0 ? 1 : -1;
      map.panBy([dir * 4, dir * 2], { animate: false });
      if (t < panMs) requestAnimationFrame(step);
      else resolve();
    }
    requestAnimationFrame(step);
  });
  frames.shift();
  return { frames, renderer, bounds };
}`;

const IDLE_IN_PAGE = `async (ms) => {
  const frames = [];
  await new Promise((resolve) => {
    const start = performance.now();
    let last = start;
    function step(now) {
      frames.push(now - last);
      last = now;
      if (now - start < ms) requestAnimationFrame(step);
      else resolve();
    }
    requestAnimationFrame(step);
  });
  frames.shift();
  return frames;
}`;

async function main(): Promise<void> {
  if (!CHROMIUM) {
    process.stderr.write(`map bench ${NO_CHROMIUM}\n`);
    return;
  }
  ensureWebBuild();
  const dir = mkdtempSync(join(tmpdir(), 'litopys-map-bench-'));
  const store = await openStore(join(dir, 'empty.db'));
  const app = await createApp({ store, pipeline: createPipeline(), webRoot: WEB_DIST });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  const base = `http://127.0.0.1:${addr.port}`;
  const { geojson, stats, points } = generate();
  const browser = await launchChromium((process.env.LITOPYS_MAP_ARGS ?? '').split(' ').filter(Boolean));
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.route('**/api/events.geojson*', (r) =>
      r.fulfill({ contentType: 'application/geo+json', body: geojson }),
    );
    await page.route('**/api/stats*', (r) => r.fulfill({ contentType: 'application/json', body: stats }));
    const t0 = Date.now();
    // Zoom 5.6 over the event area: all 100,000 events are in view (as clusters, as the UI draws them there).
    await page.goto(`${base}/#map=5.60/48.5000/35.0000`);
    await page.waitForFunction(
      () => (document.getElementById('list-count')?.textContent ?? '') !== '',
      undefined,
      {
        timeout: 120_000,
      },
    );
    await mapIdle(page);
    const loadMs = Date.now() - t0;
    // A diagnostic knob: LITOPYS_MAP_HIDE=layer,layer hides layers before panning, to see what a frame costs.
    for (const id of (process.env.LITOPYS_MAP_HIDE ?? '').split(',').filter(Boolean)) {
      await page.evaluate(
        `window.litopys.map.setLayoutProperty(${JSON.stringify(id)}, 'visibility', 'none')`,
      );
    }
    const loadBefore = loadavg()[0];
    // The frame rate of the page doing nothing: what the machine allows at all (software WebGL, shared cores).
    const idle = await page.evaluate<number[]>(`(${IDLE_IN_PAGE})(2000)`);
    const cpu0 = descendantCpuSeconds();
    const result = await page.evaluate<{
      frames: number[];
      renderer: string;
      bounds: [[number, number], [number, number]];
    }>(`(${PAN_IN_PAGE})(${PAN_MS})`);
    const cpuMsPerFrame = Math.round(
      ((descendantCpuSeconds() - cpu0) * 1000) / Math.max(1, result.frames.length),
    );
    // The floor: the same pan with every layer hidden, i.e. what compositing a WebGL page costs here at all.
    await page.evaluate(`(() => {
      const map = window.litopys.map;
      for (const layer of map.getStyle().layers) map.setLayoutProperty(layer.id, 'visibility', 'none');
    })()`);
    const cpu1 = descendantCpuSeconds();
    const empty = await page.evaluate<{ frames: number[] }>(`(${PAN_IN_PAGE})(3000)`);
    const emptyCpuMsPerFrame = Math.round(
      ((descendantCpuSeconds() - cpu1) * 1000) / Math.max(1, empty.frames.length),
    );
    const emptyFps =
      Math.round((empty.frames.length / empty.frames.reduce((a, b) => a + b, 0)) * 1000 * 10) / 10;
    const loadAfter = loadavg()[0];
    const idleFps = Math.round((idle.length / idle.reduce((a, b) => a + b, 0)) * 1000 * 10) / 10;
    const ms = [...result.frames].sort((a, b) => a - b);
    const total = result.frames.reduce((a, b) => a + b, 0);
    const pct = (p: number): number =>
      Math.round(ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] * 10) / 10;
    const fps = Math.round((result.frames.length / total) * 1000 * 10) / 10;
    const [[w, south], [e, n]] = result.bounds;
    const inView = points.filter(([lon, lat]) => lon >= w && lon <= e && lat >= south && lat <= n).length;
    writeResult('map', {
      events: EVENTS,
      eventsInViewAtStart: inView,
      viewBounds: result.bounds,
      viewport: '1280x800',
      loadToIdleMs: loadMs,
      panMs: PAN_MS,
      frames: result.frames.length,
      fps,
      frameMsP50: pct(0.5),
      frameMsP95: pct(0.95),
      frameMsMax: Math.round(ms[ms.length - 1] * 10) / 10,
      target: '>= 30 fps',
      meetsTarget: fps >= 30,
      idleFps,
      chromiumCpuMsPerFrame: cpuMsPerFrame,
      emptyMapFps: emptyFps,
      emptyMapCpuMsPerFrame: emptyCpuMsPerFrame,
      loadAverage1m: [Math.round(loadBefore * 100) / 100, Math.round(loadAfter * 100) / 100],
      renderer: result.renderer,
      browser: browser.version(),
    });
  } finally {
    await browser.close();
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
