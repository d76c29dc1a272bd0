import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBasemap } from '../../scripts/build-basemap.js';
import { REPO_ROOT, scratch } from '../shared.js';
import { ANALYSES } from './fixtures.js';
import type { WebSession } from './harness.js';
import { CHROMIUM, NO_CHROMIUM, WEB_DIST, ensureWebBuild, openWebSession, mapIdle } from './harness.js';

// Admin-1 outlines (oblasts) from a GeoJSON handed to the basemap build, drawn in real Chromium. The fixture is two
// rectangles of our own: one in the north, one over Crimea (coded UA-43), with a sidecar attribution.

const FIXTURE = join(REPO_ROOT, 'test', 'web', 'fixtures', 'admin1-rectangles.geojson');
const OUT = join(REPO_ROOT, 'test-output', 'web');

describe.skipIf(!CHROMIUM)(CHROMIUM ? 'admin-1 outlines in Chromium' : NO_CHROMIUM, () => {
  let session: WebSession | undefined;
  let page: Page;
  let base: string;
  let errors: string[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    // The built page with its basemap rebuilt beside it, admin-1 units included; web/dist itself is left as it is.
    const root = scratch('web-admin1');
    cpSync(WEB_DIST, root, { recursive: true });
    buildBasemap(join(root, 'basemap'), { admin1: { file: FIXTURE } });
    session = await openWebSession(join(scratch('web-admin1-db'), 'litopys.db'), ANALYSES, root);
    ({ page, base, errors } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('draws the units as outlines with labels, credits their source, and keeps Crimea inside Ukraine', async () => {
    await page.goto(`${base}/#map=5.60/48.0000/33.0000`, { waitUntil: 'load' });
    await mapIdle(page);
    const drawn = await page.evaluate(() => {
      const map = window.litopys!.map;
      const names = (layer: string): string[] =>
        [
          ...new Set(map.queryRenderedFeatures({ layers: [layer] }).map((f) => String(f.properties.name))),
        ].sort();
      const at = (lon: number, lat: number, layer: string): number =>
        map.queryRenderedFeatures(map.project([lon, lat]), { layers: [layer] }).length;
      const order = map.getStyle().layers.map((l) => l.id);
      return {
        lines: names('admin1-lines'),
        labels: names('admin1-labels'),
        // Simferopol: on Ukraine's fill, on no other country's.
        simferopolUkraine: at(34.1, 44.95, 'ukraine'),
        simferopolOther: at(34.1, 44.95, 'land'),
        linesUnderBorders: order.indexOf('admin1-lines') < order.indexOf('borders'),
        labelsUnderEvents: order.indexOf('admin1-labels') < order.indexOf('events'),
      };
    });
    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, 'admin1.png') });
    expect(drawn).toEqual({
      lines: ['Test Crimea', 'Test Northern Oblast'],
      labels: ['Test Crimea', 'Test Northern Oblast'],
      simferopolUkraine: 1,
      simferopolOther: 0,
      linesUnderBorders: true,
      labelsUnderEvents: true,
    });
    expect(await page.textContent('.maplibregl-ctrl-attrib-inner')).toContain(
      'Litopys test fixture: two rectangles of our own',
    );
    expect(errors).toEqual([]);
  });
});
