import type { Span } from './span.js';

/** Which side of the war an actor belongs to. */
export type Side = 'russia' | 'ukraine' | 'civilians' | 'other' | 'unknown';

/** What kind of actor: a force, a named unit, an official, a state body, civilians, protesters… */
export type ActorKind =
  'force' | 'unit' | 'official' | 'body' | 'civilians' | 'protesters' | 'rioters' | 'group' | 'state';

/**
 * An actor mention. `acledName` is the ACLED actor it maps to at the edges; the structured form stays inside.
 *
 * @example "the 1st Corps of the National Guard of Ukraine \"Azov\"" →
 *   { kind: 'unit', side: 'ukraine', name: '1st Corps of the National Guard of Ukraine "Azov"',
 *     acledName: 'Military Forces of Ukraine (2019-)', assocName: 'Military Forces of Ukraine (2019-) National Guard' }
 */
export interface ActorMention {
  readonly span: Span;
  readonly text: string;
  readonly kind: ActorKind;
  readonly side: Side;
  /** Our normalised name, e.g. "President of Ukraine", "General Staff of the Armed Forces of Ukraine". */
  readonly name: string;
  /** ACLED actor name, e.g. "Military Forces of Russia (2000-)". */
  readonly acledName: string;
  /** ACLED associated-actor name for named units, when it has one. */
  readonly assocName?: string;
}
