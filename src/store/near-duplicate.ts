/**
 * Near-duplicate detection shared by every store backend: MinHash LSH over word 3-shingles finds candidates (32
 * minhashes in 8 bands of 4: a pair with Jaccard 0.9 shares a band with probability 0.9998, a pair with Jaccard 0.2
 * with probability 0.013), and the exact Jaccard similarity of the shingle sets decides (≥ 0.9). The same story
 * republished under another URL, with a changed byline or a fixed typo, is a near-duplicate; two different reports
 * about the same town are not.
 *
 * Why not SimHash: on a 150-shingle article a two-word edit moved a 64-bit SimHash by 5 bits, past the usual
 * Hamming-3 band lookup, while the Jaccard similarity stayed 0.96.
 */

/** Jaccard similarity of the 3-shingle sets at or above which two texts are the same story. */
export const NEAR_DUPLICATE_JACCARD = 0.9;

/** LSH shape: this many bands of {@link LSH_ROWS} minhashes each. */
export const LSH_BANDS = 8;
/** Minhashes per LSH band. */
export const LSH_ROWS = 4;

/**
 * Fewer distinct shingles than this and a text is too short to call anything its near-duplicate (a headline-only
 * item would match every other item with the same headline).
 */
export const MIN_SHINGLES = 8;

/** A text's fingerprint: its LSH band values and its shingle hashes. */
export interface Fingerprint {
  /** {@link LSH_BANDS} unsigned 32-bit integers; texts sharing any one (at the same band index) are candidates. */
  readonly bands: readonly number[];
  /** The distinct 32-bit hashes of the word 3-shingles, sorted ascending. */
  readonly shingles: readonly number[];
}

// murmur3's finaliser: spreads nearby inputs over all 32 bits.
function mix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// FNV-1a over UTF-16 code units, then the finaliser.
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

// Fixed per-minhash seeds (golden-ratio steps) so fingerprints agree across processes and backends.
const SEEDS = Array.from({ length: LSH_BANDS * LSH_ROWS }, (_, i) => Math.imul(i + 1, 0x9e3779b9) >>> 0);

/** Lower-cased words (letters and digits of any script): the unit of the shingles. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The fingerprint of a text, or null when it has fewer than {@link MIN_SHINGLES} distinct shingles.
 *
 * @example fingerprint(article.text)?.bands → [3012257711, 90117, …] (8 numbers)
 */
export function fingerprint(text: string): Fingerprint | null {
  const w = words(text);
  const set = new Set<number>();
  for (let i = 0; i + 2 < w.length; i++) set.add(hash32(`${w[i]} ${w[i + 1]} ${w[i + 2]}`));
  if (set.size < MIN_SHINGLES) return null;
  const mins = new Uint32Array(SEEDS.length).fill(0xffffffff);
  for (const h of set) {
    for (let k = 0; k < SEEDS.length; k++) {
      const v = mix32(h ^ SEEDS[k]);
      if (v < mins[k]) mins[k] = v;
    }
  }
  const bands: number[] = [];
  for (let b = 0; b < LSH_BANDS; b++) {
    let h = b + 1;
    for (let r = 0; r < LSH_ROWS; r++) h = mix32(Math.imul(h, 0x01000193) ^ mins[b * LSH_ROWS + r]);
    bands.push(h);
  }
  return { bands, shingles: [...set].sort((a, b) => a - b) };
}

/** Jaccard similarity of two sorted, distinct shingle-hash lists. */
export function jaccard(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (a.length + b.length - inter);
}

/**
 * Whether a candidate (found through a shared band) is a near-duplicate of the text fingerprinted as `a`: Jaccard of
 * the shingle sets ≥ {@link NEAR_DUPLICATE_JACCARD}.
 *
 * @example isNearDuplicate(fingerprint(t1)!, fingerprint(t2)!) → true for a republished copy with a changed byline
 */
export function isNearDuplicate(a: Fingerprint, b: Fingerprint): boolean {
  return jaccard(a.shingles, b.shingles) >= NEAR_DUPLICATE_JACCARD;
}
