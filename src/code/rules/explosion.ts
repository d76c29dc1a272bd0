import type { ActorMention } from '../../domain/index.js';
import { find, isCasualty, isReporter, otherParty, pickAgent } from '../actors.js';
import type { Rule, SentenceView } from '../rule.js';
import { inRussia } from './territory.js';

const ARMED = new Set(['force', 'unit', 'group']);

function victims(view: SentenceView, agent: ActorMention | null): ActorMention | null {
  const civilians = view.actors.find((a) => a.kind === 'civilians');
  // civilians hit on Russian soil ("in Shebekino, Belgorod region") are Russia's civilians in ACLED's coding
  if (civilians && inRussia(view.text)) return { ...civilians, acledName: 'Civilians (Russia)' };
  return civilians ?? otherParty(view, agent, ARMED);
}

// Manned aircraft brought down from the ground: ACLED codes a surface-to-air hit as Shelling/artillery/missile attack
// (drones and missiles intercepted are Disrupted weapons use instead, in strategic.ts).
const AIRCRAFT_DOWNED =
  /\b(?:shot down|downed|destroyed|hit)\s+(?:an?\s+|the\s+|two\s+)?(?:Russian\s+|Ukrainian\s+)?(?:Su-\d+\w*|MiG-\d+\w*|Ka-\d+|Mi-\d+\w*|Tu-\d+\w*|Il-\d+\w*|A-50\w*|fighter jets?|fighter|jets?|aircraft|planes?|helicopters?|bombers?)\b/i;

const AIR =
  /\b(?:air ?strikes?|air raids?(?! (?:alerts?|alarms?|sirens?|warnings?|shelters?))|aerial (?:bomb(?:s|ing)?|attacks?)|(?<!smoke )bomb(?:ed|ing|s)?\b(?! shelters?)|guided (?:aerial )?bombs?|glide bombs?|KABs?|FABs?|cluster bombs?|RBK-\d+|drone (?:strikes?|attacks?)|drones? (?:struck|hit|attacked|dropped|strike)|dropped (?:an? )?(?:explosives?|grenades?|munitions?|bombs?|VOG)|(?:with|using|by) (?:\w+\s+)?(?:drones?|UAVs?)\b|kamikaze drones?|(?:aviation|warplanes?) (?:struck|hit|attacked|bombed|dropped|fired|carried out|conducted|launched)|(?:used|using|with|by) (?:\w+\s+)?(?:aviation|warplanes?)|(?:fighter jets?|helicopters?|aircraft) (?:struck|bombed|hit|fired)|Shaheds?|Geran|Lancets?|FPV|UAV (?:strikes?|attacks?)|(?:launched|sent|fired) (?:[\w-]+\s+){0,3}?(?:drones|UAVs)(?![^.;]{0,80}\bmissiles?\b))\b/i;
const AIR_ACTOR = /Air Force$/;
// Words every match of AIR holds whole (a word of each branch: "with … drones" holds "drones")
const AIR_WORDS = [
  'air',
  'airstrike',
  'airstrikes',
  'aerial',
  'bomb',
  'bombed',
  'bombing',
  'bombs',
  'guided',
  'glide',
  'kab',
  'kabs',
  'fab',
  'fabs',
  'cluster',
  'rbk',
  'drone',
  'drones',
  'uav',
  'uavs',
  'dropped',
  'kamikaze',
  'aviation',
  'warplane',
  'warplanes',
  'fighter',
  'helicopter',
  'helicopters',
  'aircraft',
  'shahed',
  'shaheds',
  'geran',
  'lancet',
  'lancets',
  'fpv',
];

