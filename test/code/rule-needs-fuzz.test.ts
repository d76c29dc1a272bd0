import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/code/rules/index.js';
import { ACTOR_RULES } from '../../src/nlp/extractors/actor.js';
import { wordsOf } from '../../src/nlp/words.js';
import { mulberry32 } from '../shared.js';
import { viewOf } from './view.js';

// A rule is skipped on a text that lacks the words its `needs` lists (the coder's and the actor reader's gates), so a
// pattern alternative whose words are not listed loses its matches silently. These tests write sentences out of the
// patterns themselves — a random branch of each group, optional parts kept or dropped, joined with filler and cased
// three ways — and check that whatever a rule matches holds the words it lists. Seeded: the same sentences each run.

type Rand = () => number;

const pick = <T>(rand: Rand, a: readonly T[]): T => a[Math.floor(rand() * a.length)];

/** `n` phrases a regex source can match, roughly: groups resolved to a random branch, classes to a letter. */
function phrases(source: string, n: number, rand: Rand): string[] {
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    let s = source;
    for (let guard = 0; guard < 60 && /\((\?:|\?<?[!=])?[^()]*\)/.test(s); guard++) {
      s = s.replace(
        /\((\?:|\?<?[!=]|)([^()]*)\)(\?|\{0,\d\}\??|\*|\+)?/g,
        (_m, kind: string, body: string, q: string | undefined) => {
          if (kind && kind !== '?:') return ''; // lookarounds match no text
          if (q?.startsWith('?') && rand() < 0.4) return '';
          if (q?.startsWith('{0') && rand() < 0.5) return '';
          return pick(rand, body.split('|'));
        },
      );
    }
    out.push(
      pick(rand, s.split('|'))
        .replace(/\\s\+|\\s\*|\\s/g, ' ')
        .replace(/\\b|\^|\$/g, '')
        .replace(/\[([^\]])[^\]]*\]/g, '$1')
        .replace(/\\d\+?|\\d\{[^}]*\}/g, '47')
        .replace(/\\w\*|\\w\+|\\w/g, 'x')
        .replace(/[?*+]|\{[^}]*\}/g, '')
        .replace(/\\(.)/g, '$1'),
    );
  }
  return out;
}

/** A sentence of 1–4 pieces from `pool` and `fill`, in one of three casings. */
function sentenceOf(rand: Rand, pool: readonly string[], fill: readonly string[], joins: readonly string[]) {
  const parts: string[] = [];
  const n = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < n; k++) parts.push(rand() < 0.65 ? pick(rand, pool) : pick(rand, fill));
  const text = parts.join(pick(rand, joins));
  const r = rand();
  return r < 0.25 ? text.toUpperCase() : r < 0.5 ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

const holds = (needs: readonly (readonly string[])[], words: ReadonlySet<string>): boolean =>
  needs.every((any) => any.some((w) => words.has(w)));

describe('rule words (`needs`) against the rules’ own patterns', () => {
  it('every event rule that matches a sentence finds the words it lists there', () => {
    const rand = mulberry32(20251104);
    const dir = join(import.meta.dirname, '..', '..', 'src', 'code', 'rules');
    let source = '';
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts')))
      source += readFileSync(join(dir, f), 'utf8');
    const pool: string[] = [];
    for (const m of source.matchAll(/\/((?:\\.|[^/\n])+)\/[gimsuy]*[;,)]/g))
      pool.push(...phrases(m[1] ?? '', 30, rand));
    for (const m of source.matchAll(/String\.raw`([^`]+)`/g)) pool.push(...phrases(m[1] ?? '', 30, rand));
    const fill = ['Russian forces', 'Ukrainian troops', 'the General Staff said', 'civilians', 'in Kherson'];
    fill.push('near Pokrovsk', 'Zelensky', 'police', 'protesters', 'the enemy', 'Russia', 'Ukraine', 'two');
    const fired = new Map<string, number>();
    const misses: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const text = `${sentenceOf(rand, pool, fill, [' ', ', '])}.`;
      const view = viewOf(text);
      const words = wordsOf(text);
      for (const rule of RULES) {
        if (!rule.match(view)) continue;
        fired.set(rule.name, (fired.get(rule.name) ?? 0) + 1);
        if (!holds(rule.needs ?? [], words) && !rule.needsOr?.test(text))
          misses.push(`${rule.name}: ${text}`);
      }
    }
    expect(misses.slice(0, 5)).toEqual([]);
    // The sentences reach the rules: most of them fire on some.
    expect(fired.size).toBeGreaterThanOrEqual(RULES.length - 3);
  });

  it('every actor rule match holds the words the rule lists', () => {
    const rand = mulberry32(20251026);
    const pool = ACTOR_RULES.flatMap((r) => phrases(r.pattern.source, 40, rand));
    const fill = ['shelled', 'Kherson', 'the', 'said', 'near', 'two', 'and', 's', 'X', '_', '-', 'Ukrainian'];
    let checked = 0;
    const misses: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const text = sentenceOf(rand, pool, fill, [' ', ', ', '', '-']);
      const tokens = [...text.matchAll(/\w+/g)].map((m) => ({
        start: m.index,
        end: m.index + m[0].length,
        word: m[0].toLowerCase(),
      }));
      for (const rule of ACTOR_RULES) {
        if (!rule.needs) continue;
        for (const m of text.matchAll(new RegExp(rule.pattern.source, rule.pattern.flags))) {
          checked++;
          const [a, b] = [m.index, m.index + m[0].length];
          const inside = new Set(tokens.filter((t) => t.start >= a && t.end <= b).map((t) => t.word));
          if (!holds(rule.needs, inside)) misses.push(`${rule.name} ${JSON.stringify(m[0])} in ${text}`);
        }
      }
    }
    expect(misses.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
  });
});
