import { gunzipSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  GZIP_OVERHEAD,
  GzipMember,
  crc32,
  crc32Combine,
  crc32Shift,
  deflatePiece,
  storedSize,
} from '../../src/store/gzip-member.js';
import { mulberry32 } from '../shared.js';

// A gzip member joined from separately compressed pieces (src/store/gzip-member.ts), checked by Node's own zlib.

/** Random text with repeats, as Features have, and some non-ASCII. */
function text(rand: () => number, length: number): Buffer {
  const words = ['"event_type":', '"Battles"', ',', 'Покровськ', '37.1', '{', '}', 'null', ' '];
  let s = '';
  while (s.length < length) s += words[Math.floor(rand() * words.length)] ?? '';
  return Buffer.from(s, 'utf8');
}

/** The member of `pieces` (text) with `head` and `tail` stored and ',' between the pieces. */
function member(head: Buffer, pieces: readonly Buffer[], tail: Buffer): Buffer {
  const deflated = pieces.map((p) => deflatePiece(p));
  const size =
    GZIP_OVERHEAD +
    storedSize(head.length) +
    storedSize(tail.length) +
    deflated.reduce((n, d) => n + d.length, 0) +
    6 * Math.max(0, pieces.length - 1);
  const out = Buffer.alloc(size);
  const m = new GzipMember(out);
  m.stored(head);
  pieces.forEach((p, k) => {
    if (k > 0) m.storedByte(0x2c);
    const d = deflated[k] ?? Buffer.alloc(0);
    m.deflated(d, 0, d.length, crc32(p), p.length, crc32Shift(p.length));
  });
  m.stored(tail);
  expect(m.end()).toBe(size);
  return out;
}

describe('crc32', () => {
  it('gives the standard check value and continues from an earlier CRC', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
    expect(crc32(Buffer.from('56789'), crc32(Buffer.from('1234')))).toBe(0xcbf43926);
  });

  it('combines the CRCs of two parts into that of the whole, for lengths 0 to 70,000', () => {
    const rand = mulberry32(7);
    for (const length of [0, 1, 2, 3, 7, 8, 255, 256, 900, 4096, 65_535, 70_001]) {
      const a = text(rand, 1 + Math.floor(rand() * 50));
      const b = text(rand, length).subarray(0, length);
      expect(crc32Combine(crc32(a), crc32(b), crc32Shift(b.length)), String(length)).toBe(
        crc32(Buffer.concat([a, b])),
      );
    }
    expect(() => crc32Shift(-1)).toThrow(RangeError);
  });
});

describe('GzipMember', () => {
  it('joins pieces into a member gunzip reads back as the text, with CRC and length checked', () => {
    const rand = mulberry32(20251104);
    for (let round = 0; round < 20; round++) {
      const pieces = Array.from({ length: Math.floor(rand() * 40) }, () => text(rand, 1 + rand() * 2000));
      const head = text(rand, rand() * 100).subarray(0, Math.floor(rand() * 100));
      const tail = text(rand, rand() * 100);
      const out = member(head, pieces, tail);
      const joined = Buffer.concat([head, Buffer.from(pieces.map(String).join(',')), tail]);
      expect(gunzipSync(out).equals(joined), `round ${round}`).toBe(true);
    }
  });

  it('splits stored text over 65,535 bytes into several blocks', () => {
    const head = Buffer.alloc(150_000, 0x61);
    const out = member(head, [Buffer.from('{"a":1}')], Buffer.from(']'));
    expect(storedSize(head.length)).toBe(150_000 + 15);
    expect(gunzipSync(out).toString()).toBe(`${'a'.repeat(150_000)}{"a":1}]`);
  });

  it('makes pieces that are DEFLATE data ending on a byte boundary, not final, about half the text', () => {
    const rand = mulberry32(3);
    const t = text(rand, 900);
    const piece = deflatePiece(t);
    // A sync flush ends with an empty stored block: 00 00 ff ff.
    expect([...piece.subarray(-4)]).toEqual([0, 0, 0xff, 0xff]);
    expect(inflateRawSync(piece, { finishFlush: 2 }).equals(t)).toBe(true);
    expect(piece.length).toBeLessThan(t.length * 0.7);
  });

  it('fails gunzip when a piece is given the wrong CRC (the trailer is checked)', () => {
    const t = Buffer.from('{"x":1}');
    const d = deflatePiece(t);
    const out = Buffer.alloc(GZIP_OVERHEAD + 2 * storedSize(0) + d.length);
    const m = new GzipMember(out);
    m.stored(Buffer.alloc(0));
    m.deflated(d, 0, d.length, crc32(t) ^ 1, t.length, crc32Shift(t.length));
    m.stored(Buffer.alloc(0));
    m.end();
    expect(() => gunzipSync(out)).toThrow();
  });
});
