import { describe, expect, it } from 'vitest';
import {
  HttpError,
  csvField,
  csvLine,
  openApiDocument,
  parseBbox,
  toEventFilter,
} from '../../src/api/index.js';
import { parseDatetime } from '../../src/api/routes/ogc.js';

// The pure pieces of the API: parameter parsing, CSV quoting, and the OpenAPI document's internal references.

describe('parseBbox', () => {
  it('reads four numbers', () => {
    expect(parseBbox('37.0, 48.0,38,49')).toEqual([37, 48, 38, 49]);
  });
  it.each([
    '',
    '1,2,3',
    '1,2,3,4,5,6',
    '1,,3,4',
    'x,2,3,4',
    '-181,0,0,1',
    '0,-91,1,0',
    '0,1,1,0',
    '10,0,-10,1',
  ])('refuses %j with a 400 naming bbox', (raw) => {
    const err = (() => {
      try {
        parseBbox(raw);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(400);
    expect((err as HttpError).message).toMatch(/^bbox /);
  });
});

describe('parseDatetime', () => {
  it.each([
    ['2025-10-20', { since: '2025-10-20', until: '2025-10-20' }],
    ['2025-10-20T23:59:59Z', { since: '2025-10-20', until: '2025-10-20' }],
    ['2025-10-01/2025-10-31', { since: '2025-10-01', until: '2025-10-31' }],
    ['2025-10-01T00:00:00Z/..', { since: '2025-10-01' }],
    ['../2025-10-31', { until: '2025-10-31' }],
    ['/2025-10-31', { until: '2025-10-31' }],
  ])('%s', (raw, expected) => {
    expect(parseDatetime(raw)).toEqual(expected);
  });
  it.each(['', 'today', '2025-02-30', '2025-10-01/2025-09-01', '../..', 'a/b/c', '2025-10-01T25:00:00Z'])(
    'refuses %j',
    (raw) => {
      expect(() => parseDatetime(raw)).toThrow(HttpError);
    },
  );
});

describe('toEventFilter', () => {
  it('maps every parameter to the store filter', () => {
    expect(
      toEventFilter({
        bbox: '37,48,38,49',
        since: '2025-10-01T10:00:00Z',
        until: '2025-10-31',
        event_type: ['Battles,Protests'],
        sub_event_type: ['Armed clash'],
        actor: 'russia',
        side: 'ukraine',
        outlet: 'Dnipro Daily',
        q: 'tram',
        min_confidence: 0.5,
      }),
    ).toEqual({
      bbox: [37, 48, 38, 49],
      since: '2025-10-01',
      until: '2025-10-31',
      eventType: ['Battles', 'Protests'],
      subEventType: ['Armed clash'],
      actor: 'russia',
      side: 'ukraine',
      outlet: 'Dnipro Daily',
      q: 'tram',
      minConfidence: 0.5,
    });
    expect(toEventFilter({})).toEqual({});
    expect(() => toEventFilter({ since: '2025-02-29' })).toThrow(/since/);
    expect(toEventFilter({ since: '2024-02-29' })).toEqual({ since: '2024-02-29' });
  });
});

describe('CSV', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas in text', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1 day')).toBe("'+1 day");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField(-3.5)).toBe('-3.5');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });
});

describe('openApiDocument', () => {
  it('has only references that resolve and an operationId per operation, each unique', () => {
    const doc = openApiDocument();
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string') refs.push(x);
          else walk(x);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const [, section, name] = /^#\/components\/(\w+)\/(\w+)$/.exec(ref) ?? [];
      const group = (doc.components as Record<string, Record<string, unknown>>)[section ?? ''];
      expect(group?.[name ?? ''], ref).toBeDefined();
    }
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
