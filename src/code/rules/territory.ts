import type { ActorMention } from '../../domain/index.js';
import { find, otherParty, pickAgent } from '../actors.js';
import type { Rule, RuleMatch, SentenceView } from '../rule.js';

// ACLED: the state's own forces retaking ground is "Government regains territory"; anyone else taking it (including a
// foreign state's forces on Ukrainian soil) is "Non-state actor overtakes territory".
const TAKE =
  /\b(?:liberated|liberates|liberating|recaptured|recaptures|retook|retaken|regained(?: control)?|took back|taken back|take back|won back|reclaimed|de-occupied|captured|captures|seized|seizes|took (?:full )?control(?: of| over)?|taken control|gained control|overran|took over|taken over)\b/i;
// "occupied" is a capture only as a verb with its object ("occupied the village", "occupied Kupiansk"), never the adjective
// "in occupied Melitopol", "residents of occupied Oleshky", "temporarily occupied" are the adjective
const OCCUPY =
  /(?<!\b(?:of|in|from|into|to|near|around|across|the|temporarily|still|partially|fully|newly|recently|Russian-|Russia-)\s+)(?<![,;]\s+and\s+)\boccupied (?:the (?:town|city|village|settlement)\b|[A-Z][a-z])/;
const RETAKE =
  /\b(?:recaptured|recaptures|retook|retaken|regained|took back|taken back|take back|won back|reclaimed|de-occupied)\b/i;
// A side pulling out of a named place leaves it to the other: "withdrew from Vuhledar", "pulled its troops out of the
// town". Only told as done (past forms), and only from a place, not from talks or a treaty ("withdrew from the deal").
const NOT_PLACE = String.raw`(?!(?:\s+[A-Z][\w'-]*){0,3}\s+(?:talks|deal|agreement|treaty|Initiative|Council|Convention|Treaty|Agreement)\b)`;
const PLACE = String.raw`(?:the (?:(?:city|town|village|settlement) of\s+)?[A-Z][a-z][\w'-]*\b${NOT_PLACE}|the (?:town|city|village|settlement|hamlet|outskirts)\b|the (?:[A-Z][\w'-]+\s+)?(?:bridgehead|foothold|left bank|right bank|island)\b|[A-Z][a-z][\w'-]*\b${NOT_PLACE})`;
const WITHDRAW = new RegExp(
  String.raw`\b(?:withdrew|withdrawn|retreated|pulled (?:out|back)|were forced out)\s+(?:(?:their|its|the|all|remaining|\w+)\s+){0,3}?(?:from|out of|(?<=out\s+)of)\s+${PLACE}`,
);
// "entered Kherson after Russian troops withdrew": coming into a town the other side has just left takes it
const ENTERED = /\b(?:entered|entering|moved into|rolled into|raised (?:the|their) flag (?:in|over))\b/i;
const OTHER_LEFT =
  /\b(?:after|as|once|when|following)\b[^.;]{0,60}?\b(?:withdr[eao]w\w*|retreat(?:ed)?|pulled (?:out|back)|fled|left|abandoned)\b/i;

const ARMED = new Set(['force', 'unit']);

