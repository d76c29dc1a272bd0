import type { Span } from './span.js';

/** A sentence of an article, with its span into `Article.text` and its paragraph index. */
export interface Sentence {
  readonly index: number;
  readonly paragraph: number;
  readonly span: Span;
  readonly text: string;
  /** True when the sentence sits inside quotation marks (a quote of someone, not the outlet's narration). */
  readonly quoted: boolean;
}
