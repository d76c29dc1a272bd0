import type { Rule } from '../rule.js';
import { battle } from './battle.js';
import {
  airStrike,
  aircraftDowned,
  chemical,
  grenade,
  remoteExplosive,
  shelling,
  suicide,
} from './explosion.js';
import { protest } from './protest.js';
import { riot } from './riot.js';
import {
  agreement,
  arrests,
  baseEstablished,
  disruptedWeapons,
  groupChange,
  looting,
  officialVisit,
  pactExit,
  territoryTransfer,
} from './strategic.js';
import { territory } from './territory.js';
import { violenceAgainstCivilians } from './violence-against-civilians.js';

/**
 * The coding rules in precedence order: the first that matches a sentence codes it. The order is the codebook's (a
 * deal signed outranks the strikes it is about: "an agreement on a moratorium on strikes" is an Agreement): a
 * change of control outranks the fighting around it; fighting outranks the explosions of an ongoing battle; a weapon
 * intercepted is not a strike; a specific device (mine, grenade, gas) outranks generic shelling; air outranks
 * artillery when both struck; violence by a crowd outranks the gathering.
 */
export const RULES: readonly Rule[] = [
  officialVisit,
  pactExit,
  agreement,
  territory,
  battle,
  aircraftDowned,
  disruptedWeapons,
  chemical,
  suicide,
  remoteExplosive,
  grenade,
  airStrike,
  shelling,
  violenceAgainstCivilians,
  riot,
  protest,
  baseEstablished,
  arrests,
  looting,
  territoryTransfer,
  groupChange,
];