const SHELL =
  /\b(?:shell(?:ed|ing|s)?|artillery|mortars?|MLRS|multiple rocket launchers?|rocket(?:s| attacks?| strikes?)?|missiles?|HIMARS|Grad|Smerch|Uragan|Tornado|Iskander|Kalibr|Kinzhal|Kh-\d+\w*|S-300|S-400|Tochka|ATACMS|Storm Shadow|howitzers?|tank fire|grenade launchers?|fired (?:[\w'-]+\s+){0,3}?(?:at|on|upon|into|toward|towards)|munitions|fire (?:at|on)|struck|strikes?|hit|shot down|destroyed|launched)\b/i;

// Words every match of SHELL holds whole ("Kh-101": kh, "S-300": s)
const SHELL_WORDS = [
  'shell',
  'shelled',
  'shelling',
  'shells',
  'artillery',
  'mortar',
  'mortars',
  'mlrs',
  'multiple',
  'rocket',
  'rockets',
  'missile',
  'missiles',
  'himars',
  'grad',
  'smerch',
  'uragan',
  'tornado',
  'iskander',
  'kalibr',
  'kinzhal',
  'kh',
  's',
  'tochka',
  'atacms',
  'storm',
  'howitzer',
  'howitzers',
  'tank',
  'grenade',
  'fired',
  'munitions',
  'fire',
  'struck',
  'strike',
  'strikes',
  'hit',
  'shot',
  'destroyed',
  'launched',
];

const DIRECT_FIRE = /\b(?:opened fire|fired (?:at|on|upon)|shot at|shooting at)\b/i;
const HEAVY =
  /\b(?:shell(?:ed|ing|s)?|artillery|mortars?|MLRS|rockets?|missiles?|howitzers?|tanks?|Grad|grenade launchers?|drones?|UAVs?|bombs?|aircraft|helicopters?)\b/i;

const REMOTE =
  /\b(?:(?:land)?mines? (?:exploded|blast|went off|detonated)|stepped on (?:an? )?(?:land)?mine|(?:anti-(?:tank|personnel) )?landmines?|(?:ran|drove|driven|run) over (?:an? )?(?:anti-(?:tank|personnel) )?(?:land)?mines?|(?:hit|struck|triggered) (?:an? )?(?:anti-(?:tank|personnel) )?(?:land)?mines?|anti-(?:tank|personnel) mines?|tripwire|IEDs?|improvised explosive devices?|explosive devices?|unexploded|UXO|car bomb|booby[- ]trap(?:ped)?|explosives? (?:planted|went off|detonated)|planted (?:an? |the )?(?:explosives?|bombs?|(?:explosive )?devices?)|detonated (?:an? )?(?:explosives?|bomb|device)|blew up|unknown (?:explosive|munition|grenade)|explosion of an? (?:unknown|unidentified)|(?:unknown|unidentified) explosions?\b)/i;
const SET_OFF =
  /\b(?:hit|ran over|run over|drove over|struck|stepped on|triggered|set off)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:(?:land)?mines?|tripwires?|explosive devices?|IEDs?)\b/i;
const GRENADE =
  /\b(?:threw|thrown|throwing|tossed) (?:an? )?(?:hand )?grenades?\b|\bgrenades? (?:was |were )?(?:thrown|tossed)\b/i;
const CHEMICAL =
  /\b(?:chemical (?:weapons?|munitions?|agents?|substances?)|chloropicrin|(?:tear|toxic|poison(?:ous)?) gas (?:grenades|munitions)|K-1 grenades|CS gas|poisonous substances?)\b/i;
const SUICIDE = /\bsuicide (?:bomb(?:er|ing)?|attack|drone attack)\b/i;

function explosion(
  name: string,
  re: RegExp,
  sub:
    | 'Air/drone strike'
    | 'Shelling/artillery/missile attack'
    | 'Remote explosive/landmine/IED'
    | 'Grenade'
    | 'Chemical weapon'
    | 'Suicide bomb',
  confidence: number,
  defaultActor1?: string,
): Rule {
  return {
    name,
    match(view) {
      const at = find(view, re);
      if (at < 0) return null;
      // troops opening fire on civilians with no heavy weapon named shoot them directly: an attack on civilians
      // (violence-against-civilians.ts), not shelling
      if (
        sub === 'Shelling/artillery/missile attack' &&
        DIRECT_FIRE.test(view.text) &&
        !HEAVY.test(view.text) &&
        view.actors.some((a) => a.kind === 'civilians')
      )
        return null;
      const agent = striker(view);
      if (
        sub === 'Shelling/artillery/missile attack' &&
        !agent &&
        // no agent named: only a strike told as having happened counts ("Kherson was shelled overnight")
        !/(?<!-)\b(?:shelled|struck|hit|fired|launched|attacked|bombarded|came under (?:fire|attack)|killed|killing|injured|injuring|wounded|wounding|damaged|damaging)\b/i.test(
          view.text,
        )
      ) {
        return null;
      }
      // "a Ukrainian military vehicle hit a mine": whoever sets one off is its victim; who laid it is not said; and a
      // side named only as hit ("…, injuring two Russian soldiers") is no agent
      if (
        agent &&
        ((sub === 'Remote explosive/landmine/IED' && SET_OFF.test(view.text)) || isCasualty(view, agent))
      ) {
        return {
          eventType: 'Explosions/Remote violence',
          subEventType: sub,
          trigger: at,
          actor1: null,
          actor2: agent,
          ...(defaultActor1 ? { defaultActor1 } : {}),
          confidence,
        };
      }
      return {
        eventType: 'Explosions/Remote violence',
        subEventType: sub,
        trigger: at,
        actor1: agent,
        actor2: victims(view, agent),
        ...(agent || !defaultActor1 ? {} : { defaultActor1 }),
        confidence,
      };
    },
  };
}

/** Who fired: the agent, unless the only armed actor named is the one reporting ("…, the Russian-installed mayor said"). */
function striker(view: SentenceView): ActorMention | null {
  const agent = pickAgent(view);
  return agent && isReporter(view, agent) ? null : agent;
}

/** Explosions/Remote violence / Chemical weapon. */
export const chemical: Rule = {
  ...explosion('chemical', CHEMICAL, 'Chemical weapon', 0.7),
  needs: [['chemical', 'chloropicrin', 'gas', 'grenades', 'poisonous']],
};
/** Explosions/Remote violence / Suicide bomb. */
export const suicide: Rule = { ...explosion('suicide', SUICIDE, 'Suicide bomb', 0.7), needs: [['suicide']] };
/** Explosions/Remote violence / Remote explosive/landmine/IED: mines, IEDs, planted charges, unexploded ordnance. */
export const remoteExplosive: Rule = {
  ...explosion(
    'remote-explosive',
    REMOTE,
    'Remote explosive/landmine/IED',
    0.7,
    'Unidentified Military Forces',
  ),
  // a word of each branch of REMOTE; the branches ending inside a word ("landmines", "tripwire", "IEDs", "unexploded",
  // "UXO") start one, which needsOr finds
  needs: [
    [
      'mine',
      'mines',
      'landmine',
      'landmines',
      'stepped',
      'anti',
      'ran',
      'drove',
      'driven',
      'run',
      'hit',
      'struck',
      'triggered',
      'improvised',
      'explosive',
      'explosives',
      'car',
      'booby',
      'planted',
      'detonated',
      'blew',
      'unknown',
      'explosion',
      'unidentified',
    ],
  ],
  needsOr: /\b(?:landmine|tripwire|IED|unexploded|UXO)/i,
};
/** Explosions/Remote violence / Grenade: a hand grenade thrown (not a grenade launcher, which is shelling or a clash). */
export const grenade: Rule = {
  ...explosion('grenade', GRENADE, 'Grenade', 0.6, 'Unidentified Military Forces'),
  needs: [['grenade', 'grenades']],
};
/** Explosions/Remote violence / Shelling/artillery/missile attack, for a manned aircraft shot down from the ground. */
export const aircraftDowned: Rule = {
  ...explosion('aircraft-downed', AIRCRAFT_DOWNED, 'Shelling/artillery/missile attack', 0.7),
  needs: [['shot', 'downed', 'destroyed', 'hit']],
};

/** Explosions/Remote violence / Air/drone strike: air forces, bombs, drones striking. */
export const airStrike: Rule = {
  name: 'air-strike',
  needs: [[...AIR_WORDS, ...SHELL_WORDS]],
  match(view) {
    let at = find(view, AIR);
    const agent = striker(view);
    // "Russian air forces struck …": the air arm named as the agent makes any strike an air strike
    if (at < 0 && agent && AIR_ACTOR.test(agent.acledName) && SHELL.test(view.text)) at = find(view, SHELL);
    if (at < 0) return null;
    return {
      eventType: 'Explosions/Remote violence',
      subEventType: 'Air/drone strike',
      trigger: at,
      actor1: agent,
      actor2: victims(view, agent),
      confidence: 0.75,
    };
  },
};

/** Explosions/Remote violence / Shelling/artillery/missile attack: artillery, mortars, rockets, missiles, strikes. */
export const shelling: Rule = {
  ...explosion('shelling', SHELL, 'Shelling/artillery/missile attack', 0.75),
  needs: [SHELL_WORDS],
};
