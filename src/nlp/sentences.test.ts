import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';

describe('splitSentences', () => {
  it('keeps abbreviations and initials inside a sentence', () => {
    const text = 'The General Staff said on Oct. 26 that troops advanced. U.S. officials did not comment.';
    const s = splitSentences(text);
    expect(s.map((x) => x.text)).toEqual([
      'The General Staff said on Oct. 26 that troops advanced.',
      'U.S. officials did not comment.',
    ]);
    expect(s[1].span).toEqual({ start: 56, end: text.length });
  });

  it('ends a sentence at a paragraph break and counts paragraphs', () => {
    const s = splitSentences('One line\n\nAnother "quoted one." Then more.');
    expect(s.map((x) => [x.paragraph, x.text])).toEqual([
      [0, 'One line'],
      [1, 'Another "quoted one."'],
      [1, 'Then more.'],
    ]);
  });

  it('marks sentences that open with a quotation mark as quoted', () => {
    const s = splitSentences('“We will hold,” he said. Troops left.');
    expect(s[0].quoted).toBe(true);
    expect(s[1].quoted).toBe(false);
  });
});
