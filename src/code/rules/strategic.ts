import { find, otherParty, pickAgent } from '../actors.js';
import type { ActorMention } from '../../domain/index.js';
import type { Rule, SentenceView } from '../rule.js';
import { gainer, inRussia } from './territory.js';

const INTERCEPT =
  /\b(?:shot down|shoots down|downed|intercepted|intercepts|destroyed|neutrali[sz]ed|suppressed|jammed)\s+(?:[\w'’/.-]+\s+){0,5}?(?:drones?|UAVs?|Shaheds?|Gerans?|missiles?|rockets?|projectiles?|guided (?:aerial )?bombs?|glide bombs?|KABs?)\b|\b(?:drones?|UAVs?|missiles?|Shaheds?)\b[^.;]{0,60}?\b(?:were|was) (?:all )?(?:shot down|downed|intercepted|destroyed|neutrali[sz]ed|suppressed|jammed)\b|\b(?:repel(?:led|s)?|repuls(?:ed|es)?|thwarted)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:drone|missile|UAV|air|aerial)\s+(?:attacks?|strikes?|raids?)\b|\bair defen[cs]es? (?:shot down|destroyed|intercepted)\b|\b(?:shot down|downed|intercepted)\s+(?:\d+|all|most|some|several|many|dozens|half)\s+of them\b/i;
const DEFUSE =
  /\b(?:defused|deactivated|disarmed|dismantled|cleared|seized|confiscated|found|discovered|removed)\s+(?:[\w'’/.-]+\s+){0,6}?(?:missiles?|bombs?|mines?|landmines?|explosive(?: device)?s?|IEDs?|munitions?|ammunition|grenades?|ordnance|shells?|warheads?)\b/i;

/** Strategic developments / Disrupted weapons use: drones and missiles shot down or intercepted, explosives defused or seized. */
export const disruptedWeapons: Rule = {
  name: 'disrupted-weapons',
  // the first words of INTERCEPT's branches and of DEFUSE
  needs: [
    [
      'shot',
      'shoots',
      'downed',
      'intercepted',
      'intercepts',
      'destroyed',
      'neutralised',
      'neutralized',
      'suppressed',
      'jammed',
      'drone',
      'drones',
      'uav',
      'uavs',
      'missile',
      'missiles',
      'shahed',
      'shaheds',
      'repel',
      'repelled',
      'repels',
      'repuls',
      'repulsed',
      'repulses',
      'thwarted',
      'air',
      'defused',
      'deactivated',
      'disarmed',
      'dismantled',
      'cleared',
      'seized',
      'confiscated',
      'found',
      'discovered',
      'removed',
    ],
  ],
  match(view) {
    let at = find(view, INTERCEPT);
    if (at < 0) at = find(view, DEFUSE);
    if (at < 0) return null;
    const agent = pickAgent(view, new Set(['force', 'unit', 'body', 'group']));
    return {
      eventType: 'Strategic developments',
      subEventType: 'Disrupted weapons use',
      trigger: at,
      actor1: agent,
      actor2: otherParty(view, agent),
      confidence: 0.75,
    };
  },
};

const BASE =
  /\b(?:established|set up|setting up|sets up|built|opened|deployed)\s+(?:\w+\s+){0,4}?(?:military presence|bases?|headquarters|HQ|command posts?|garrisons?|checkpoints?|outposts?|camps?)\b/i;

/** Strategic developments / Headquarters or base established. */
export const baseEstablished: Rule = {
  name: 'base-established',
  needs: [
    ['established', 'set', 'setting', 'sets', 'built', 'opened', 'deployed'],
    // "military presence", "command post"
    [
      'military',
      'base',
      'bases',
      'headquarters',
      'hq',
      'command',
      'garrison',
      'garrisons',
      'checkpoint',
      'checkpoints',
      'outpost',
      'outposts',
      'camp',
      'camps',
    ],
  ],
  match(view) {
    const at = find(view, BASE);
    if (at < 0) return null;
    const agent = pickAgent(view, new Set(['force', 'unit', 'body', 'group', 'official']));
    return {
      eventType: 'Strategic developments',
      subEventType: 'Headquarters or base established',
      trigger: at,
      actor1: agent,
      actor2: null,
      confidence: 0.6,
    };
  },
};

const ARREST = /\b(?:arrested|detained|apprehended|taken into custody|detains|arrests)\b/i;

/** Strategic developments / Arrests: a state body detaining people (not as part of a protest, see protest.ts). */
export const arrests: Rule = {
  name: 'arrests',
  needs: [['arrested', 'detained', 'apprehended', 'custody', 'detains', 'arrests']],
  match(view) {
    const at = find(view, ARREST);
    if (at < 0) return null;
    const agent = pickAgent(view, new Set(['force', 'unit', 'body']));
    const detained = view.actors.find((a) => a !== agent && a.kind === 'civilians') ?? null;
    // on Russian soil Russia's border guards, FSB or police arrest as the state's police
    if (agent?.side === 'russia' && inRussia(view.text)) {
      return {
        eventType: 'Strategic developments',
        subEventType: 'Arrests',
        trigger: at,
        actor1: { ...agent, acledName: 'Police Forces of Russia (2000-)' },
        actor2: detained,
        confidence: 0.55,
      };
    }
    // civilians detained by an occupying force are abducted in ACLED's coding, not arrested by an authority
    if (agent?.side === 'russia' && detained) {
      return {
        eventType: 'Violence against civilians',
        subEventType: 'Abduction/forced disappearance',
        trigger: at,
        actor1: agent,
        actor2: detained,
        confidence: 0.55,
      };
    }
    return {
      eventType: 'Strategic developments',
      subEventType: 'Arrests',
      trigger: at,
      actor1: agent,
      actor2: view.actors.find((a) => a !== agent && a.kind === 'civilians') ?? null,
      confidence: 0.55,
    };
  },
};

const AGREEMENT =
  /\b(?:signed (?:an? |the )?(?:agreement|deal|memorandum|accord)|agreed (?:to|on) (?:a |an )?(?:ceasefire|truce|exchange|swap)|prisoner (?:exchange|swap)|exchanged (?:\w+\s+){0,3}prisoners|swapped (?:\w+\s+){0,3}prisoners|returned (?:\w+\s+){0,3}(?:prisoners|bodies) (?:in|as part of) an exchange|bodies of (?:\d[\d,]*\s+)?(?:\w+\s+){0,2}(?:soldiers|servicemen|defenders|troops) (?:were|was|have been) (?:returned|repatriated|handed over)|repatriat(?:ed|ion of) (?:the )?(?:bodies|remains))\b/i;

/**
 * Strategic developments / Agreement: ceasefires, exchanges of prisoners or bodies, signed deals. A state named bare
 * ("Ukraine and Russia exchanged …") is a party as its government.
 */
export const agreement: Rule = {
  name: 'agreement',
  needs: [
    [
      'signed',
      'agreed',
      'prisoner',
      'exchanged',
      'swapped',
      'returned',
      'bodies',
      'repatriated',
      'repatriation',
    ],
  ],
  match(view) {
    const at = find(view, AGREEMENT);
    if (at < 0) return null;
    const agent = pickAgent(view, new Set(['force', 'body', 'official', 'state']));
    const other = otherParty(view, agent) ?? counterpart(view, agent);
    return {
      eventType: 'Strategic developments',
      subEventType: 'Agreement',
      trigger: at,
      actor1: asGovernment(agent),
      actor2: asGovernment(other),
      confidence: 0.6,
    };
  },
};

const BARE_STATE: Readonly<Record<'russia' | 'ukraine', RegExp>> = {
  ukraine: /\b(?:Ukraine|Kyiv)\b(?!['’]s\s)/,
  russia: /\b(?:Russia|Moscow)\b(?!['’]s\s)/,
};

/**
 * The other party of an exchange or a deal named bare as a state or its capital ("Ukraine and Russia exchanged …",
 * "Kyiv and Moscow swapped …"): the actor extractor reads a bare "Ukraine" as a place, so it is built here as that
 * government.
 */
function counterpart(view: SentenceView, agent: ActorMention | null): ActorMention | null {
  if (agent?.side !== 'russia' && agent?.side !== 'ukraine') return null;
  const side = agent.side === 'russia' ? 'ukraine' : 'russia';
  const m = BARE_STATE[side].exec(view.text);
  if (!m) return null;
  const start = view.sentence.span.start + m.index;
  return {
    span: { start, end: start + m[0].length },
    text: m[0],
    kind: 'state',
    side,
    name: side === 'ukraine' ? 'Ukraine' : 'Russia',
    acledName: GOVERNMENT[side] ?? '',
  };
}

const LOOTING =
  /\b(?:loot(?:ed|ing)|plunder(?:ed|ing)|vandali[sz](?:ed|ing)|set fire to|set on fire|torched|burned down|arson)\b/i;

/** Strategic developments / Looting/property destruction: without weapons fired (those are explosions). */
export const looting: Rule = {
  name: 'looting',
  // "set fire to", "set on fire"
  needs: [
    [
      'looted',
      'looting',
      'plundered',
      'plundering',
      'vandalised',
      'vandalized',
      'vandalising',
      'vandalizing',
      'fire',
      'torched',
      'burned',
      'arson',
    ],
  ],
  match(view) {
    const at = find(view, LOOTING);
    if (at < 0) return null;
    const agent = pickAgent(view, new Set(['force', 'unit', 'group', 'rioters', 'protesters']));
    return {
      eventType: 'Strategic developments',
      subEventType: 'Looting/property destruction',
      trigger: at,
      actor1: agent,
      actor2: view.actors.find((a) => a.kind === 'civilians') ?? null,
      confidence: 0.55,
    };
  },
};

// What a state can leave that is not ground: a deal, a treaty, talks, a body ("withdrew from the Black Sea Grain
// Initiative", "pulled out of the talks", "left the Council of Europe").
const PACT = String.raw`(?:agreements?|deals?|treat(?:y|ies)|accords?|initiative|Initiative|talks|negotiations|conventions?|Convention|pacts?|memorandum|Memorandum|council|Council|organi[sz]ation|Organi[sz]ation|format|mechanism|framework|charter|Charter|obligations|moratorium)`;
const WITHDRAW_FROM_PACT = new RegExp(
  String.raw`\b(?:withdr[ae]w(?:n|s|ing)?|pull(?:ed|s|ing)? out|exit(?:ed|s|ing)?|quit|left|suspend(?:ed|s|ing)? (?:its |their )?participation|walk(?:ed|s)? (?:out|away)|Withdr[ae]w(?:n|s|ing)?)\s+(?:(?:from|of|in)\s+)?(?:the\s+|an?\s+|its\s+)?(?:(?:[A-Z][\w'’-]*|grain|peace|ceasefire|nuclear|arms|control|security|export|transit|gas|energy|bilateral|trilateral|humanitarian|prisoner|exchange|\d{4})\s+){0,5}?${PACT}\b`,
);
const WITHDRAW = new RegExp(
  String.raw`\b(?:withdrew|retreated|pulled out|pulled back|abandoned|left)\s+(?:from\s+)?(?:the\s+)?(?:(?:town|city|village|settlement|positions?)\b|(?<!left\s+(?:the\s+)?)[A-Z](?!(?:[\w'’-]*\s+){0,5}?${PACT}\b))`,
);
const STATE = /^(?:Russia|Ukraine|Moscow|Kyiv|Kiev|the Kremlin|Kremlin)$/;
const GOVERNMENT: Readonly<Record<string, string>> = {
  russia: 'Government of Russia (2000-)',
  ukraine: 'Government of Ukraine (2019-)',
};

/** A state named bare ("Russia", "Kyiv") acting in politics is its government in ACLED's coding. */
function asGovernment(a: ActorMention | null): ActorMention | null {
  return a && STATE.test(a.text.trim()) && GOVERNMENT[a.side] ? { ...a, acledName: GOVERNMENT[a.side] } : a;
}

/**
 * Strategic developments / Other: a state leaving a deal, a treaty or talks ("Russia withdrew from the Black Sea
 * Grain Initiative") is a notable political development, not ground changing hands; the state acts as its
 * government.
 */
export const pactExit: Rule = {
  name: 'pact-exit',
  needs: [
    [
      'withdraw',
      'withdrew',
      'withdrawn',
      'withdrewn',
      'withdraws',
      'withdrews',
      'withdrawing',
      'withdrewing',
      'pull',
      'pulled',
      'pulls',
      'pulling',
      'exit',
      'exited',
      'exits',
      'exiting',
      'quit',
      'left',
      'suspend',
      'suspended',
      'suspends',
      'suspending',
      'walk',
      'walked',
      'walks',
    ],
    // PACT's words
    [
      'agreement',
      'agreements',
      'deal',
      'deals',
      'treaty',
      'treaties',
      'accord',
      'accords',
      'initiative',
      'talks',
      'negotiations',
      'convention',
      'conventions',
      'pact',
      'pacts',
      'memorandum',
      'council',
      'organisation',
      'organization',
      'format',
      'mechanism',
      'framework',
      'charter',
      'obligations',
      'moratorium',
    ],
  ],
  match(view) {
    const at = find(view, WITHDRAW_FROM_PACT);
    if (at < 0) return null;
    const agent = pickAgent(view, new Set(['force', 'body', 'official', 'state']));
    const government = asGovernment(agent);
    return {
      eventType: 'Strategic developments',
      subEventType: 'Other',
      trigger: at,
      actor1: government,
      actor2: null,
      confidence: 0.5,
    };
  },
};

/**
 * Strategic developments / Non-violent transfer of territory: a withdrawal without reported fighting. ACLED's actor1
 * is the side that acquires the ground, so the one that pulled out is actor2 ("Ukrainian forces withdrew from
 * positions near Sudzha" → actor1 Russia).
 */
export const territoryTransfer: Rule = {
  name: 'territory-transfer',
  needs: [['withdrew', 'retreated', 'pulled', 'abandoned', 'left']],
  match(view) {
    const at = find(view, WITHDRAW);
    if (at < 0) return null;
    const leaver = pickAgent(view);
    if (!leaver) return null;
    const sides = leaver.side === 'russia' || leaver.side === 'ukraine';
    const taker = otherParty(view, leaver);
    return {
      eventType: 'Strategic developments',
      subEventType: 'Non-violent transfer of territory',
      trigger: at,
      actor1: sides ? taker : leaver,
      actor2: sides ? leaver : taker,
      ...(sides && !taker ? { defaultActor1: gainer(leaver.side) } : {}),
      confidence: 0.5,
    };
  },
};

const VISIT =
  /\b(?:visit(?:ed|s|ing)?|met with|meets with|has met|toured|inspected|presented (?:\w+\s+){0,3}(?:state )?awards|awarded|handed (?:over )?(?:state )?awards)\b/i;
const MILITARY_PLACE =
  /\b(?:troops|soldiers|servicemen|warriors|defenders|command post|positions|front(?:line)?|brigade|corps|units?|military|frontline|sector|awards)\b/i;

/**
 * Strategic developments / Other: a notable non-violent development, e.g. a head of state visiting a command post and
 * handing out awards.
 */
export const officialVisit: Rule = {
  name: 'official-visit',
  needs: [
    [
      'visit',
      'visited',
      'visits',
      'visiting',
      'met',
      'meets',
      'toured',
      'inspected',
      'presented',
      'awarded',
      'handed',
    ],
    // MILITARY_PLACE's words ("command post")
    [
      'troops',
      'soldiers',
      'servicemen',
      'warriors',
      'defenders',
      'command',
      'positions',
      'front',
      'frontline',
      'brigade',
      'corps',
      'unit',
      'units',
      'military',
      'sector',
      'awards',
    ],
  ],
  match(view) {
    const at = find(view, VISIT);
    if (at < 0 || !MILITARY_PLACE.test(view.text)) return null;
    const official = view.actors.find((a) => a.kind === 'official');
    if (!official) return null;
    const unit =
      view.actors.find((a) => a !== official && a.kind === 'unit') ??
      view.actors.find((a) => a !== official && a.kind === 'force') ??
      null;
    return {
      eventType: 'Strategic developments',
      subEventType: 'Other',
      trigger: at,
      actor1: official,
      actor2: unit,
      confidence: 0.7,
    };
  },
};

const CHANGE =
  /\b(?:formed|created|established|disbanded|merged|renamed|reorgani[sz]ed|announced the (?:creation|formation)(?: of)?)\s+(?:\w+\s+){0,4}(?:brigades?|corps|units?|battalions?|regiments?|divisions?|group)\b/i;

/** Strategic developments / Change to group/activity: forming, merging, disbanding armed units. */
export const groupChange: Rule = {
  name: 'group-change',
  needs: [
    [
      'formed',
      'created',
      'established',
      'disbanded',
      'merged',
      'renamed',
      'reorganised',
      'reorganized',
      'announced',
    ],
    [
      'brigade',
      'brigades',
      'corps',
      'unit',
      'units',
      'battalion',
      'battalions',
      'regiment',
      'regiments',
      'division',
      'divisions',
      'group',
    ],
  ],
  match(view) {
    const at = find(view, CHANGE);
    if (at < 0) return null;
    const agent = pickAgent(view, new Set(['force', 'unit', 'body', 'official', 'group']));
    return {
      eventType: 'Strategic developments',
      subEventType: 'Change to group/activity',
      trigger: at,
      actor1: agent,
      actor2: null,
      confidence: 0.5,
    };
  },
};
