import { find } from '../actors.js';
import type { ActorMention } from '../../domain/index.js';
import type { Rule, SentenceView } from '../rule.js';

const VIOLENT =
  /\b(?:threw|throwing|hurled)\s+(?:\w+\s+){0,2}(?:smoke bombs?|stones|rocks|eggs|bottles|Molotov cocktails?|firecrackers|paint|flares)\b|\bclashed with (?:the )?(?:police|officers|law enforcement|recruit(?:ment|ing) officers)\b|\bbrawl(?:ed)?\b|\b(?:crowd|mob|group) of (?:\w+\s+){0,3}?(?:beat|attacked|assaulted|lynched)\b|\b(?:smashed|overturned|vandali[sz]ed) (?:\w+\s+){0,2}(?:cars?|vehicles?|windows|minibus)\b|\bstormed (?:the )?(?:building|office|council)\b/i;
// a demonstration that turned violent; a crowd that attacks someone without one is mob violence
const CROWD = /\b(?:demonstrat|protest|rally|gathered|activists|picket)/i;

// "a crowd of local men": the people of the crowd are the rioters, not their victims
function inCrowd(view: SentenceView, a: ActorMention): boolean {
  const at = a.span.start - view.sentence.span.start;
  return /\b(?:crowd|group|mob|gang) of (?:[\w-]+\s+){0,2}$/i.test(
    view.sentence.text.slice(Math.max(0, at - 40), at),
  );
}

/** Riots: a violent demonstration (a crowd turns violent) or mob violence (a mob attacks). */
export const riot: Rule = {
  name: 'riot',
  needs: [
    [
      'threw',
      'throwing',
      'hurled',
      'clashed',
      'brawl',
      'brawled',
      'crowd',
      'mob',
      'group',
      'smashed',
      'overturned',
      'vandalised',
      'vandalized',
      'stormed',
    ],
  ],
  match(view) {
    const at = find(view, VIOLENT);
    if (at < 0) return null;
    const rioters = view.actors.find((a) => a.kind === 'rioters' || a.kind === 'protesters') ?? null;
    return {
      eventType: 'Riots',
      subEventType: CROWD.test(view.text) ? 'Violent demonstration' : 'Mob violence',
      trigger: at,
      actor1: rioters
        ? { ...rioters, kind: 'rioters', name: 'Rioters', acledName: 'Rioters (Ukraine)' }
        : null,
      actor2:
        view.actors.find((a) => /Police/.test(a.acledName)) ??
        view.actors.find((a) => a.kind === 'civilians' && !inCrowd(view, a)) ??
        null,
      defaultActor1: 'Rioters (Ukraine)',
      confidence: 0.6,
    };
  },
};
