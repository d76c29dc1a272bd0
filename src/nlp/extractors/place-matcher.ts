import type { Gazetteer, GazetteerName } from '../../domain/index.js';

/** One name found by the matcher: a run of capitalised tokens that spells a gazetteer name. */
export interface NameMatch {
  readonly start: number;
  readonly end: number;
  /** Gazetteer keys the run may stand for: the exact spelling first, then spelling variants. */
  readonly keys: readonly string[];
  /** True when the run's normalised text is itself a gazetteer key. */
  readonly exact: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode> | null;
  /** Gazetteer keys ending here (several keys can share one skeleton). */
  keys: string[] | null;
}

const UNIT_WORDS = new Set([
  'oblast',
  'region',
  'province',
  'raion',
  'district',
  'hromada',
  'community',
  'область',
]);

function isUpperInitial(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  const ch = text[at];
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

function isWordChar(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return WORD_CHAR.test(text[at]);
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 0x2bc || c === 96;
}

/**
 * Word tokens of a text by a hand-written scan (a Unicode regex is several times slower on megabytes): letters,
 * digits and marks, with apostrophes inside a word (Mar'inka) but not at its ends; a trailing possessive "'s" is
 * left out of the token.
 */
function tokenise(text: string): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isWordChar(text, i)) {
      i++;
      continue;
    }
    const start = i;
    i++;
    for (;;) {
      while (i < n && isWordChar(text, i)) i++;
      if (i + 1 < n && isApostrophe(text.charCodeAt(i)) && isWordChar(text, i + 1)) {
        i += 2;
        continue;
      }
      break;
    }
    let end = i;
    if (
      end - start > 2 &&
      isApostrophe(text.charCodeAt(end - 2)) &&
      (text[end - 1] === 's' || text[end - 1] === 'S')
    ) {
      end -= 2;
    }
    starts.push(start);
    ends.push(end);
  }
  return { starts, ends };
}

/**
 * A spelling skeleton of one normalised token: the differences between romanisations that people actually write
 * (y/i/j, ia/ya/a, doubled letters, zhzh) fold together, so "Vodyane", "Sviatohirsk"/"Svyatohirsk" and
 * "Mariinka"/"Marinka" meet. Over-folding only adds candidates; the resolver prefers exact spellings.
 *
 * @example skeleton('vodyane') === skeleton('vodiane') // 'vodane'
 */
export function skeleton(token: string): string {
  return token
    .replace(/[yj]/g, 'i')
    .replace(/i([aeuo])/g, '$1')
    .replace(/zhzh/g, 'zh')
    .replace(/(.)\1+/g, '$1');
}

/**
 * What a gazetteer may offer so the matcher loads names as it meets words instead of all of them at start-up:
 * its keys by the skeleton of their first word (`SqliteGazetteer.nameHeads()`). Both lists come in key order.
 */
export interface NameHeads {
  /** The skeleton the gazetteer's index was built with (the same rule as `skeleton`). */
  skeleton(word: string): string;
  /** Every key whose first word has skeleton `head`. */
  keysWithHead(head: string): readonly string[];
  /** Every key whose first word has one of these skeletons, as `[head, key]` in head, then key order. */
  keysWithHeads(heads: readonly string[]): readonly (readonly [string, string])[];
  /** Every one-word key whose skeleton starts with `letter` and is `length` long, as `[skeleton, key]`. */
  oneWordKeys(letter: string, length: number): readonly (readonly [string, string])[];
}

/** Past this many distinct first words the lazily loaded trie starts afresh, so a long-lived process stays bounded. */
const MAX_HEADS = 100_000;

/**
 * A token trie over gazetteer names, keyed by spelling skeletons: one left-to-right pass over a text finds every
 * longest run of capitalised tokens that spells a name. Over `NameHeads` the trie is filled lazily, one first-word
 * skeleton at a time (memoised), so start-up reads nothing; over a plain list of names it is built whole. Both give
 * the same matches. Build once per gazetteer (see `placeMatcherFor`).
 *
 * @example new PlaceMatcher(norm, [{ key: 'pokrovsk' }]).match('Shelling hit Pokrovsk.') → [{ start: 13, end: 21, keys: ['pokrovsk'], exact: true }]
 */
