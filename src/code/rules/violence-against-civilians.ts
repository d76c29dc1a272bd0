import { find, pickAgent } from '../actors.js';
import type { Rule } from '../rule.js';

const ABDUCTION =
  /\b(?:abduct(?:ed|ion|s)?|kidnap(?:ped|ping|s)?|forcibly (?:relocated|deported|transferred|removed|taken|disappeared)|deported|forced disappearance|went missing after (?:being )?detained|taken away by|(?:took|taken|driven) (?:\w+ )?to an unknown location|whereabouts (?:are|remain|is) unknown)\b/i;
const SEXUAL = /\b(?:rap(?:ed|e)|sexual(?:ly)? (?:assault(?:ed)?|violence|abuse(?:d)?))\b/i;
const ATTACK =
  /\b(?:beat(?:en)?(?: up)?|beating|tortur(?:ed|ing)|executed|shot dead|shot and killed|stabbed|assaulted|lynched|mistreated|killed (?:a |two |three |several )?civilians?|(?:opened fire|fired) (?:on|at|upon) (?:a |the )?(?:group of |column of |car (?:carrying|with) )?(?:civilians?|residents?|evacuees|people|villagers)|(?:killed|wounded|injured|shot) by (?:an? |the )?(?:[\w-]+\s+){0,2}snipers?|snipers? (?:shot|killed|wounded|injured|fire (?:killed|wounded|injured)))\b/i;

/** Violence against civilians: attack, abduction/forced disappearance, sexual violence — by an armed or organised group. */
export const violenceAgainstCivilians: Rule = {
  name: 'violence-against-civilians',
  // the first words of SEXUAL, ABDUCTION and ATTACK
  needs: [
    [
      'raped',
      'rape',
      'sexual',
      'sexually',
      'abduct',
      'abducted',
      'abduction',
      'abducts',
      'kidnap',
      'kidnapped',
      'kidnapping',
      'kidnaps',
      'forcibly',
      'deported',
      'forced',
      'went',
      'taken',
      'took',
      'driven',
      'whereabouts',
      'beat',
      'beaten',
      'beating',
      'tortured',
      'torturing',
      'executed',
      'shot',
      'stabbed',
      'assaulted',
      'lynched',
      'mistreated',
      'killed',
      'opened',
      'fired',
      'wounded',
      'injured',
      'sniper',
      'snipers',
    ],
  ],
  match(view) {
    const sexual = find(view, SEXUAL);
    const abduction = find(view, ABDUCTION);
    const attack = find(view, ATTACK);
    const [at, sub] =
      sexual >= 0
        ? [sexual, 'Sexual violence' as const]
        : abduction >= 0
          ? [abduction, 'Abduction/forced disappearance' as const]
          : [attack, 'Attack' as const];
    if (at < 0) return null;
    const agent = pickAgent(view, new Set(['force', 'unit', 'group', 'protesters', 'rioters']));
    if (!agent) return null;
    return {
      eventType: 'Violence against civilians',
      subEventType: sub,
      trigger: at,
      actor1: agent.kind === 'protesters' ? { ...agent, kind: 'group' } : agent,
      // prisoners of war executed or tortured are the other side's forces (ACLED codes them so, as victims)
      actor2:
        view.actors.find((a) => a.kind === 'civilians') ??
        view.actors.find(
          (a) =>
            a !== agent &&
            (a.kind === 'force' || a.kind === 'unit') &&
            a.side !== agent.side &&
            /\b(?:prisoners? of war|POWs?|captives?|captured)\b/i.test(a.text),
        ) ??
        null,
      confidence: 0.6,
    };
  },
};
