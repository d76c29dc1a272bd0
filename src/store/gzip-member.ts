import { constants, deflateRawSync } from 'node:zlib';

// A gzip member (RFC 1952) joined from pieces DEFLATE-compressed one by one (RFC 1951), so a page of a thousand stored
// Features is sent compressed without compressing anything per request: each Feature is kept as raw DEFLATE blocks
// ending on a byte boundary (a sync flush), the text around them goes in stored blocks, and the member's CRC-32 is
// combined from the pieces' CRCs (zlib's crc32_combine) instead of being computed over the text.

const POLY = 0xedb88320;

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (POLY ^ (c >>> 1)) >>> 0 : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/**
 * The CRC-32 (ISO-HDLC, as gzip and zlib compute it) of `bytes`, continuing from `crc` (the CRC of what came before).
 *
 * @example crc32(Buffer.from('123456789')) → 0xcbf43926
 */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** a(x) · b(x) modulo the CRC-32 polynomial, bit-reflected as zlib keeps them (zlib's `multmodp`). */
function multmodp(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if ((a & m) !== 0) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** x^(2^k) modulo the polynomial for k = 0 … 31 (zlib's `x2n_table`). */
const X2N = (() => {
  const t = new Uint32Array(32);
  let p = 0x40000000; // x^1
  t[0] = p;
  for (let n = 1; n < 32; n++) t[n] = p = multmodp(p, p);
  return t;
})();

/**
 * What appends `length` bytes to a CRC: zlib's `crc32_combine_gen` operator, as four 256-entry tables of its product
 * with each byte of a CRC (the product is linear in the CRC), so that {@link crc32Combine} is four look-ups rather
 * than a 32-step multiplication (280 ns a Feature measured, 0.28 ms of a 1,000-Feature gzip page). With it,
 * `crc32Combine(crc32(a), crc32(b), crc32Shift(b.length))` is `crc32(a ‖ b)`. Depends on the length alone, so callers
 * keep one per length (4 KiB each).
 */
export function crc32Shift(length: number): Uint32Array {
  if (!Number.isInteger(length) || length < 0)
    throw new RangeError(`length: expected a byte count, got ${length}`);
  let op = 0x80000000; // x^0
  let k = 3; // bytes are 2^3 bits
  for (let n = length; n > 0; n = Math.floor(n / 2), k++) if (n % 2 === 1) op = multmodp(X2N[k & 31], op);
  const table = new Uint32Array(1024);
  for (let j = 0; j < 4; j++) {
    const base = j * 256;
    for (let bit = 0; bit < 8; bit++) table[base + (1 << bit)] = multmodp(op, 2 ** (8 * j + bit));
    for (let v = 3; v < 256; v++) {
      const low = v & -v;
      if (low !== v) table[base + v] = table[base + low] ^ table[base + (v ^ low)];
    }
  }
  return table;
}

/** The CRC-32 of `a ‖ b` from `crc32(a)`, `crc32(b)` and `crc32Shift(b.length)` (zlib's `crc32_combine_op`). */
export function crc32Combine(crcA: number, crcB: number, shiftB: Uint32Array): number {
  return (
    (shiftB[crcA & 0xff] ^
      shiftB[256 + ((crcA >>> 8) & 0xff)] ^
      shiftB[512 + ((crcA >>> 16) & 0xff)] ^
      shiftB[768 + (crcA >>> 24)] ^
      crcB) >>>
    0
  );
}

/**
 * `text` as raw DEFLATE blocks that end on a byte boundary and are not final (a sync flush), so they can be followed by
 * any other such piece and ended by {@link GzipMember}. Compressed alone, a 900-byte Feature comes to about half.
 */
export function deflatePiece(text: Uint8Array | string): Buffer {
  return deflateRawSync(text, { level: 9, windowBits: 12, finishFlush: constants.Z_SYNC_FLUSH });
}

/** The 10-byte member header: no name, no time, unknown OS. */
const HEADER = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
/** A final, empty block with the fixed codes: what ends the member's DEFLATE data. */
const LAST_BLOCK = Uint8Array.of(0x03, 0x00);
const STORED_MAX = 0xffff;

/** Bytes `bytes` takes as stored (uncompressed) blocks. */
export function storedSize(bytes: number): number {
  return bytes + 5 * Math.max(1, Math.ceil(bytes / STORED_MAX));
}

/** The bytes of a gzip member before its DEFLATE data and after it (header; last block and trailer). */
export const GZIP_OVERHEAD = HEADER.length + LAST_BLOCK.length + 8;

/**
 * Writes a gzip member into `out` piece by piece: `stored` for text sent as it is, `deflated` for a piece from
 * {@link deflatePiece} with the CRC and length of its text. `end` writes the trailer and returns the bytes written.
 * The caller sizes `out` with {@link GZIP_OVERHEAD}, {@link storedSize} and the pieces' lengths.
 *
 * @example
 * const m = new GzipMember(out);
 * m.stored(head); m.deflated(piece, crcOfText, textLength); m.stored(tail);
 * const size = m.end(); // gunzip(out.subarray(0, size)) is head + text + tail
 */
export class GzipMember {
  readonly #out: Uint8Array;
  #at: number;
  #crc = 0;
  #size = 0;

  constructor(out: Uint8Array) {
    this.#out = out;
    out.set(HEADER, 0);
    this.#at = HEADER.length;
  }

  /** `bytes` in stored blocks. */
  stored(bytes: Uint8Array): void {
    const out = this.#out;
    let from = 0;
    do {
      const n = Math.min(STORED_MAX, bytes.length - from);
      out[this.#at] = 0; // not final, stored; the rest of the byte is padding
      out[this.#at + 1] = n & 0xff;
      out[this.#at + 2] = n >>> 8;
      out[this.#at + 3] = ~n & 0xff;
      out[this.#at + 4] = (~n >>> 8) & 0xff;
      out.set(bytes.subarray(from, from + n), this.#at + 5);
      this.#at += 5 + n;
      from += n;
    } while (from < bytes.length);
    this.#crc = crc32(bytes, this.#crc);
    this.#size += bytes.length;
  }

  /** One byte in a stored block (a separator). */
  storedByte(byte: number): void {
    const out = this.#out;
    const at = this.#at;
    out[at] = 0;
    out[at + 1] = 1;
    out[at + 2] = 0;
    out[at + 3] = 0xfe;
    out[at + 4] = 0xff;
    out[at + 5] = byte;
    this.#at = at + 6;
    const c = ~this.#crc;
    this.#crc = ~(TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)) >>> 0;
    this.#size += 1;
  }

  /**
   * A deflated piece, copied from `source[offset, offset + length)`; `textCrc`, `textLength` and `shift`
   * (`crc32Shift(textLength)`) describe the text it holds.
   */
  deflated(
    source: Buffer,
    offset: number,
    length: number,
    textCrc: number,
    textLength: number,
    shift: Uint32Array,
  ): void {
    source.copy(this.#out, this.#at, offset, offset + length);
    this.#at += length;
    this.#crc = crc32Combine(this.#crc, textCrc, shift);
    this.#size += textLength;
  }

  /** Ends the DEFLATE data, writes the CRC-32 and length of everything, and returns the member's size. */
  end(): number {
    const out = this.#out;
    out.set(LAST_BLOCK, this.#at);
    this.#at += LAST_BLOCK.length;
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    view.setUint32(this.#at, this.#crc, true);
    view.setUint32(this.#at + 4, this.#size % 2 ** 32, true);
    this.#at += 8;
    return this.#at;
  }
}
