import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/index.js';
import {
  canonicaliseUrl,
  decodeBytes,
  detectFormat,
  guessLanguage,
  looksBinary,
  makeArticle,
  normalisePublished,
  outletFromLogo,
  outletFromUrl,
  outletName,
  readBytes,
  readEntries,
  sha256Hex,
  splitParagraphs,
  stripOutletSuffix,
} from '../../src/ingest/index.js';
import { dropTextBoilerplate } from '../../src/ingest/text-boilerplate.js';

const clock = fixedClock('2026-01-01T00:00:00Z');

describe('makeArticle', () => {
  const base = {
    headline: 'H',
    paragraphs: [' One  two. ', '', 'Three.'],
    sourceFormat: 'plain-text' as const,
    clock,
  };

  it('joins cleaned paragraphs and hashes the normalised text', () => {
    const a = makeArticle(base);
    expect(a.paragraphs).toEqual(['One two.', 'Three.']);
    expect(a.text).toBe('One two.\n\nThree.');
    expect(a.contentHash).toBe(sha256Hex('One two. Three.'));
    expect(a.id).toBe(`a_${sha256Hex(a.contentHash).slice(0, 16)}`);
    expect(a.retrievedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(a.publishedPrecision).toBe('unknown');
  });

  it('derives the id from the canonical URL when there is one, so a re-edited page keeps its id', () => {
    const a = makeArticle({ ...base, url: 'https://www.kyivindependent.com/x/?utm_source=tw#top' });
    const b = makeArticle({ ...base, paragraphs: ['Edited.'], url: 'https://kyivindependent.com/x' });
    expect(a.canonicalUrl).toBe('https://kyivindependent.com/x');
    expect(a.id).toBe(b.id);
    expect(a.id).toBe(`a_${sha256Hex('https://kyivindependent.com/x').slice(0, 16)}`);
    expect(a.outlet).toBe('The Kyiv Independent');
  });

  it('infers precision from the date shape', () => {
    expect(makeArticle({ ...base, published: '2025-11-04' }).publishedPrecision).toBe('day');
    expect(makeArticle({ ...base, published: '2025-11' }).publishedPrecision).toBe('month');
    expect(makeArticle({ ...base, published: '2025-11-04T10:00:00Z' }).publishedPrecision).toBe('datetime');
  });
});

describe('canonicaliseUrl', () => {
  it('normalises host, fragment, tracking parameters and trailing slash', () => {
    expect(canonicaliseUrl('https://WWW.Example.org/a/b/?b=2&utm_medium=x&a=1#frag')).toBe(
      'https://example.org/a/b/?a=1&b=2',
    );
    expect(canonicaliseUrl('http://example.org/a/')).toBe('http://example.org/a');
    expect(canonicaliseUrl('https://example.org/')).toBe('https://example.org/');
    expect(canonicaliseUrl('ftp://example.org/a')).toBeUndefined();
    expect(canonicaliseUrl('not a url')).toBeUndefined();
  });
});

describe('normalisePublished', () => {
  it.each([
    ['2025-11-04', { published: '2025-11-04', precision: 'day' }],
    ['2025-11', { published: '2025-11', precision: 'month' }],
    ['2025-11-04T10:30:00+02:00', { published: '2025-11-04T08:30:00Z', precision: 'datetime' }],
    ['2025-11-04T10:30:00Z', { published: '2025-11-04T10:30:00Z', precision: 'datetime' }],
    ['2022-10-10T08:20', { published: '2022-10-10', precision: 'day' }],
    ['Tue, 04 Nov 2025 10:30:00 +0200', { published: '2025-11-04T08:30:00Z', precision: 'datetime' }],
    ['Sat, 10 Sep 2022 08:15:00 GMT', { published: '2022-09-10T08:15:00Z', precision: 'datetime' }],
    ['November 4, 2025', { published: '2025-11-04', precision: 'day' }],
    ['Tue, 04 Nov 2025 10:30:00 EET', { published: '2025-11-04', precision: 'day' }],
    ['1730716200', { published: '2024-11-04T10:30:00Z', precision: 'datetime' }],
    ['1730716200000', { published: '2024-11-04T10:30:00Z', precision: 'datetime' }],
  ])('%s', (raw, expected) => {
    expect(normalisePublished(raw)).toEqual(expected);
  });

  it.each(['', 'sometime soon', '2025-02-30', '2025-13', '20251104', '12345'])('refuses %j', (raw) => {
    expect(normalisePublished(raw)).toBeNull();
  });
});

describe('known outlets', () => {
  it('maps logos and domains to names and keeps unknown names', () => {
    expect(outletFromLogo('KI')).toBe('The Kyiv Independent');
    expect(outletFromLogo('ki')).toBeUndefined();
    expect(outletFromUrl('https://www.pravda.com.ua/eng/news/1/')).toBe('Ukrainska Pravda');
    expect(outletFromUrl('https://understandingwar.org/research/')).toBe('Institute for the Study of War');
    expect(outletFromUrl('https://news.sky.com/story/x')).toBe('Sky News');
    expect(outletFromUrl('https://notpravda.com.ua.example.org/')).toBeUndefined();
    expect(outletName('ukrinform.net')).toBe('Ukrinform');
    expect(outletName('lowyinstitute.org')).toBe('lowyinstitute.org');
    expect(outletName('Example Ledger')).toBe('Example Ledger');
    expect(outletName('  ')).toBeUndefined();
  });
});

describe('guessLanguage', () => {
  it('tells English, Ukrainian and Russian apart', () => {
    expect(guessLanguage('Russian troops entered the city and shelled the outskirts of Pokrovsk.')).toBe(
      'en',
    );
    expect(guessLanguage('Російські війська обстріляли Херсон, пошкоджено лікарню і житлові будинки.')).toBe(
      'uk',
    );
    expect(
      guessLanguage('Российские войска обстреляли Херсон, повреждены больница и жилые дома, объявлено.'),
    ).toBe('ru');
    expect(guessLanguage('12345 — 678')).toBe('und');
  });
});

describe('splitParagraphs', () => {
  it('splits on blank lines and single line breaks, joining hard wraps', () => {
    expect(splitParagraphs('One.\nTwo\ncontinued here.\n\n  Three.  \r\nFour.')).toEqual([
      'One.',
      'Two continued here.',
      'Three.',
      'Four.',
    ]);
  });
});

describe('dropTextBoilerplate', () => {
  it('drops menus, share buttons and JSON debris, keeps report lines', () => {
    expect(
      dropTextBoilerplate([
        'Home',
        'World',
        'Ukraine',
        'Business',
        'Drones hit Sumy overnight, the governor said.',
        'Kharkiv',
        'Officials said two people were injured.',
        'Facebook',
        '"author": [',
      ]),
    ).toEqual([
      'Drones hit Sumy overnight, the governor said.',
      'Kharkiv',
      'Officials said two people were injured.',
    ]);
    expect(dropTextBoilerplate(['Share', 'Print'])).toEqual(['Share', 'Print']);
    expect(
      dropTextBoilerplate([
        'Russian forces advanced near Pokrovsk.[1]',
        '[1] https://t.me/example/1 ; https://ledger.example.org/a',
        'https://t.me/example/2;',
        '![](img/screenshot.png)',
        '- [Drones strike Sumy for the third night in a row](https://ledger.example.org/sumy)',
        '[[iv]](https://ledger.example.org/a<#ref4>) <https://t.me/example/3>',
        'See https://ledger.example.org for maps.',
      ]),
    ).toEqual(['Russian forces advanced near Pokrovsk.[1]', 'See https://ledger.example.org for maps.']);
  });
});

describe('detectFormat', () => {
  it.each([
    ['{"text":"x"}\n{"text":"y"}', 'jsonl'],
    ['<?xml version="1.0"?>\n<!-- c -->\n<rss version="2.0"><channel/></rss>', 'rss'],
    ['<rdf:RDF xmlns:rdf="x"></rdf:RDF>', 'rss'],
    ['<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', 'atom'],
    ['<!DOCTYPE html><html><body><p>x</p></body></html>', 'html'],
    [' date 2025-11-04 KI logo\nWar\n', 'scrape-text'],
    ['Headline\n\nBody with <b> in prose? no, a lone < sign.', 'plain-text'],
    ['{ not json\nmore', 'plain-text'],
  ])('%j is %s', (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });
});

describe('decodeBytes and looksBinary', () => {
  it('decodes windows-1251 from Content-Type or meta, and flags invalid UTF-8', () => {
    expect(decodeBytes(new Uint8Array([0xcf, 0xf0, 0xe8]), 'text/html; charset=windows-1251').text).toBe(
      'При',
    );
    const meta = Buffer.concat([
      Buffer.from('<meta charset="windows-1251"><p>'),
      Buffer.from([0xca, 0xe8, 0xbf, 0xe2]),
    ]);
    expect(decodeBytes(meta).text).toContain('Київ');
    const bad = decodeBytes(new Uint8Array([0x41, 0xff, 0x42]));
    expect(bad.text).toBe('A\uFFFDB');
    expect(bad.issues.map((i) => i.code)).toEqual(['utf8-invalid']);
    expect(decodeBytes(new Uint8Array([0x41]), 'text/plain; charset=klingon').issues[0].code).toBe(
      'charset-unknown',
    );
  });

  it('tells binary from text', () => {
    expect(looksBinary(Buffer.from('plain\ttext\r\n'))).toBe(false);
    expect(looksBinary(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00]))).toBe(true);
    expect(looksBinary(Buffer.from('\x01\x02\x03\x04 mostly control'))).toBe(true);
    expect(looksBinary(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toBe(false);
  });
});

// Lines that must produce no byline, caption or section: the page-scrape header must not eat body text.
describe('page-scrape and plain-text negative cases', () => {
  const read = (text: string) => readBytes(Buffer.from(text), { name: 't', clock }).articles[0];

  it('a body line starting "By" is no byline', () => {
    const a = read(
      'Front holds near Kupiansk\n\nBy Tuesday, Russian forces had advanced two kilometers.\n\nMore.',
    );
    expect(a.byline).toEqual([]);
    expect(a.paragraphs[0]).toBe('By Tuesday, Russian forces had advanced two kilometers.');
  });

  it('a first paragraph ending in parentheses is no caption without a byline or repeated headline', () => {
    const a = read(
      'Strikes on Kharkiv\n\nDrones hit Kharkiv, about 30 kilometers from the border (19 miles)\n\nMore.',
    );
    expect(a.image).toBeUndefined();
    expect(a.paragraphs).toHaveLength(2);
  });

  it('a scrape header without a byline still gives section and headline, and no caption', () => {
    const a = read(
      ' date 2024-02-17 KI logo\nWar\n\nUkraine withdraws from Avdiivka\n\nUkrainian troops withdrew from Avdiivka (Donetsk Oblast)\n\nThe commander said so.',
    );
    expect(a.section).toBe('War');
    expect(a.headline).toBe('Ukraine withdraws from Avdiivka');
    expect(a.image).toBeUndefined();
    expect(a.paragraphs).toHaveLength(2);
    expect(a.published).toBe('2024-02-17');
  });

  it('an unknown logo text is kept as the outlet name', () => {
    expect(read(' date 2024-02-17 Frontline Weekly logo\nWar\n\nHeadline here\n\nBody text.').outlet).toBe(
      'Frontline Weekly',
    );
  });

  it('a first line too long for a headline stays body, its first sentence stands in', () => {
    const long = `Russian forces launched ${'a very long sentence about drones '.repeat(10)}at night. Then more happened.`;
    const a = read(long);
    expect(a.paragraphs).toEqual([long]);
    expect(a.headline.length).toBeLessThanOrEqual(201);
  });
});

describe('stripOutletSuffix', () => {
  it.each([
    [
      'Assessment, February 21, 2026 | Critical Threats',
      'Critical Threats',
      undefined,
      'Assessment, February 21, 2026',
    ],
    ['A war foretold | Ukraine | The Guardian', 'The Guardian', undefined, 'A war foretold | Ukraine'],
    ['Zelensky speaks - BBC News', 'BBC News', 'https://www.bbc.com/news/x', 'Zelensky speaks'],
    ['Peace talks end | TIME', 'time.com', 'https://time.com/1/', 'Peace talks end'],
    ['Quiet bit out loud – EUobserver', 'euobserver.com', 'https://euobserver.com/1', 'Quiet bit out loud'],
    [
      'Russia-Ukraine war - day 100',
      'Example Ledger',
      'https://ledger.example.org/1',
      'Russia-Ukraine war - day 100',
    ],
    ['Critical Threats', 'Critical Threats', undefined, 'Critical Threats'],
  ])('%s', (headline, outlet, url, expected) => {
    expect(stripOutletSuffix(headline, outlet, url)).toBe(expected);
  });
});

describe('page-scrape bylines', () => {
  const read = (text: string) => readBytes(Buffer.from(text), { name: 't', clock }).articles[0];

  it('takes any "by …" line in the byline slot of the scrape layout', () => {
    const a = read(
      ' date 2024-02-17 KI logo\nWar\n\nAvdiivka falls\n\nby the Kyiv Independent news desk\nAvdiivka falls\n\nTroops withdrew.',
    );
    expect(a.byline).toEqual(['the Kyiv Independent news desk']);
    expect(a.headline).toBe('Avdiivka falls');
    expect(a.paragraphs).toEqual(['Troops withdrew.']);
  });

  it('needs names in plain text', () => {
    const a = read('Avdiivka falls\n\nby the end of the week troops withdrew\n\nMore.');
    expect(a.byline).toEqual([]);
    expect(a.paragraphs[0]).toBe('by the end of the week troops withdrew');
  });
});

describe('JSON documents', () => {
  it('reads an array of article objects, numbering items', () => {
    const json = JSON.stringify(
      [
        { headline: 'Drones hit Sumy', text: 'Drones hit Sumy overnight, officials said.' },
        { headline: 'No text' },
      ],
      null,
      2,
    );
    const entries = readEntries(Buffer.from(json), { name: 'dump.json', clock });
    expect(entries.map((e) => [e.at, e.article?.headline ?? null])).toEqual([
      ['#1', 'Drones hit Sumy'],
      ['#2', null],
    ]);
    expect(entries[1].issues[0].message).toBe('dump.json: item 2: no "text" or "html" field');
  });

  it('reads one pretty-printed object', () => {
    const json = JSON.stringify({ title: 'Kherson shelled', text: 'Shelling hit Kherson.' }, null, 2);
    expect(readBytes(Buffer.from(json), { name: 'one.json', clock }).articles.map((a) => a.headline)).toEqual(
      ['Kherson shelled'],
    );
  });
});

describe('feeds', () => {
  it('reads RSS 1.0 (RDF) items with dc:date', () => {
    const xml = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://ledger.example.org/"><title>Example Ledger</title></channel>
  <item rdf:about="https://ledger.example.org/1"><title>Drones over Odesa</title><link>https://ledger.example.org/1</link>
    <dc:date>2023-07-20T03:00:00+03:00</dc:date><description>Drones attacked Odesa port overnight.</description></item>
</rdf:RDF>`;
    const r = readBytes(Buffer.from(xml), { name: 'rdf.xml', clock });
    expect(r.issues).toEqual([]);
    expect(r.articles.map((a) => [a.headline, a.published, a.sourceFormat])).toEqual([
      ['Drones over Odesa', '2023-07-20T00:00:00Z', 'rss'],
    ]);
  });

  it('reads Atom xhtml content and reports an item without a body', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title>
  <entry><title>Kherson flooded</title><link href="https://ledger.example.org/k"/><updated>2023-06-07T10:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Water rose in Kherson after the dam broke.</p></div></content></entry>
  <entry><title>Only a title</title><link href="https://ledger.example.org/t"/><updated>2023-06-07T11:00:00Z</updated></entry>
</feed>`;
    const entries = readEntries(Buffer.from(xml), { name: 'atom.xml', clock });
    expect(entries[0].article?.paragraphs).toEqual(['Water rose in Kherson after the dam broke.']);
    expect(entries[1].article).toBeNull();
    expect(entries[1].issues.map((i) => i.message)).toEqual(['atom.xml#2: no article text found']);
  });
});

describe('page-scrape captions', () => {
  const read = (text: string) => readBytes(Buffer.from(text), { name: 't', clock }).articles[0];
  const head = ' date 2024-02-17 KI logo\nWar\n\nAvdiivka falls\n\nby Ann Example\nAvdiivka falls\n';

  it('strips a "Photo:" label from the credit', () => {
    expect(read(`${head}Troops leave Avdiivka. (Photo: Example Desk / AFP)\n\nBody.`).image).toEqual({
      caption: 'Troops leave Avdiivka.',
      credit: 'Example Desk / AFP',
    });
  });

  it('does not take a first paragraph ending in a lower-case aside for a caption', () => {
    const a = read(`${head}Troops withdrew at dawn (local time)\n\nMore.`);
    expect(a.image).toBeUndefined();
    expect(a.paragraphs).toEqual(['Troops withdrew at dawn (local time)', 'More.']);
  });
});

describe('hostile input never throws', () => {
  // Deterministic junk built from the pieces parsers trip on: tags, entities, brackets, JSON, odd Unicode.
  const PIECES = [
    '<',
    '>',
    '</p>',
    '<p>',
    '<![CDATA[',
    ']]>',
    '&amp;',
    '&#xD800;',
    '&bogus;',
    '{',
    '}',
    '"',
    '[',
    ']',
    '\n',
    '\r\n',
    ' date 2025-11-04 KI logo\n',
    'by Ann Example\n',
    '(credit)',
    '<rss>',
    '<feed>',
    '<item>',
    '<entry>',
    '<script type="application/ld+json">',
    '\u2028',
    '\uFFFD',
    'Kyiv',
    'Київ',
    '\t',
    '<!--',
    '-->',
    '<?xml ?>',
  ];
  let seed = 7;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const junk = (): string =>
    Array.from({ length: 1 + (next() % 60) }, () => PIECES[next() % PIECES.length]).join('');
  const FORMATS = ['scrape-text', 'plain-text', 'html', 'rss', 'atom', 'jsonl', undefined] as const;

  it('returns articles or issues for 80 junk inputs in every format', () => {
    for (let i = 0; i < 80; i++) {
      const text = junk();
      for (const format of FORMATS) {
        const r = readBytes(Buffer.from(text), { name: `junk-${i}`, clock, ...(format ? { format } : {}) });
        const what = `${format ?? 'auto'}: ${JSON.stringify(text)}`;
        expect(r.articles.length + r.issues.length, what).toBeGreaterThan(0);
        // A reader that threw is caught as `reader-failed`; junk must be handled by the reader itself.
        expect(
          r.issues.filter((x) => x.code === 'reader-failed'),
          what,
        ).toEqual([]);
      }
    }
  });
});

describe('HTML metadata', () => {
  const page = (head: string, body: string): string =>
    `<!doctype html><html><head>${head}</head><body><article>${body}</article></body></html>`;
  const BODY =
    '<p>Russian drones struck energy facilities in Odesa Oblast overnight, cutting power to thousands of homes, the governor said.</p>' +
    '<p>Repair crews restored supply to most districts by the afternoon, the regional energy company said.</p>';

  it('splits a JSON-LD author string, reads @graph and an array @type', () => {
    const ld = JSON.stringify({
      '@graph': [
        {
          '@type': ['NewsArticle', 'Thing'],
          headline: 'Odesa loses power',
          author: 'Ann Example and Bo Sample',
          datePublished: '2024-03-02',
        },
      ],
    });
    const a = readBytes(Buffer.from(page(`<script type="application/ld+json">${ld}</script>`, BODY)), {
      name: 'p',
      clock,
    }).articles[0];
    expect(a.headline).toBe('Odesa loses power');
    expect(a.byline).toEqual(['Ann Example', 'Bo Sample']);
    expect(a.published).toBe('2024-03-02');
  });

  it('falls back to OpenGraph, article:* meta and a relative canonical against the page URL', () => {
    const head =
      '<meta property="og:title" content="Odesa loses power | Example Ledger"><meta property="og:site_name" content="Example Ledger">' +
      '<meta property="article:published_time" content="2024-03-02T06:00:00Z"><meta property="article:section" content="Energy">' +
      '<link rel="canonical" href="/energy/odesa-power">';
    const a = readBytes(Buffer.from(page(head, BODY)), {
      name: 'p',
      clock,
      url: 'https://ledger.example.org/x?id=1',
    }).articles[0];
    expect(a.headline).toBe('Odesa loses power');
    expect(a.outlet).toBe('Example Ledger');
    expect(a.section).toBe('Energy');
    expect(a.published).toBe('2024-03-02T06:00:00Z');
    expect(a.canonicalUrl).toBe('https://ledger.example.org/energy/odesa-power');
    expect(a.url).toBe('https://ledger.example.org/x?id=1');
  });
});
