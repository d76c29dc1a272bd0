import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorMention, Analysis, TimeRef } from '../../src/domain/index.js';
import { REPO_ROOT, scratch } from '../shared.js';
import { ANALYSES, HOSTILE_IMG, HOSTILE_SCRIPT } from './fixtures.js';
import type { WebSession } from './harness.js';
import { CHROMIUM, NO_CHROMIUM, ensureWebBuild, openWebSession } from './harness.js';

// The reader's time and actor highlights end to end: the fixtures' mentions go through the real store and the real
// `GET /api/articles/:id` (no augmented answer) into real Chromium.

const OUT = join(REPO_ROOT, 'test-output', 'web');

/** The markup article with mentions whose text and resolved names are markup too. */
function hostileWithMentions(): Analysis {
  const a = ANALYSES[3];
  const text = a.article.text;
  const at = text.indexOf(HOSTILE_SCRIPT);
  const actor: ActorMention = {
    span: { start: at, end: at + HOSTILE_SCRIPT.length },
    text: HOSTILE_SCRIPT,
    kind: 'group',
    side: 'other',
    name: HOSTILE_IMG,
    acledName: HOSTILE_SCRIPT,
  };
  const img = text.indexOf(HOSTILE_IMG);
  const time: TimeRef = {
    span: { start: img, end: img + HOSTILE_IMG.length },
    text: HOSTILE_IMG,
    date: '2025-11-03',
    start: '2025-11-03',
    end: '2025-11-03',
    precision: 1,
    basis: { stated: [HOSTILE_IMG], implied: [] },
  };
  return { ...a, actors: [actor], times: [...a.times, time] };
}

describe.skipIf(!CHROMIUM)(CHROMIUM ? 'reader mentions in Chromium' : NO_CHROMIUM, () => {
  let session: WebSession | undefined;
  let base: string;
  let page: Page;
  let errors: string[] = [];
  const dialogs: string[] = [];
  const analyses = [ANALYSES[0], ANALYSES[1], hostileWithMentions()];

  beforeAll(async () => {
    ensureWebBuild();
    const dir = scratch('web-reader-mentions');
    mkdirSync(dir, { recursive: true });
    session = await openWebSession(join(dir, `litopys-${process.pid}.db`), analyses);
    ({ page, base, errors } = session);
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 300_000);

  afterAll(async () => {
    await session?.close();
  });

  async function openArticle(id: string): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${base}/#article=${id}`, { waitUntil: 'load' });
    await page.waitForSelector('#reader:not([hidden]) .article-body');
  }

  const texts = (selector: string): Promise<string[]> =>
    page.$$eval(selector, (els) => els.map((e) => e.textContent ?? ''));

  it("highlights an article's stored time and actor mentions, each kind styled apart, with a legend", async () => {
    const a = analyses[0];
    await openArticle(a.article.id);
    const body = '#reader .article-body';
    expect(await texts(`${body} mark.hl-time`)).toEqual(['Oct. 26']);
    expect(await texts(`${body} mark.hl-actor`)).toEqual([
      'Ukrainian troops',
      'Russian forces',
      'Russian artillery',
    ]);
    expect(await texts(`${body} mark.hl-place`)).toEqual(['Dobropillia', 'Pokrovsk']);
    // What each mention was read as, from the stored values.
    expect(await page.getAttribute(`${body} mark.hl-time`, 'title')).toBe('time: 2025-10-26 (the day)');
    expect(
      await page.$$eval(`${body} mark.hl-actor`, (els) => els.map((e) => e.getAttribute('title'))),
    ).toEqual([
      'actor: Ukrainian troops, side ukraine, ACLED Military Forces of Ukraine (2019-)',
      'actor: Russian forces, side russia, ACLED Military Forces of Russia (2000-)',
      'actor: Russian artillery, side russia, ACLED Military Forces of Russia (2000-)',
    ]);
    // Not colour alone: each kind has its own underline style and its own background.
    const styles = await page.$$eval(
      ['place', 'time', 'actor'].map((k) => `${body} mark.hl-${k}`).join(', '),
      (els) => {
        const seen = new Map<string, { border: string; background: string }>();
        for (const e of els) {
          const s = getComputedStyle(e);
          const classes = (e.getAttribute('class') ?? '').split(' ');
          const kind = classes.find((c) => c.startsWith('hl-')) ?? '';
          seen.set(kind, { border: s.borderBottomStyle, background: s.backgroundColor });
        }
        return Object.fromEntries(seen);
      },
    );
    expect(Object.keys(styles).sort()).toEqual(['hl-actor', 'hl-place', 'hl-time']);
    const borders = Object.values(styles).map((s) => s.border);
    expect(new Set(borders).size).toBe(3);
    expect(borders).not.toContain('none');
    expect(new Set(Object.values(styles).map((s) => s.background)).size).toBe(3);
    const legend = await page.textContent('#reader .hl-legend');
    expect(legend).toContain('time');
    expect(legend).toContain('actor');
    expect(
      await page.$$eval('#reader .hl-legend mark', (els) => els.map((e) => e.getAttribute('class'))),
    ).toEqual(['hl-place', 'hl-time', 'hl-actor']);
    // Clicking an evidence sentence still shows its event.
    await page.click(`#reader [data-event="${a.events[0].id}"]`);
    await expect.poll(() => page.isVisible('#details'), { timeout: 15_000 }).toBe(true);
    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, 'reader-mentions.png') });
    expect(errors).toEqual([]);
  });

  it('keeps markup inert when it is the text or the resolved value of a mention', async () => {
    const a = analyses[2];
    await openArticle(a.article.id);
    const body = '#reader .article-body';
    expect(await texts(`${body} mark.hl-actor`)).toEqual([HOSTILE_SCRIPT]);
    expect(await texts(`${body} mark.hl-time`)).toEqual(['Nov. 3', HOSTILE_IMG]);
    expect(await page.getAttribute(`${body} mark.hl-actor`, 'title')).toBe(
      `actor: ${HOSTILE_IMG}, side other, ACLED ${HOSTILE_SCRIPT}`,
    );
    expect(await page.$$eval('#reader script, #reader img, body img', (e) => e.length)).toBe(0);
    expect(await page.$$eval('body script:not([src])', (e) => e.length)).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });
});
