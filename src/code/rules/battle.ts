import type { ActorMention } from '../../domain/index.js';
import { find, otherParty, pickAgent } from '../actors.js';
import type { Rule } from '../rule.js';

// Fighting between organised armed groups with no change of control: ACLED's Armed clash. Small arms or infantry
// vehicles mean contact, so fire with them is a clash even when mortars join in.
const CLASH =
  /\b(?:clash(?:ed|es|ing)?|fight(?:s|ing)?|fought|battles?|battled|assault(?:ed|s|ing)?|storm(?:ed|ing)|repel(?:led|s|ling)?|repuls(?:ed|e|ing)|offensives?|counter-?offensive|counter-?attack(?:ed|s)?|advanc(?:ed|es|ing)|advance|push(?:ed|es)?|pushing|entered|infiltrat(?:ed|ion)|firefights?|gunfights?|skirmish(?:es)?|engaged|encircl(?:ed|ement)|clos(?:e|ing) in|small arms|infantry fighting vehicles?|sabotage and reconnaissance group|(?:stopped|halted|thwarted|repelled|repulsed|beat off|fended off)\s+(?:[\w-]+\s+){0,3}?(?:attacks|attempts to advance|offensive actions)|combat (?:clashes|engagements)|exchang(?:ed|ing) (?:\w+\s+)?fire|exchange of fire|shoot-?outs?|snipers?|sniper fire|attack(?:ed|s)? (?:(?:north|south|east|west|northeast|northwest|southeast|southwest) of|near|toward|towards|in the direction of)\b|attacked (?:the )?(?:Ukrainian|Russian|enemy) positions(?![^.;]*\b(?:drones?|UAVs?|missiles?|rockets?|artillery|shell(?:s|ed|ing)?|mortars?|bombs?|KABs?|air ?strikes?|aviation|aircraft|MLRS)\b))\b/i;
const REPELLED_SIDE =
  /\b(?:repel(?:led|s)?|repuls(?:ed|es)?|thwarted|stopped)\s+(?:an?\s+|the\s+|\d+\s+|(?:two|three|four|five|six|seven|eight|nine|ten|several|dozens of)\s+)?(Ukrainian|Russian|Ukraine's|Russia's)\b/i;

const REPELLED_UNNAMED =
  /\b(?:repel(?:led|s)?|repuls(?:ed|es)?|thwarted|stopped|halted|beat off|fended off)\s+(?:an?\s+|the\s+|all\s+)?(?:\d+\s+|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|dozens of)\s+)?(?:enemy\s+)?(?:assaults?|attacks?|attempts to advance|offensive actions|storming attempts)\b/i;

const AIR_REPELLED =
  /\b(?:repel(?:led|s)?|repuls(?:ed|es)?|thwarted)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:drone|missile|UAV|air|aerial)\s+(?:attacks?|strikes?|raids?)\b/i;

const SNIPER_ONLY = /^snipers?\b/i;
const CLASH_NOT_SNIPER =
  /\b(?:clash(?:ed|es|ing)?|fight(?:s|ing)?|fought|battles?|assault(?:ed|s|ing)?|firefights?|exchang(?:ed|ing) (?:\w+\s+)?fire|exchange of fire)\b/i;

/** Battles / Armed clash: assaults, clashes, offensives and advances without a change of control. */
export const battle: Rule = {
  name: 'battle',
  // CLASH's first words
  needs: [
    [
      'clash',
      'clashed',
      'clashes',
      'clashing',
      'fight',
      'fights',
      'fighting',
      'fought',
      'battle',
      'battles',
      'battled',
      'assault',
      'assaulted',
      'assaults',
      'assaulting',
      'stormed',
      'storming',
      'repel',
      'repelled',
      'repels',
      'repelling',
      'repulsed',
      'repulse',
      'repulsing',
      'offensive',
      'offensives',
      'counteroffensive',
      'counter',
      'counterattack',
      'counterattacked',
      'counterattacks',
      'advanced',
      'advances',
      'advancing',
      'advance',
      'push',
      'pushed',
      'pushes',
      'pushing',
      'entered',
      'infiltrated',
      'infiltration',
      'firefight',
      'firefights',
      'gunfight',
      'gunfights',
      'skirmish',
      'skirmishes',
      'engaged',
      'encircled',
      'encirclement',
      'close',
      'closing',
      'small',
      'infantry',
      'sabotage',
      'stopped',
      'halted',
      'thwarted',
      'beat',
      'fended',
      'combat',
      'exchanged',
      'exchanging',
      'exchange',
      'shootout',
      'shootouts',
      'shoot',
      'sniper',
      'snipers',
      'attack',
      'attacked',
      'attacks',
    ],
  ],
  match(view) {
    const at = find(view, CLASH);
    if (at < 0) return null;
    // an air attack repelled is an interception (Disrupted weapons use), not fighting on the ground
    if (AIR_REPELLED.test(view.text)) return null;
    // police against residents or a crowd is a riot or a protest, not a battle between armed groups
    const armed = view.actors.filter((a) => a.kind === 'force' || a.kind === 'unit' || a.kind === 'group');
    if (
      armed.length > 0 &&
      armed.every((a) => /^Police Forces/.test(a.acledName)) &&
      view.actors.some((a) => a.kind === 'civilians' || a.kind === 'protesters' || a.kind === 'rioters')
    )
      return null;
    // a sniper shooting a civilian is an attack on civilians (violence-against-civilians.ts), not fighting: only a
    // sniper duel between armed sides is a clash
    if (
      SNIPER_ONLY.test(view.text.slice(at)) &&
      !CLASH_NOT_SNIPER.test(view.text) &&
      view.actors.some((a) => a.kind === 'civilians') &&
      new Set(armed.map((a) => a.side)).size <= 1
    )
      return null;
    let agent: ActorMention | null = pickAgent(view);
    // "Russian forces repelled Ukrainian offensive operations": the attacker is the side that was repelled
    const rep = REPELLED_SIDE.exec(view.text);
    if (rep) {
      const side = /^Ukrain/i.test(rep[1]) ? 'ukraine' : 'russia';
      agent = view.actors.find((a) => a.side === side && a.kind !== 'civilians') ?? agent;
    }
    // "Ukrainian defenders repelled 34 assaults": the attacks the agent repelled, with no side named, were the other
    // side's, and the attacker is actor1
    else if (
      agent &&
      (agent.side === 'russia' || agent.side === 'ukraine') &&
      REPELLED_UNNAMED.test(view.text)
    ) {
      const side = agent.side === 'ukraine' ? 'russia' : 'ukraine';
      const defender = agent;
      const attacker: ActorMention = {
        span: { start: view.sentence.span.start + at, end: view.sentence.span.start + at },
        text: '',
        kind: 'force',
        side,
        name: side === 'russia' ? 'Russian forces' : 'Ukrainian forces',
        acledName:
          side === 'russia' ? 'Military Forces of Russia (2000-)' : 'Military Forces of Ukraine (2019-)',
      };
      return {
        eventType: 'Battles',
        subEventType: 'Armed clash',
        trigger: at,
        actor1: attacker,
        actor2: defender,
        confidence: 0.65,
      };
    }
    // fighting needs a fighter: nobody named means a noun of reporting ("the site of heavy fighting"), unless contact
    // itself is described (small arms, a firefight)
    if (!agent && !/\b(?:small arms|firefights?|gunfights?|exchange of fire)\b/i.test(view.text)) return null;
    return {
      eventType: 'Battles',
      subEventType: 'Armed clash',
      trigger: at,
      actor1: agent,
      actor2: otherParty(view, agent),
      confidence: 0.7,
    };
  },
};
