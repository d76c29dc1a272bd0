import type { PlaceMention } from './place.js';
import type { Span } from './span.js';

/** What the text says a recognised name is: the unit it names, read from suffixes such as "Oblast" or "community". */
export type PlaceLevel = 'settlement' | 'admin1' | 'admin2' | 'admin3' | 'district' | 'country';

/**
 * A place name the recogniser found, before the gazetteer decides which entry it is. Produced by
 * `recognisePlaces` (nlp), consumed by `resolvePlaces` (resolve/geocode); it lives here because neither stage may
 * import the other.
 *
 * @example "30 km north of Pokrovsk" →
 * `{ span: {start: 15, end: 23}, text: 'Pokrovsk', keys: ['pokrovsk'], exact: true, level: 'settlement',
 *    offset: { km: 30, bearingDeg: 0, approximate: false, span: {start: 0, end: 23} }, … }`
 */
export interface PlaceCandidate {
  /** The name as written, without possessive or "-based" suffix. */
  readonly span: Span;
  readonly text: string;
  /**
   * Gazetteer keys (see `Gazetteer.normalise`) the name may stand for, best first. Empty for a name the gazetteer
   * does not know (found only by its context, e.g. "the village of X"): it resolves to nothing, with an issue.
   */
  readonly keys: readonly string[];
  /** False when the name matched only through spelling variants (Vodyane for Vodiane). */
  readonly exact: boolean;
  /**
   * True when the name matched no gazetteer spelling and was found one edit away because its context marks a place
   * ("shelled Tsukurune, Donetsk"): it resolves only inside the region stated beside it.
   */
  readonly fuzzy?: boolean;
  readonly level: PlaceLevel;
  /** The span including a suffix such as "Oblast", "district" or "community", when there is one. */
  readonly fullSpan: Span;
  /** ISO 3166-1 alpha-2, for a country. */
  readonly country?: string;
  /** "near", "outskirts", "direction", "sector", … as found around the name. */
  readonly qualifier?: PlaceMention['qualifier'];
  /** A settlement type word before or after the name: "the village of X", "X settlement". */
  readonly typeWord?: 'village' | 'town' | 'city' | 'settlement';
  /** "30 kilometers north of X": distance and bearing from this name, and the span of the whole phrase. */
  readonly offset?: {
    readonly km: number;
    readonly bearingDeg: number | null;
    readonly approximate: boolean;
    readonly span: Span;
  };
  /**
   * Index (into the candidate list) of the place this one qualifies: in "Hirnyk, Donetsk" or "Stepne (Sumy
   * region)" the second names the first one's region.
   */
  readonly contextOf?: number;
  /** Index of the other end of a route ("Kramatorsk–Dobropillia highway"), set on the first end; and its span. */
  readonly routeTo?: number;
  readonly routeSpan?: Span;
  /** ACLED's "(coded to X, Y region)": the event is pinned to this place. */
  readonly pinned?: boolean;
  /**
   * Which side holds the place, as the sentence implies: "Russian forces shelled X" → `ukraine`; "Ukrainian forces
   * struck DPR positions in X" → `russia`. A prior between namesakes near the front.
   */
  readonly heldBy?: 'ukraine' | 'russia';
  /** "X near Y", "X outside Y": index of Y, which X lies close to (a stronger clue than the article's coherence). */
  readonly nearOf?: number;
  /** A name of a city district written "City - District" (ACLED's "Donetsk - Kalininskyi"). */
  readonly districtOf?: number;
}
