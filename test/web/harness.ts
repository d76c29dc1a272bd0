import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { createApp } from '../../src/api/index.js';
import type { Analysis } from '../../src/domain/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import type { Store } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { REPO_ROOT } from '../shared.js';

// Browser-test harness: the real web build, served by the real API app, driven by Debian's Chromium.

/** Debian's Chromium (or LITOPYS_CHROMIUM); null when neither is there. Never a browser download. */
export const CHROMIUM: string | null = (() => {
  const p = process.env.LITOPYS_CHROMIUM || '/usr/bin/chromium';
  return existsSync(p) ? p : null;
})();

/** The skip message when Chromium is absent. */
export const NO_CHROMIUM = `skipped: no Chromium at ${process.env.LITOPYS_CHROMIUM || '/usr/bin/chromium'} (apt-get install chromium, or set LITOPYS_CHROMIUM)`;

/** Where the built UI lives. */
export const WEB_DIST = join(REPO_ROOT, 'web', 'dist');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path)) t = Math.max(t, newest(join(path, e)));
  return t;
}

/**
 * Runs `npm run build:web` when web/dist is missing or older than its sources (web/src, web/index.html,
 * web/vite.config.ts, scripts/build-basemap.ts). Called from the browser tests' beforeAll, so only runs that include
 * them pay for the build.
 */
export function ensureWebBuild(): void {
  const built = newest(join(WEB_DIST, 'index.html'));
  const sources = Math.max(
    newest(join(REPO_ROOT, 'web', 'src')),
    newest(join(REPO_ROOT, 'web', 'index.html')),
    newest(join(REPO_ROOT, 'web', 'vite.config.ts')),
    newest(join(REPO_ROOT, 'scripts', 'build-basemap.ts')),
  );
  if (built > sources && existsSync(join(WEB_DIST, 'basemap', 'countries.json'))) return;
  execFileSync('npm', ['run', 'build:web'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/** Chromium flags: headless, no sandbox (CI runs as root), no network chatter, software WebGL. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];

/** Launches Debian's Chromium through playwright-core. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!CHROMIUM) throw new Error(NO_CHROMIUM);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** Waits for the page's map to be loaded and fully rendered, its sources tiled (an 'idle' after the first load). */
export async function mapIdle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const l = window.litopys;
    if (!l) throw new Error('no map');
    await l.ready;
    await new Promise<void>((resolve) => {
      if (l.map.loaded() && l.map.areTilesLoaded()) resolve();
      else l.map.once('idle', () => resolve());
    });
  });
}

/** A browser test's world: a store holding its analyses, the API app serving a web build, a Chromium page on it. */
export interface WebSession {
  readonly store: Store;
  readonly app: FastifyInstance;
  /** `http://127.0.0.1:PORT` of the app. */
  readonly base: string;
  readonly browser: Browser;
  readonly page: Page;
  /** Console errors and uncaught page errors, as they come. */
  readonly errors: string[];
  /** Browser, app and store closed, in that order. */
  close(): Promise<void>;
}

/**
 * Stores `analyses` in a new SQLite file at `dbFile`, serves `webRoot` (the built page) with the real API on a free
 * port, and opens a 1400×900 Chromium page that records console and page errors.
 *
 * @example const s = await openWebSession(join(scratch('web-ui'), 'litopys.db'), ANALYSES); await s.page.goto(s.base);
 */
export async function openWebSession(
  dbFile: string,
  analyses: readonly Analysis[],
  webRoot: string = WEB_DIST,
): Promise<WebSession> {
  const store = await openStore(dbFile);
  await store.putAnalyses(analyses);
  const app = await createApp({ store, pipeline: createPipeline(), webRoot });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    store,
    app,
    base: `http://127.0.0.1:${addr.port}`,
    browser,
    page,
    errors,
    async close() {
      await browser.close();
      await app.close();
      await store.close();
    },
  };
}

declare global {
  interface Window {
    /** Set by web/src/main.ts: the live map and a promise of its first load. */
    litopys?: { map: import('maplibre-gl').Map; ready: Promise<void> };
  }
}
