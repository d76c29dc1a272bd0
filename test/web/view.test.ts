import { describe, expect, it } from 'vitest';
import { segments, safeUrl } from '../../web/src/reader.js';
import { DEFAULT_VIEW, formatView, parseView } from '../../web/src/state.js';

describe('view state in the URL', () => {
  it('round-trips every field', () => {
    const v = {
      lon: 37.1761,
      lat: 48.282,
      zoom: 9.5,
      from: '2025-10-01',
      to: '2025-11-04',
      type: 'Explosions/Remote violence',
      side: 'russia',
      outlet: 'The Kyiv Independent',
      q: 'drone & "glide bomb"',
      event: 'e_1',
      article: 'a_2',
    };
    expect(parseView(formatView(v))).toEqual(v);
  });

  it('falls back to defaults for bad parts of a hand-edited link', () => {
    const v = parseView('#map=abc/99/500&from=yesterday&to=2025-13-45x&type=Battles');
    expect(v.zoom).toBe(DEFAULT_VIEW.zoom);
    expect(v.lat).toBe(DEFAULT_VIEW.lat);
    expect(v.from).toBe('');
    expect(v.to).toBe('');
    expect(v.type).toBe('Battles');
  });
});

describe('reader segments', () => {
  it('cuts a paragraph at every mark boundary, nested marks kept together', () => {
    const marks = [
      { start: 0, end: 20, kind: 'evidence' as const, eventId: 'e' },
      { start: 5, end: 9, kind: 'place' as const },
    ];
    const s = segments(0, 30, marks).map((x) => [x.start, x.end, x.marks.map((m) => m.kind).join('+')]);
    expect(s).toEqual([
      [0, 5, 'evidence'],
      [5, 9, 'evidence+place'],
      [9, 20, 'evidence'],
      [20, 30, ''],
    ]);
  });

  it('clips marks to the paragraph and ignores empty or outside ones', () => {
    const s = segments(10, 20, [
      { start: 5, end: 12, kind: 'time' },
      { start: 15, end: 15, kind: 'place' },
      { start: 30, end: 40, kind: 'actor' },
    ]);
    expect(s.map((x) => [x.start, x.end, x.marks.length])).toEqual([
      [10, 12, 1],
      [12, 20, 0],
    ]);
  });

  it('keeps only http(s) links', () => {
    expect(safeUrl('https://example.org/a')).toBe('https://example.org/a');
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl('data:text/html,<b>')).toBe('#');
  });
});
