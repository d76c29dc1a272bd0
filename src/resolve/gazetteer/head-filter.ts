/**
 * A Bloom filter over the first-word skeletons of a gazetteer's keys: it answers "no name starts with this word" from
 * memory, so a matcher asks the database only about words that can start a name (most capitalised words of a report
 * start none: "The", "President", "Tuesday"). No false negatives; about 0.3 % false positives at 12 bits a head.
 *
 * @example const f = HeadFilter.of(['pokrovsk', 'kramatorsk']); f.has('pokrovsk') === true; f.has('tuesday') === false
 */
export class HeadFilter {
  private constructor(
    private readonly bits: Uint8Array,
    private readonly hashes: number,
  ) {}

  /** A filter holding `heads`, sized for their number. */
  static of(heads: readonly string[]): HeadFilter {
    const bytes = Math.max(8, Math.ceil((heads.length * BITS_PER_HEAD) / 8));
    const f = new HeadFilter(new Uint8Array(bytes), HASHES);
    for (const h of heads) f.add(h);
    return f;
  }

  /** The filter written by `serialise`; null when the text is not one. */
  static parse(text: string): HeadFilter | null {
    const m = /^bloom1:(\d+):([A-Za-z0-9+/=]+)$/.exec(text);
    if (!m) return null;
    const bits = new Uint8Array(Buffer.from(m[2], 'base64'));
    return bits.length >= 8 ? new HeadFilter(bits, Number(m[1])) : null;
  }

  /** The filter as text, for the gazetteer's `meta` table. */
  serialise(): string {
    return `bloom1:${this.hashes}:${Buffer.from(this.bits).toString('base64')}`;
  }

  private add(s: string): void {
    const m = this.bits.length * 8;
    const [h1, h2] = hashPair(s);
    for (let i = 0; i < this.hashes; i++) {
      const b = ((h1 + Math.imul(i, h2)) >>> 0) % m;
      this.bits[b >>> 3] |= 1 << (b & 7);
    }
  }

  /** False when no head is `s`; true when one may be. */
  has(s: string): boolean {
    const m = this.bits.length * 8;
    const [h1, h2] = hashPair(s);
    for (let i = 0; i < this.hashes; i++) {
      const b = ((h1 + Math.imul(i, h2)) >>> 0) % m;
      if ((this.bits[b >>> 3] & (1 << (b & 7))) === 0) return false;
    }
    return true;
  }
}

const BITS_PER_HEAD = 12;
const HASHES = 8;

// Two 32-bit FNV-1a style hashes of the UTF-16 code units with different primes; the k probes are h1 + i·h2
// (Kirsch–Mitzenmacher double hashing). h2 is odd, so the probes never collapse onto one bit.
function hashPair(s: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return [h1 >>> 0, (h2 | 1) >>> 0];
}
