import type { ActorMention, EventType, Sentence, SubEventType } from '../domain/index.js';

/** One sentence as the coding rules see it. */
export interface SentenceView {
  readonly sentence: Sentence;
  /** The sentence text with framing clauses ("Since the advance, …") blanked out, offsets unchanged. */
  readonly text: string;
  /** Actor mentions inside the sentence, in text order. */
  readonly actors: readonly ActorMention[];
}

/** What a rule found in a sentence: the ACLED type and sub-type, where the trigger sits, and who did it to whom. */
export interface RuleMatch {
  readonly eventType: EventType;
  readonly subEventType: SubEventType;
  /** Offset of the trigger word inside the sentence (for the nearest time mention). */
  readonly trigger: number;
  readonly actor1: ActorMention | null;
  readonly actor2: ActorMention | null;
  /** ACLED actor1 name when the text names nobody but the rule implies one (UXO → Unidentified Military Forces). */
  readonly defaultActor1?: string;
  /** The rule's own confidence in [0, 1], before place and time adjust it. */
  readonly confidence: number;
}

/** A coding rule: one event kind of ACLED's codebook, matched on one sentence. */
export interface Rule {
  readonly name: string;
  /**
   * Words (lower-cased runs of `\w`) the sentence holds whole whenever the rule matches: one of each list. A rule
   * whose words the article lacks is not tried there, as it could only return null. Sound for patterns without the
   * `u` flag, whose `\b` and letters are ASCII ones.
   */
  readonly needs?: readonly (readonly string[])[];
  /**
   * For matches whose words cannot all be listed (a pattern ending inside a word: "IEDs", "tripwires"): the rule is
   * also tried on a sentence this pattern matches, though its words are missing.
   */
  readonly needsOr?: RegExp;
  match(view: SentenceView): RuleMatch | null;
}
