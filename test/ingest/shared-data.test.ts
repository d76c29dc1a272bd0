import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/index.js';
import { readBytes, readEntries } from '../../src/ingest/index.js';
import { sharedFile, skipReason } from '../shared.js';

const SEED = 'seeds/000_52a6c90232f8ccf7.txt';
const SCRAPES = 'data/news/war-news-scrapes.jsonl';
const seed = sharedFile(SEED);
const scrapes = sharedFile(SCRAPES);
const clock = fixedClock('2026-01-01T00:00:00Z');
// Lines of the shared JSONL with a non-empty `date`.
const DATED = 27;

describe('the seed article', () => {
  it.skipIf(!seed)(seed ? 'parses as the issue demands' : skipReason(SEED), () => {
    const { articles, issues } = readBytes(readFileSync(seed!), { name: 'seed.txt', clock });
    expect(issues).toEqual([]);
    expect(articles).toHaveLength(1);
    const a = articles[0];
    expect(a.sourceFormat).toBe('scrape-text');
    expect(a.published).toBe('2025-11-04');
    expect(a.publishedPrecision).toBe('day');
    expect(a.outlet).toBe('The Kyiv Independent');
    expect(a.section).toBe('War');
    expect(a.headline).toBe('Zelensky visits Azov National Guard troops fighting in the Pokrovsk sector');
    expect(a.byline).toEqual(['Yuliia Taradiuk']);
    expect(a.image).toEqual({
      caption: 'Zelensky visits Azov soldiers at frontline close to Pokrovsk, Nov. 4, 2025.',
      credit: 'Volodymyr Zelensky / X',
    });
    expect(a.paragraphs).toHaveLength(8);
    expect(a.paragraphs[0]).toMatch(/^President Volodymyr Zelensky has met with Ukrainian soldiers/);
    expect(a.text).toBe(a.paragraphs.join('\n\n'));
    expect(a.text).not.toContain(a.headline);
    expect(a.text).not.toContain('Volodymyr Zelensky / X');
    expect(a.language).toBe('en');
    expect(a.id).toMatch(/^a_[0-9a-f]{16}$/);
    expect(a.issues).toEqual([]);
  });

  it.skipIf(!seed)(
    seed ? 'is read the same with leading spaces and CRLF line ends' : skipReason(SEED),
    () => {
      const raw = readFileSync(seed!, 'utf8');
      const crlf = raw.replace(/\n/g, '\r\n').replace(/\r\n(?=\S)/g, '\r\n   ');
      const a = readBytes(Buffer.from(raw), { name: 'a', clock }).articles[0];
      const b = readBytes(Buffer.from(crlf), { name: 'b', clock }).articles[0];
      expect(b.paragraphs).toEqual(a.paragraphs);
      expect(b.contentHash).toBe(a.contentHash);
      expect(b.image).toEqual(a.image);
    },
  );
});

describe('the shared JSONL scrapes', () => {
  it.skipIf(!scrapes)(scrapes ? 'load as is: 61 articles, no failed line' : skipReason(SCRAPES), () => {
    const entries = readEntries(readFileSync(scrapes!), { name: 'scrapes.jsonl', clock });
    expect(entries.filter((e) => e.article === null)).toEqual([]);
    const articles = entries.flatMap((e) => (e.article ? [e.article] : []));
    expect(articles).toHaveLength(61);
    for (const a of articles) {
      expect(a.sourceFormat).toBe('jsonl');
      expect(a.paragraphs.length).toBeGreaterThan(0);
      expect(a.headline).not.toBe('');
      expect(a.canonicalUrl).toMatch(/^https:\/\//);
    }
    expect(new Set(articles.map((a) => a.id)).size).toBe(61);
    const isw = articles.find((a) => a.canonicalUrl?.includes('understandingwar.org'));
    expect(isw?.outlet).toBe('Institute for the Study of War');
    // Every line with a `date` keeps it; the rest say in `date_note` that it is unknown.
    expect(articles.filter((a) => a.published).length).toBe(DATED);
  });
});
