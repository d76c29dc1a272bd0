/**
 * Near-duplicate detection shared by every store backend: MinHash LSH over word 3-shingles finds candidates (128
 * minhashes in 16 bands of 8; a candidate shares at least 2 bands: probability 0.998 for a pair with Jaccard 0.9,
 * 0.9999 at 0.95, 2e-4 at 0.43, ~0 below), and the exact Jaccard similarity of the shingle sets decides (≥ 0.9).
 * Looser settings (8 bands of 4, one shared band) were tried first: on a 10,000-report corpus written from shared
 * templates (pairwise Jaccard up to 0.43) each new report drew dozens of candidates, each a text to load and
 * shingle, and ingest slowed from ~2,000 to ~250 articles/s. The same story
 * republished under another URL, with a changed byline or a fixed typo, is a near-duplicate; two different reports
 * about the same town are not.
 *
 * Why not SimHash: on a 150-shingle article a two-word edit moved a 64-bit SimHash by 5 bits, past the usual
 * Hamming-3 band lookup, while the Jaccard similarity stayed 0.96.
 */

/** Jaccard similarity of the 3-shingle sets at or above which two texts are the same story. */
export const NEAR_DUPLICATE_JACCARD = 0.9;

/** LSH shape: this many bands of {@link LSH_ROWS} minhashes each. */
export const LSH_BANDS = 16;
/** Minhashes per LSH band. */
export const LSH_ROWS = 8;
/** How many bands (at the same index) a stored text must share with a new one to be checked as its near-duplicate. */
export const LSH_MIN_SHARED_BANDS = 2;

/**
 * Fewer distinct shingles than this and a text is too short to call anything its near-duplicate (a headline-only
 * item would match every other item with the same headline).
 */
export const MIN_SHINGLES = 8;

/** A text's fingerprint: its LSH band values and its shingle hashes. */
export interface Fingerprint {
  /** {@link LSH_BANDS} unsigned 32-bit integers; texts sharing any one (at the same band index) are candidates. */
  readonly bands: readonly number[];
  /** The distinct hashes (signed 32-bit integers) of the word 3-shingles, sorted ascending. */
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

// Fixed per-minhash seeds (golden-ratio steps) so fingerprints agree across processes and backends. Int32 so the hot
// loop below stays in V8's integer registers.
const SEEDS = Int32Array.from({ length: LSH_BANDS * LSH_ROWS }, (_, i) => Math.imul(i + 1, 0x9e3779b9));

/** Lower-cased words (letters and digits of any script): the unit of the shingles. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The fingerprint of a text, or null when it has fewer than {@link MIN_SHINGLES} distinct shingles.
 *
 * @example fingerprint(article.text)?.bands → [3012257711, 90117, …] (16 numbers)
 */
export function fingerprint(text: string): Fingerprint | null {
  const list = shingles(text);
  if (list.length < MIN_SHINGLES) return null;
  const sh = Int32Array.from(list);
  const mins = new Int32Array(SEEDS.length);
  // Minhash k of the set is the least of (shingle ^ seed k) after murmur's mixing steps, compared as signed int32
  // (any fixed order gives min-wise hashing; signed keeps it in integer registers).
  for (let k = 0; k < SEEDS.length; k++) {
    const seed = SEEDS[k];
    let m = 0x7fffffff;
    for (let s = 0; s < sh.length; s++) {
      let x = Math.imul(sh[s] ^ seed, 0x85ebca6b);
      x ^= x >>> 13;
      x = Math.imul(x, 0xc2b2ae35);
      x ^= x >>> 16;
      if (x < m) m = x;
    }
    mins[k] = m;
  }
  const bands: number[] = [];
  for (let b = 0; b < LSH_BANDS; b++) {
    let h = b + 1;
    for (let r = 0; r < LSH_ROWS; r++) h = mix32(Math.imul(h, 0x01000193) ^ mins[b * LSH_ROWS + r]);
    bands.push(h);
  }
  return { bands, shingles: list };
}

/**
 * The distinct hashes (signed 32-bit integers) of a text's word 3-shingles, sorted ascending: all a candidate needs for the Jaccard
 * test, without the cost of its minhashes.
 *
 * @example jaccard(fingerprint(a)!.shingles, shingles(b)) >= NEAR_DUPLICATE_JACCARD
 */
export function shingles(text: string): number[] {
  // Each word is hashed once and a shingle's hash folds its three word hashes, so no shingle string is built.
  const w = words(text).map(hash32);
  const set = new Set<number>();
  for (let i = 0; i + 2 < w.length; i++) {
    // Signed int32 (`| 0`) so V8 keeps them as small integers in the Set; sorted by a typed array, no comparator.
    set.add(mix32(Math.imul(mix32(Math.imul(w[i], 0x01000193) ^ w[i + 1]), 0x01000193) ^ w[i + 2]) | 0);
  }
  return Array.from(Int32Array.from(set).sort());
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