export class PlaceMatcher {
  private root: TrieNode = { next: new Map(), keys: null };
  private readonly folded = new Map<string, readonly [string, string]>();
  private readonly heads: NameHeads | null;
  private readonly skel: (word: string) => string;
  /** First-word skeletons already loaded from `heads`. */
  private loaded = new Set<string>();
  private loadedKeys = 0;

  constructor(
    private readonly normalise: (s: string) => string,
    names: Iterable<Pick<GazetteerName, 'key'>> | NameHeads,
  ) {
    if (Symbol.iterator in names) {
      this.heads = null;
      this.skel = skeleton;
      const seen = new Set<string>();
      for (const { key } of names) {
        if (seen.has(key) || key.length < 2) continue;
        seen.add(key);
        this.insert(key);
      }
      this.loadedKeys = seen.size;
    } else {
      this.heads = names;
      this.skel = (w) => names.skeleton(w);
    }
  }

  /** Number of distinct keys in the trie (with `NameHeads`: loaded so far). */
  get size(): number {
    return this.loadedKeys;
  }

  private insert(key: string): void {
    let node = this.root;
    for (const part of key.split(' ')) {
      if (part === '') continue;
      const sk = this.skel(part);
      node.next ??= new Map();
      let child = node.next.get(sk);
      if (!child) {
        child = { next: null, keys: null };
        node.next.set(sk, child);
      }
      node = child;
    }
    if (node === this.root) return;
    node.keys ??= [];
    if (!node.keys.includes(key)) node.keys.push(key);
  }

  /** Loads every name starting with a word of skeleton `head`, once; a no-op over a trie built whole. */
  private load(head: string): void {
    if (!this.heads || this.loaded.has(head)) return;
    if (this.loaded.size >= MAX_HEADS) {
      this.root = { next: new Map(), keys: null };
      this.loaded = new Set();
      this.loadedKeys = 0;
    }
    this.loaded.add(head);
    // Keys arrive in key order, as names() streams them, so each node lists its keys in the same order either way.
    for (const key of this.heads.keysWithHead(head)) {
      if (key.length < 2) continue;
      this.insert(key);
      this.loadedKeys++;
    }
  }

  /**
   * Loads, in one query, every not yet loaded head of the capitalised words of a text (a long report meets hundreds;
   * one query each costs more than the matching). `load` stays the rule; this only saves round trips.
   */
  private prefetch(text: string, starts: readonly number[], ends: readonly number[]): void {
    if (!this.heads) return;
    const pending = new Set<string>();
    for (let i = 0; i < starts.length; i++) {
      if (!isUpperInitial(text, starts[i])) continue;
      const sk = this.fold(text.slice(starts[i], ends[i]))[1];
      if (!this.loaded.has(sk)) pending.add(sk);
    }
    if (pending.size < 2 || this.loaded.size + pending.size > MAX_HEADS) return;
    const heads = [...pending];
    for (const h of heads) this.loaded.add(h);
    // Rows come head by head in key order, so each node lists its keys as `load` would have.
    for (const [, key] of this.heads.keysWithHeads(heads)) {
      if (key.length < 2) continue;
      this.insert(key);
      this.loadedKeys++;
    }
  }

  /** The token as the gazetteer folds it and its skeleton, cached: war news repeats its names. */
  private fold(token: string): readonly [string, string] {
    let f = this.folded.get(token);
    if (f === undefined) {
      const n = this.normalise(token);
      f = [n, this.skel(n)];
      if (this.folded.size > 200_000) this.folded.clear();
      this.folded.set(token, f);
    }
    return f;
  }

  /**
   * Gazetteer keys of one-word names within one edit of a word's skeleton (ACLED's "Tsukurune" for Tsukuryne): call
   * it only for a word its context marks as a place.
   *
   * @example matcher.nearKeys('Tsukurune') → ['tsukuryne']
   */
  nearKeys(word: string): string[] {
    const f = this.normalise(word);
    if (f.length < 6 || f.includes(' ')) return [];
    const sk = this.skel(f);
    const out: string[] = [];
    // Misspellings keep the first letter: look only at one-word names of that letter and a length one apart.
    for (let len = sk.length - 1; len <= sk.length + 1; len++) {
      for (const [k, keys] of this.oneWordNames(sk[0], len)) {
        if (withinOneEdit(sk, k)) out.push(...keys);
      }
    }
    return out.sort();
  }

