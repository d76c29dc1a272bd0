import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, scratch } from '../shared.js';
import { ANALYSES, HOSTILE_SCRIPT } from './fixtures.js';
import type { WebSession } from './harness.js';
import { CHROMIUM, NO_CHROMIUM, ensureWebBuild, openWebSession, mapIdle } from './harness.js';

// The web UI in real Chromium against the real API app on a real SQLite file (issue 5, "Tests and numbers").

const OUT = join(REPO_ROOT, 'test-output', 'web');

describe.skipIf(!CHROMIUM)(CHROMIUM ? 'web UI in Chromium' : NO_CHROMIUM, () => {
  let session: WebSession | undefined;
  let base: string;
  let page: Page;
  let errors: string[] = [];
  const dialogs: string[] = [];
  const requests: string[] = [];
  const ids = {
    dobropillia: ANALYSES[0].events[0].id,
    pokrovsk: ANALYSES[0].events[1].id,
    kyiv: ANALYSES[2].events[0].id,
    article: ANALYSES[0].article.id,
    hostile: ANALYSES[3].article.id,
  };

  beforeAll(async () => {
    ensureWebBuild();
    session = await openWebSession(join(scratch('web-ui'), 'litopys.db'), ANALYSES);
    ({ page, base, errors } = session);
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });

  afterAll(async () => {
    await session?.close();
  });

  async function openPage(hash = ''): Promise<void> {
    // A goto that changes only the hash would not reload the page; every test starts from a fresh document.
    await page.goto('about:blank');
    await page.goto(`${base}/${hash}`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelectorAll('#event-list [role="option"]').length > 0);
    // The map's first full render, with the events source tiled.
    await mapIdle(page);
  }

  it('loads with no console errors and shows every event in the list and on the map', async () => {
    await openPage();
    const listed = await page.$$eval('#event-list [role="option"]', (els) =>
      els.map((e) => e.getAttribute('data-id')),
    );
    expect(listed).toHaveLength(5);
    expect(listed).toContain(ids.dobropillia);
    const onMap = await page.evaluate(() => {
      const map = window.litopys!.map;
      const canvas = map.getCanvas();
      const inView = map.queryRenderedFeatures({ layers: ['events', 'clusters'] }).filter((f) => {
        if (f.geometry.type !== 'Point') return false;
        const p = map.project(f.geometry.coordinates as [number, number]);
        return p.x >= 0 && p.y >= 0 && p.x <= canvas.clientWidth && p.y <= canvas.clientHeight;
      });
      return { width: canvas.clientWidth, height: canvas.clientHeight, features: inView.length };
    });
    expect(onMap.height).toBeGreaterThan(400);
    expect(onMap.width).toBeGreaterThan(600);
    expect(onMap.features).toBeGreaterThan(0);
    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, 'screenshot.png') });
    if (process.env.UPDATE_SCREENSHOT)
      copyFileSync(join(OUT, 'screenshot.png'), join(REPO_ROOT, 'docs', 'screenshot.png'));
    expect(errors).toEqual([]);
    // Offline: the basemap, its fonts and the worker come from our own origin; nothing from outside.
    const foreign = requests.filter((u) => !u.startsWith(base) && !/^(data|blob|about):/.test(u));
    expect(foreign).toEqual([]);
    expect(requests.some((u) => u.includes('/basemap/countries.json'))).toBe(true);
    expect(requests.some((u) => u.includes('/basemap/fonts/noto-sans-latin-400-normal.woff2'))).toBe(true);
  });

  it('draws the uncertainty area of a relative place at true scale', async () => {
    await openPage('#map=9.00/48.2820/37.1761');
    const areas = await page.evaluate(() =>
      window
        .litopys!.map.queryRenderedFeatures({ layers: ['uncertainty-fill', 'uncertainty-small-fill'] })
        .map((f) => f.properties.id as string),
    );
    expect(areas).toContain(ids.pokrovsk);
  });

  it('filters the list with the timeline brush and keeps the range in the URL', async () => {
    await openPage();
    const svg = await page.$('.timeline-svg');
    const first = await page.$('.timeline-svg rect[data-day="2025-10-26"]');
    const last = await page.$('.timeline-svg rect[data-day="2025-11-03"]');
    const [a, b, s] = await Promise.all([first!.boundingBox(), last!.boundingBox(), svg!.boundingBox()]);
    const y = s!.y + 20;
    await page.mouse.move(a!.x + 0.5, y);
    await page.mouse.down();
    await page.mouse.move(b!.x + b!.width / 2, y, { steps: 5 });
    await page.mouse.up();
    const dates = await page.$$eval('#event-list [role="option"]', (els) =>
      els.map((e) => e.getAttribute('data-date')),
    );
    expect(dates.length).toBe(4);
    expect(dates.every((d) => d! >= '2025-10-26' && d! <= '2025-11-03')).toBe(true);
    expect(page.url()).toContain('from=2025-10-26');
    expect(page.url()).toContain('to=2025-11-03');
    // The shared link reproduces the view.
    await openPage(new URL(page.url()).hash);
    expect(await page.$$eval('#event-list [role="option"]', (els) => els.length)).toBe(4);
    expect(await page.inputValue('#t-from')).toBe('2025-10-26');
  });

  it('navigates the list by keyboard and opens the event panel', async () => {
    await openPage();
    await page.focus('#event-list [role="option"][tabindex="0"]');
    await page.keyboard.press('End');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-id'));
    expect(focused).toBe(ids.kyiv);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.isVisible('#details'), { timeout: 15_000 }).toBe(true);
    const panel = await page.textContent('#details');
    expect(panel).toContain('Peaceful protest');
    expect(panel).toContain('organisers');
    expect(panel).toContain('Second Test Paper');
    expect(await page.getAttribute(`#event-list [data-id="${ids.kyiv}"]`, 'aria-selected')).toBe('true');
    expect(page.url()).toContain(`event=${ids.kyiv}`);
  });

  it('opens an article with place highlights; an evidence click flies the map to its event', async () => {
    await openPage(`#article=${ids.article}`);
    await page.waitForSelector('#reader:not([hidden]) .article-body');
    expect(await page.textContent('#reader h2')).toBe('Ukrainian troops push back near Dobropillia');
    expect(await page.textContent('#reader figcaption')).toContain('Test Photo Desk');
    const places = await page.$$eval('#reader .article-body mark.hl-place', (els) =>
      els.map((e) => e.textContent),
    );
    expect(places).toEqual(expect.arrayContaining(['Dobropillia', 'Pokrovsk']));
    await page.click(`#reader [data-event="${ids.dobropillia}"]`);
    await page.waitForFunction(
      () => {
        const c = window.litopys!.map.getCenter();
        return (
          !window.litopys!.map.isMoving() &&
          Math.abs(c.lat - 48.4683) < 0.01 &&
          Math.abs(c.lng - 37.0853) < 0.01
        );
      },
      undefined,
      { timeout: 15_000 },
    );
    expect(page.url()).toContain(`event=${ids.dobropillia}`);
    expect(page.url()).toContain(`article=${ids.article}`);
    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, 'reader.png') });
    expect(errors).toEqual([]);
  });

  it('filters by type, side, outlet and text through the API, and keeps the filters in the URL', async () => {
    await openPage();
    const listed = (): Promise<(string | null)[]> =>
      page.$$eval('#event-list [role="option"]', (els) => els.map((e) => e.getAttribute('data-id')));
    await page.selectOption('#f-type', 'Protests');
    await expect.poll(listed, { timeout: 15_000 }).toEqual([ids.kyiv]);
    expect(page.url()).toContain('type=Protests');
    await page.selectOption('#f-type', '');
    await page.selectOption('#f-side', 'ukraine');
    await expect.poll(listed, { timeout: 15_000 }).toEqual([ids.dobropillia]);
    await page.selectOption('#f-side', '');
    await page.selectOption('#f-outlet', 'Second Test Paper');
    await expect.poll(async () => (await listed()).length, { timeout: 15_000 }).toBe(2);
    await page.selectOption('#f-outlet', '');
    await page.fill('#f-q', 'Kharkiv');
    await expect.poll(listed, { timeout: 15_000 }).toEqual([ANALYSES[1].events[0].id]);
    expect(page.url()).toContain('q=Kharkiv');
    // A link pasted into the same tab (only the hash changes) applies its view too.
    await page.evaluate(() => (location.hash = '#type=Protests'));
    await expect.poll(listed, { timeout: 15_000 }).toEqual([ids.kyiv]);
    expect(await page.inputValue('#f-q')).toBe('');
  });

  it('replays day by day with the play button', async () => {
    await openPage('#from=2025-10-25&to=2025-11-03');
    expect(await page.$$eval('#event-list [role="option"]', (e) => e.length)).toBe(4);
    // Record every list size the replay shows; the machine may be slow, so no timing is assumed.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { seen: number[] }).seen = seen;
      new MutationObserver(() =>
        seen.push(document.querySelectorAll('#event-list [role="option"]').length),
      ).observe(document.getElementById('event-list')!, { childList: true });
    });
    await page.click('#play');
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('true');
    await expect.poll(() => page.getAttribute('#play', 'aria-pressed'), { timeout: 30_000 }).toBe('false');
    const seen = await page.evaluate(() => (window as unknown as { seen: number[] }).seen);
    // Nothing happened on 2025-10-25; two events on 10-26, a third on 11-02, the fourth on 11-03.
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(4);
    expect(seen).toContain(2);
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1])).toBe(true);
    expect(page.url()).toContain('to=2025-11-03');
  });

  it('opens the event panel from a click on the map', async () => {
    await openPage('#map=9.00/49.9935/36.2304');
    const box = (await page.$('#map'))!;
    const b = (await box.boundingBox())!;
    const p = await page.evaluate(() => window.litopys!.map.project([36.2304, 49.9935]));
    await page.mouse.click(b.x + p.x, b.y + p.y);
    await expect.poll(() => page.isVisible('#details'), { timeout: 15_000 }).toBe(true);
    expect(await page.textContent('#details')).toContain('Air/drone strike');
    expect(await page.textContent('#details')).toContain('Mayor of Kharkiv via Telegram');
    // From the panel to the article, and Escape back to where focus was.
    await page.click('#details button.link');
    await page.waitForSelector('#reader:not([hidden]) .article-body');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reader-headline');
    await page.keyboard.press('Escape');
    expect(await page.isHidden('#reader')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('link');
    expect(page.url()).not.toContain('article=');
  });

  // The fixture's times and actors go through the real store and API (GET /api/articles/:id) into the reader.
  it('highlights time and actor mentions from the stored article', async () => {
    await openPage(`#article=${ids.article}`);
    await page.waitForSelector('#reader:not([hidden]) .article-body');
    expect(
      await page.$$eval('#reader .article-body mark.hl-time', (els) => els.map((e) => e.textContent)),
    ).toEqual(['Oct. 26']);
    const actors = await page.$$eval('#reader .article-body mark.hl-actor', (els) =>
      els.map((e) => e.textContent),
    );
    expect(actors).toEqual(['Ukrainian troops', 'Russian forces', 'Russian artillery']);
  });

  it('renders markup in an article as inert text', async () => {
    await openPage(`#article=${ids.hostile}`);
    await page.waitForSelector('#reader:not([hidden]) .article-body');
    const text = await page.textContent('#reader');
    expect(text).toContain(HOSTILE_SCRIPT);
    expect(text).toContain('onerror=');
    expect(
      await page.$$eval('#reader script, #reader img, #details script, #details img', (e) => e.length),
    ).toBe(0);
    await page.click(`#event-list [data-id="${ANALYSES[3].events[0].id}"]`);
    expect(await page.textContent('#details')).toContain(HOSTILE_SCRIPT);
    expect(await page.$$eval('body img, body script:not([src])', (e) => e.length)).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });
});