// Ground inside Russia: its border regions by name (English and Ukrainian-style forms), "in Russia", "Russian village".
// There Russia is the state that regains and Ukraine the foreign force that overtakes.
const IN_RUSSIA =
  /\b(?:Kursk|Belgorod|Bryansk|Voronezh|Rostov|Krasnodar|Kursk(?:a|ka)|Bilhorod|Briansk)(?:\s+(?:Oblast|oblast|region|Region|province|Province))?\b|\b(?:in|inside|into) Russia\b(?!['’]s)|\bRussian (?:territory|soil|village|town|border region|region|settlement)s?\b|\bRussia['’]s (?:territory|soil|\w+ (?:Oblast|region))\b|\bSudzha\b|\bTetkino\b|\bKorenevo\b|\bSuzemka\b|\bShebekino\b/;

/**
 * Whether the sentence places the change of control inside Russia (a border region, "in Russia", "the Russian
 * village of …").
 *
 * @example inRussia("Ukrainian forces withdrew from positions in Kursk Oblast") → true
 */
export function inRussia(text: string): boolean {
  return IN_RUSSIA.test(text);
}

/** The side that is the government of the ground the sentence is about: Ukraine, or Russia on Russian soil. */
function landOf(view: SentenceView): 'russia' | 'ukraine' {
  return inRussia(view.text) ? 'russia' : 'ukraine';
}

/** The armed actor that is the subject of the verb at `at`: the nearest one ending before it. */
function subjectBefore(view: SentenceView, at: number): ActorMention | null {
  const start = view.sentence.span.start;
  let best: ActorMention | null = null;
  for (const a of view.actors) {
    if (!ARMED.has(a.kind) || a.side === 'unknown' || a.side === 'other' || a.side === 'civilians') continue;
    if (a.span.end - start <= at) best = a;
  }
  return best;
}

// ACLED's names for the side that gains what the other left (the coder moves Ukraine's into its era by date)
export function gainer(side: 'russia' | 'ukraine'): string {
  return side === 'ukraine' ? 'Military Forces of Russia (2000-)' : 'Military Forces of Ukraine (2019-)';
}

function change(
  at: number,
  byState: boolean,
  actor1: ActorMention | null,
  actor2: ActorMention | null,
  defaultActor1?: string,
): RuleMatch {
  return {
    eventType: 'Battles',
    subEventType: byState ? 'Government regains territory' : 'Non-state actor overtakes territory',
    trigger: at,
    actor1,
    actor2,
    ...(actor1 || !defaultActor1 ? {} : { defaultActor1 }),
    confidence: 0.8,
  };
}

/**
 * A withdrawal from a place: the side that stays or moves in gains it. ACLED codes Ukraine's pull-outs ("withdrew from
 * Avdiivka") as Russia's capture, and Russia's pull-outs from a Ukrainian town as the government regaining it; inside
 * Russia the roles turn: Ukraine leaving a village in Kursk Oblast is Russia (the government there) regaining it.
 */
function withdrawal(view: SentenceView): RuleMatch | null {
  const m = WITHDRAW.exec(view.text);
  if (!m) return null;
  const leaver = subjectBefore(view, m.index);
  if (!leaver || (leaver.side !== 'russia' && leaver.side !== 'ukraine')) return null;
  const other = view.actors.find(
    (a) => ARMED.has(a.kind) && a.side !== leaver.side && (a.side === 'russia' || a.side === 'ukraine'),
  );
  const gains = leaver.side === 'russia' ? 'ukraine' : 'russia';
  return change(m.index, gains === landOf(view), other ?? null, leaver, gainer(leaver.side));
}

/** Battles / Government regains territory and Non-state actor overtakes territory: a change of control. */
export const territory: Rule = {
  name: 'territory',
  // the first words of TAKE, OCCUPY, ENTERED and WITHDRAW ("were forced out": forced)
  needs: [
    [
      'liberated',
      'liberates',
      'liberating',
      'recaptured',
      'recaptures',
      'retook',
      'retaken',
      'regained',
      'took',
      'taken',
      'take',
      'won',
      'reclaimed',
      'de',
      'captured',
      'captures',
      'seized',
      'seizes',
      'gained',
      'overran',
      'occupied',
      'entered',
      'entering',
      'moved',
      'rolled',
      'raised',
      'withdrew',
      'withdrawn',
      'retreated',
      'pulled',
      'forced',
    ],
  ],
  match(view) {
    const taken = find(view, TAKE);
    const at = taken >= 0 ? taken : find(view, OCCUPY);
    if (at < 0) {
      const entered = find(view, ENTERED);
      if (entered >= 0 && OTHER_LEFT.test(view.text.slice(entered))) {
        const agent = subjectBefore(view, entered);
        if (agent && (agent.side === 'ukraine' || agent.side === 'russia'))
          return change(entered, agent.side === landOf(view), agent, otherParty(view, agent));
      }
      return withdrawal(view);
    }
    const agent = pickAgent(view);
    if (!agent) return null;
    // "seized" weapons or "captured" soldiers are no change of control
    if (
      /\b(?:captured|seized|took)\s+(?:\w+\s+){0,3}(?:soldiers|servicemen|prisoners|weapons|ammunition|equipment|tanks?|vehicles?|explosives?|devices?|drones?)\b/i.test(
        view.text,
      )
    ) {
      return null;
    }
    const byState = agent.side === landOf(view);
    if (!byState && RETAKE.test(view.text) && agent.side !== 'russia' && agent.side !== 'ukraine')
      return null;
    return change(at, byState, agent, otherParty(view, agent));
  },
};