  private byHead: Map<string, [string, string[]][]> | null = null;

  /** One-word names of a first letter and skeleton length, as [skeleton, keys]: from `heads`, or the whole trie. */
  private oneWordNames(letter: string, len: number): readonly [string, string[]][] {
    const bucket = `${letter}${len}`;
    if (this.heads) {
      this.byHead ??= new Map();
      let list = this.byHead.get(bucket);
      if (!list) {
        const bySkeleton = new Map<string, string[]>();
        for (const [k, key] of this.heads.oneWordKeys(letter, len)) {
          if (key.length < 2) continue;
          const keys = bySkeleton.get(k);
          if (keys) keys.push(key);
          else bySkeleton.set(k, [key]);
        }
        list = [...bySkeleton];
        this.byHead.set(bucket, list);
      }
      return list;
    }
    if (!this.byHead) {
      const m = new Map<string, [string, string[]][]>();
      for (const [k, node] of this.root.next ?? []) {
        if (!node.keys || k.length === 0) continue;
        const head = `${k[0]}${k.length}`;
        let list = m.get(head);
        if (!list) {
          list = [];
          m.set(head, list);
        }
        list.push([k, node.keys]);
      }
      this.byHead = m;
    }
    return this.byHead.get(bucket) ?? [];
  }

  /**
   * Every leftmost-longest run of capitalised tokens spelling a name, in text order, non-overlapping. Tokens of one
   * name are separated by one space or a hyphen; a possessive "'s" is not part of the name.
   */
  match(text: string): NameMatch[] {
    const { starts, ends } = tokenise(text);
    this.prefetch(text, starts, ends);
    const out: NameMatch[] = [];
    const n = starts.length;
    for (let i = 0; i < n; i++) {
      if (!isUpperInitial(text, starts[i])) continue;
      let node: TrieNode | undefined = this.root;
      let best = -1;
      let bestKeys: string[] | null = null;
      const folds: string[] = [];
      for (let j = i; j < n && node?.next; j++) {
        if (j > i) {
          const gap = text.slice(ends[j - 1], starts[j]);
          if (gap !== ' ' && gap !== '-' && gap !== '\u2011' && gap !== '\u00a0') break;
          if (ends[j - 1] !== starts[j] - gap.length) break;
        }
        const [f, sk] = this.fold(text.slice(starts[j], ends[j]));
        // Inside a name every word is capitalised, except the unit words of "Sumy region", "Donetska oblast".
        if (j > i && !isUpperInitial(text, starts[j]) && !UNIT_WORDS.has(f)) break;
        if (j === i) this.load(sk);
        folds.push(f);
        node = node.next.get(sk);
        if (node?.keys) {
          best = j;
          bestKeys = node.keys;
        }
      }
      if (best < 0 || !bestKeys) continue;
      const written = folds.slice(0, best - i + 1).join(' ');
      const exact = bestKeys.includes(written);
      const keys = exact ? [written, ...bestKeys.filter((k) => k !== written)] : [...bestKeys];
      out.push({ start: starts[i], end: ends[best], keys, exact });
      i = best;
    }
    return out;
  }
}

/** Whether two strings are at most one insertion, deletion or substitution apart. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) return a.slice(i + 1) === b.slice(i + 1);
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const cache = new WeakMap<Gazetteer, PlaceMatcher>();

/**
 * The matcher over a gazetteer's names, made on first use and kept for the gazetteer's lifetime. A gazetteer that
 * offers `nameHeads()` (SqliteGazetteer, schema 11 on) is read lazily; any other is read whole through `names()`.
 *
 * @example const m = placeMatcherFor(gaz); m.match(text)
 */
export function placeMatcherFor(gazetteer: Gazetteer): PlaceMatcher {
  let m = cache.get(gazetteer);
  if (!m) {
    // The port does not declare nameHeads (yet): it is an optional capability, looked for structurally.
    const heads = (gazetteer as Gazetteer & { nameHeads?: () => NameHeads | null }).nameHeads?.() ?? null;
    m = new PlaceMatcher((s) => gazetteer.normalise(s), heads ?? gazetteer.names());
    cache.set(gazetteer, m);
  }
  return m;
}
