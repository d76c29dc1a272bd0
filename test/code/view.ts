import type { SentenceView } from '../../src/code/rule.js';
import type { Sentence } from '../../src/domain/index.js';
import { extractActors } from '../../src/nlp/extractors/actor.js';

/** A text as the coder's rules see it: one sentence spanning it whole, with its actors read. */
export function viewOf(text: string): SentenceView {
  const sentence: Sentence = {
    index: 0,
    paragraph: 0,
    span: { start: 0, end: text.length },
    text,
    quoted: false,
  };
  return { sentence, text, actors: extractActors([sentence], text) };
}
