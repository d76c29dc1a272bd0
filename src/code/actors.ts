import type { ActorMention, Side } from '../domain/index.js';
import type { SentenceView } from './rule.js';

const ARMED = new Set(['force', 'unit', 'group']);

/**
 * Whether an actor is named only among the casualties ("…, injuring two Russian soldiers"), never as who acted.
 *
 * @example isCasualty(view, mentionOf('Russian soldiers')) → true for "… injuring two Russian soldiers"
 */
export function isCasualty(view: SentenceView, a: ActorMention): boolean {
  const at = a.span.start - view.sentence.span.start;
  return /\b(?:killing|injuring|wounding|killed|injured|wounded)\s+(?:(?:the|a|an|\d+|two|three|four|five|six|seven|eight|nine|ten|several|dozens of)\s+)?$/i.test(
    view.sentence.text.slice(Math.max(0, at - 24), at),
  );
}

function isTarget(view: SentenceView, a: ActorMention): boolean {
  const at = a.span.start - view.sentence.span.start;
  const before = view.sentence.text.slice(Math.max(0, at - 20), at);
  if (/\bgroup of\s+$/i.test(before)) return false;
  return (
    /\b(?:on|at|against|toward|towards|with|of|from|down|killing|injuring|wounding|hitting|targeting)\s+(?:(?:the|a|an|\d+|two|three|four|five|six|seven|eight|nine|ten|several|dozens of)\s+)?$/i.test(
      before,
    ) || /positions?$/i.test(a.text)
  );
}

// A reporting verb right after the actor ("X said that", "X reported"), or the actor closing the sentence as its
// source (", the General Staff said.")
const REPORTS_AFTER =
  /^(?:['’]s\s+\w+\s+)?\s*(?:has\s+|had\s+)?(?:said|says|reported|reports|announced|claimed|claims|stated|wrote|posted|confirmed|added|noted|told)\b/i;

// "Ukraine's military said on Monday it had shot down …": the reporter tells of its own act and is the agent
const OWN_ACT =
  /^(?:['’]s\s+\w+\s+)?\s*(?:has\s+|had\s+)?(?:said|says|reported|announced|claimed|claims|stated)\b[^.;]{0,40}?\b(?:that\s+)?(?:(?:it|they)\s+(?:had|has|have)\b|(?:its|their)\s+(?:forces|troops|units|air defen[cs]es?)\b)/i;

/**
 * Whether an actor is named as the one reporting ("…, the Russian-installed authorities said"), not as one who acted;
 * a reporter telling of its own act ("said it had shot down") is not.
 *
 * @example isReporter(view, mentionOf('the General Staff')) → true for "…, the General Staff said."
 */
export function isReporter(view: SentenceView, a: ActorMention): boolean {
  const end = a.span.end - view.sentence.span.start;
  const after = view.sentence.text.slice(end, end + 100);
  return REPORTS_AFTER.test(after.slice(0, 40)) && !OWN_ACT.test(after);
}

/**
 * Who acts in a sentence: the agent of a passive ("… by NAF rebel forces"), else the first armed actor that is not a
 * target ("shelled Ukrainian positions"), else the first armed actor, else null.
 *
 * @example "Ukrainian forces shelled DPR positions in Horlivka" → the "Ukrainian forces" mention
 */
export function pickAgent(view: SentenceView, kinds: ReadonlySet<string> = ARMED): ActorMention | null {
  const all = view.actors.filter((a) => kinds.has(a.kind));
  // "Ukraine's Air Force reported that air defence downed …", "…, the General Staff said": who reports is not who acted
  const acting = all.filter((a) => !isReporter(view, a));
  const candidates = acting.length > 0 ? acting : all;
  for (const a of candidates) {
    const at = a.span.start - view.sentence.span.start;
    const before = view.sentence.text.slice(Math.max(0, at - 40), at);
    // "were repelled by Ukrainian forces": the agent of a repulse is the defender, not the one who acted
    // "drones launched by Russian forces were destroyed": the weapon's owner in a relative clause is not the agent
    if (
      /\bby\s+(?:the\s+)?$/i.test(before) &&
      !/\b(?:launched|fired|sent|operated|used|deployed|dropped|controlled|piloted|reported|coded|claimed|stated|announced|confirmed|published|posted|released|cited)\s+by\s+(?:the\s+)?$/i.test(
        before,
      ) &&
      !/\b(?:repel|repuls|stopped|thwarted|driven back|pushed back|halted)/i.test(before)
    )
      return a;
  }
  // "An explosion killed a Russian officer; … partisans planted the bomb": the one killed is not who acted
  return (
    candidates.find((a) => !isTarget(view, a) && !isCasualty(view, a)) ??
    candidates.find((a) => !isTarget(view, a)) ??
    candidates[0] ??
    null
  );
}

/**
 * The first actor of another side than `side` (the other party), or null.
 *
 * @example otherParty(view, 'russia') → the "Ukrainian forces" mention of "Russian forces clashed with Ukrainian forces"
 */
export function otherParty(
  view: SentenceView,
  agent: ActorMention | null,
  kinds?: ReadonlySet<string>,
): ActorMention | null {
  const side: Side | null = agent?.side ?? null;
  return (
    view.actors.find(
      (a) =>
        a !== agent &&
        a.side !== side &&
        a.side !== 'unknown' &&
        (!kinds || kinds.has(a.kind)) &&
        // ", police said": who reports the event is not a party to it
        !isReporter(view, a),
    ) ?? null
  );
}

/**
 * The offset of the first match of `re` in the view's text, or -1.
 *
 * @example find(view, /\bshelled\b/i) → 17
 */
export function find(view: SentenceView, re: RegExp): number {
  const m = re.exec(view.text);
  return m ? m.index : -1;
}
