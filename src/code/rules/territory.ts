import { find, otherParty, pickAgent } from '../actors.js';
import type { Rule } from '../rule.js';

// ACLED: the state's own forces retaking ground is "Government regains territory"; anyone else taking it (including a
// foreign state's forces on Ukrainian soil) is "Non-state actor overtakes territory".
const TAKE =
  /\b(?:liberated|liberates|liberating|recaptured|recaptures|retook|retaken|regained(?: control)?|took back|taken back|take back|won back|reclaimed|de-occupied|captured|captures|seized|seizes|took (?:full )?control(?: of| over)?|taken control|gained control|overran|took over|taken over)\b/i;
// "occupied" is a capture only as a verb with its object ("occupied the village", "occupied Kupiansk"), never the adjective
const OCCUPY = /\boccupied (?:the (?:town|city|village|settlement)\b|[A-Z][a-z])/;
const RETAKE =
  /\b(?:recaptured|recaptures|retook|retaken|regained|took back|taken back|take back|won back|reclaimed|de-occupied)\b/i;

/** Battles / Government regains territory and Non-state actor overtakes territory: a change of control. */
export const territory: Rule = {
  name: 'territory',
  match(view) {
    const taken = find(view, TAKE);
    const at = taken >= 0 ? taken : find(view, OCCUPY);
    if (at < 0) return null;
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
    const byState = agent.side === 'ukraine';
    if (!byState && RETAKE.test(view.text) && agent.side !== 'russia') return null;
    return {
      eventType: 'Battles',
      subEventType: byState ? 'Government regains territory' : 'Non-state actor overtakes territory',
      trigger: at,
      actor1: agent,
      actor2: otherParty(view, agent),
      confidence: 0.8,
    };
  },
};
