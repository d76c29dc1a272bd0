/**
 * 64-bit SimHash of a text over 3-word shingles, as a signed bigint (PostgreSQL's `bigint`) and its four 16-bit
 * bands. Two copies of one story that differ by boilerplate land within a few bits of each other.
 *
 * @example simhash('Russian forces shelled Kherson overnight…').bands → [12345, 678, 40000, 9]
 */
export interface SimHash {
  readonly value: bigint;
  readonly bands: readonly [number, number, number, number];
}

/** Hamming distance at or under which two texts count as the same story (similarity ≥ 1 - 3/64 ≈ 0.95). */
export const NEAR_DUPLICATE_BITS = 3;

function fnv1a32(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i += 1) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Lower-cased word tokens (letters and digits of any script). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Computes the SimHash of `text`. */
export function simhash(text: string): SimHash {
  const tokens = words(text);
  const counts = new Int32Array(64);
  const shingles = tokens.length < 3 ? [tokens.join(' ')] : [];
  for (let i = 0; i + 3 <= tokens.length; i += 1)
    shingles.push(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`);
  for (const sh of shingles) {
    const lo = fnv1a32(sh, 0x811c9dc5);
    const hi = fnv1a32(sh, 0x050c5d1f);
    for (let b = 0; b < 32; b += 1) {
      counts[b] += (lo >>> b) & 1 ? 1 : -1;
      counts[b + 32] += (hi >>> b) & 1 ? 1 : -1;
    }
  }
  let v = 0n;
  for (let b = 63; b >= 0; b -= 1) v = (v << 1n) | (counts[b] > 0 ? 1n : 0n);
  const band = (i: number): number => Number((v >> BigInt(16 * i)) & 0xffffn);
  return { value: BigInt.asIntN(64, v), bands: [band(0), band(1), band(2), band(3)] };
}

/** Number of differing bits of two 64-bit hashes. */
export function hamming(a: bigint, b: bigint): number {
  let x = BigInt.asUintN(64, a ^ b);
  let n = 0;
  while (x > 0n) {
    x &= x - 1n;
    n += 1;
  }
  return n;
}
