import type { ActorKind, ActorMention, Sentence, Side } from '../../domain/index.js';
import { gateWords } from '../words.js';

/** ACLED actor names used at the edges (ACLED's own spelling, including the era in brackets). */
export const ACLED_ACTORS = {
  russia: 'Military Forces of Russia (2000-)',
  russiaAir: 'Military Forces of Russia (2000-) Air Force',
  russiaGovernment: 'Government of Russia (2000-)',
  dpr: "Military Forces of Russia (2000-) Donetsk People's Militia",
  lpr: "Military Forces of Russia (2000-) Luhansk People's Militia",
  naf: 'NAF: United Armed Forces of Novorossiya',
  ukraine: 'Military Forces of Ukraine (2019-)',
  ukraineAir: 'Military Forces of Ukraine (2019-) Air Force',
  ukraineNationalGuard: 'Military Forces of Ukraine (2019-) National Guard',
  ukraineGovernment: 'Government of Ukraine (2019-)',
  ukrainePolice: 'Police Forces of Ukraine (2019-)',
  sbu: 'Police Forces of Ukraine (2019-) Security Service of Ukraine',
  emergency: 'Police Forces of Ukraine (2019-) State Emergency Service of Ukraine',
  civilians: 'Civilians (Ukraine)',
  protesters: 'Protesters (Ukraine)',
  rioters: 'Rioters (Ukraine)',
  partisans: 'Communal Militia (Ukraine)',
  unidentified: 'Unidentified Military Forces',
  unidentifiedGroup: 'Unidentified Armed Group (Ukraine)',
  moldovaPolice: 'Police Forces of Moldova (2020-)',
  belarus: 'Military Forces of Belarus (1994-)',
  afghanistan: 'Military Forces of Afghanistan (2021-)',
  afghanistanPolice: 'Police Forces of Afghanistan (2021-)',
} as const;

export interface ActorRule {
  readonly pattern: RegExp;
  readonly kind: ActorKind;
  readonly side: Side;
  readonly name: string;
  readonly acledName: string;
  readonly assocName?: string;
  /**
   * Words (lower-cased runs of `\w`) that every match holds whole: one of each list. A text without them cannot match,
   * so its scan is skipped. Sound for patterns without the `u` flag, whose `\b` and letters are ASCII ones.
   */
  readonly needs?: readonly (readonly string[])[];
}

const RU = "(?:Russian|Russia's|Russia)";
const UA = "(?:Ukrainian|Ukraine's|Ukraine)";
const FORCE_NOUN =
  '(?:armed forces|forces|snipers?|officers?|guards|prisoners of war|POWs|[Cc]ommanders|troops|army|military|soldiers|soldier|servicemen|serviceman|units|unit|infantry|assault groups?|sabotage groups?|occupiers|invaders|fighters|marines|paratroopers|defenders|positions|military forces|Forces|Army|Armed Forces)';
const AIR_NOUN =
  '(?:air ?forces|aviation|aircraft|warplanes?|jets?|fighter jets?|bombers?|helicopters?|drones?|UAVs?|Shaheds?|Air Force|Aerospace Forces|(?:guided |glide |aerial |cluster |air-dropped )*(?:aerial )?bombs?|air ?strikes?|air raids?)';
// "Two Russian ballistic missiles struck …", "a Russian attack drone": a weapon named with its side names the side
// that fired it; the words that may stand between them.
const WEAPON_ADJ =
  '(?:(?:ballistic|cruise|hypersonic|anti-ship|guided|artillery|rocket|missile|combined|massive|massed|large-scale|heavy|overnight|mechani[sz]ed|armou?red|infantry|ground|[A-Z][\\w-]*-type|Iskander(?:-[MK])?|Kalibr|Kinzhal|Kh-\\d+\\w*|S-300|S-400|Tochka(?:-U)?|Oniks|Zircon|Shahed(?:-\\d+)?|Geran(?:-\\d+)?|Lancet|FPV|kamikaze|attack|strike)\\s+){0,2}';

// The words of the weapon nouns and of "air defence" below, for the rules' `needs`.
const WEAPON_WORDS = [
  'shelling',
  'artillery',
  'strike',
  'strikes',
  'attack',
  'attacks',
  'missile',
  'missiles',
  'rocket',
  'rockets',
  'shell',
  'shells',
  'projectile',
  'projectiles',
  'offensive',
  'advance',
  'assault',
  'assaults',
  'fire',
];
const DEFENCE_WORDS = ['defence', 'defences', 'defense', 'defenses'];

// Order matters only for ties: overlapping matches keep the longest, then the earliest rule.
/** The rule table (exported for the test that checks each rule's `needs` against its pattern). */
export const ACTOR_RULES: readonly ActorRule[] = [
  // named units, e.g. "1st Corps of the National Guard of Ukraine "Azov"", "47th Mechanized Brigade"
  {
    pattern:
      /\b\d{1,3}(?:st|nd|rd|th|-?(?:st|nd|rd|th|d))?\s+(?:Separate\s+)?(?:[A-Z][a-z]+(?:[- ][A-Z][a-z]+){0,3}\s+)?(?:Brigade|Regiment|Battalion|Corps|Division|Army|brigade|regiment|battalion|corps|division)(?:\s+of the National Guard(?: of Ukraine)?)?(?:\s+["“'][^"”']{2,30}[,.]?["”'])?/g,
    kind: 'unit',
    side: 'unknown',
    name: '',
    acledName: '',
  },
  {
    pattern:
      /\b(?:the\s+)?(?:["“']Azov["”']|Azov)\b(?:\s+(?:brigade|Brigade|Corps|regiment|Regiment|soldiers|troops|fighters))?/g,
    kind: 'unit',
    side: 'ukraine',
    name: 'Azov',
    needs: [['azov']],
    acledName: ACLED_ACTORS.ukraine,
    assocName: ACLED_ACTORS.ukraineNationalGuard,
  },
  // officials
  {
    pattern:
      /\b(?:President\s+)?(?:Volodymyr\s+)?Zelensky(?:y|i)?(?:'s)?\b|\b(?:Ukraine's|Ukrainian) President\b/g,
    kind: 'official',
    side: 'ukraine',
    name: 'President of Ukraine',
    needs: [['zelensky', 'zelenskyy', 'zelenskyi', 'president']],
    acledName: ACLED_ACTORS.ukraineGovernment,
  },
  {
    pattern: /\b(?:President\s+)?(?:Vladimir\s+)?Putin(?:'s)?\b|\b(?:Russia's|Russian) President\b/g,
    kind: 'official',
    side: 'russia',
    name: 'President of Russia',
    needs: [['putin', 'president']],
    acledName: ACLED_ACTORS.russiaGovernment,
  },
  {
    pattern:
      /\b(?:Oleksandr\s+)?Syrskyi\b|\bCommander-in-Chief(?: of the Armed Forces of Ukraine| of Ukraine's Armed Forces)?\b/g,
    kind: 'official',
    side: 'ukraine',
    name: 'Commander-in-Chief of the Armed Forces of Ukraine',
    needs: [['syrskyi', 'commander']],
    acledName: ACLED_ACTORS.ukraine,
  },
  // bodies
  {
    pattern:
      /\b(?:the\s+)?(?:Ukraine's\s+|Ukrainian\s+)?General Staff(?: of (?:the )?(?:Ukraine's Armed Forces|Armed Forces of Ukraine|the Armed Forces|Ukraine))?(?:'s)?/g,
    kind: 'body',
    side: 'ukraine',
    name: 'General Staff of the Armed Forces of Ukraine',
    needs: [['general']],
    acledName: ACLED_ACTORS.ukraine,
  },
  {
    pattern: new RegExp(
      `\\b${RU}\\s+(?:Defen[cs]e Ministry|Ministry of Defen[cs]e|MoD)|\\b(?:the\\s+)?Russian MoD\\b|\\bRussia's\\s+(?:Defen[cs]e Ministry|Ministry of Defen[cs]e)`,
      'g',
    ),
    kind: 'body',
    side: 'russia',
    name: 'Ministry of Defence of Russia',
    acledName: ACLED_ACTORS.russia,
  },
  {
    pattern: new RegExp(
      `\\b${UA}\\s+(?:Defen[cs]e Ministry|Ministry of Defen[cs]e)|\\bMinistry of Defen[cs]e of Ukraine\\b`,
      'g',
    ),
    kind: 'body',
    side: 'ukraine',
    name: 'Ministry of Defence of Ukraine',
    needs: [
      ['ukraine', 'ukrainian'],
      ['defence', 'defense', 'ministry'],
    ],
    acledName: ACLED_ACTORS.ukraineGovernment,
  },
  {
    pattern:
      /\b(?:[A-Z][a-z]+ Oblast |regional |oblast )?(?:Governor|governor|Military Administration|military administration|Regional State Administration)\b(?: [A-Z][a-z]+ [A-Z][a-z]+)?/g,
    kind: 'body',
    side: 'ukraine',
    name: 'Regional Military Administration',
    needs: [['governor', 'administration']],
    acledName: ACLED_ACTORS.ukraineGovernment,
  },
  {
    pattern: /\b(?:the\s+)?(?:Security Service of Ukraine|SBU)\b/g,
    kind: 'body',
    side: 'ukraine',
    name: 'Security Service of Ukraine',
    needs: [['sbu', 'security']],
    acledName: ACLED_ACTORS.sbu,
  },
  {
    pattern:
      /\b(?:the\s+)?State [Ee]mergency [Ss]ervice(?: of Ukraine)?\b|\bemergency services\b|\bdeminers\b|\bsappers\b/g,
    kind: 'body',
    side: 'ukraine',
    name: 'State Emergency Service of Ukraine',
    needs: [['emergency', 'deminers', 'sappers']],
    acledName: ACLED_ACTORS.emergency,
  },
  {
    // "a police building", "the police station" name a place, not the police acting
    pattern:
      /\b(?:Ukrainian |the )?(?:[Pp]olice|National Police)\b(?!\s+(?:building|station|department|headquarters|office|car|vehicle|checkpoint|inspectorate)s?\b)/g,
    kind: 'force',
    side: 'ukraine',
    name: 'National Police of Ukraine',
    needs: [['police']],
    acledName: ACLED_ACTORS.ukrainePolice,
  },
  // sea drones are Ukraine's in this war (no other side uses them against ships and ports) and not an air arm: the
  // longer match wins over "Ukrainian … drones" below
  {
    pattern:
      /\b(?:(?:Ukrainian|Ukraine's)\s+)?(?:naval|sea|maritime|surface|unmanned surface)\s+(?:strike\s+|attack\s+|kamikaze\s+)?(?:drones?|vessels?|boats?)\b|\bUSVs?\b/g,
    kind: 'force',
    side: 'ukraine',
    name: 'Ukrainian naval drones',
    needs: [['drone', 'drones', 'vessel', 'vessels', 'boat', 'boats', 'usv', 'usvs']],
    acledName: ACLED_ACTORS.ukraine,
  },
  // ships and fleets are their navy's, which ACLED codes as the state's military forces
  {
    pattern: new RegExp(
      `\\b${RU}\\s+(?:(?:Black Sea|Baltic|Northern|Pacific)\\s+Fleet|[Nn]avy|(?:(?:patrol|landing|missile|large|small|reconnaissance|cargo|military|naval)\\s+){0,2}(?:warships?|ships?|boats?|vessels?|submarines?|corvettes?|frigates?|tugs?))\\b|\\b(?:the\\s+)?(?:Russian\\s+)?Black Sea Fleet\\b`,
      'g',
    ),
    kind: 'force',
    side: 'russia',
    name: 'Russian navy',
    needs: [
      [
        'fleet',
        'navy',
        'warship',
        'warships',
        'ship',
        'ships',
        'boat',
        'boats',
        'vessel',
        'vessels',
        'submarine',
        'submarines',
        'corvette',
        'corvettes',
        'frigate',
        'frigates',
        'tug',
        'tugs',
      ],
    ],
    acledName: ACLED_ACTORS.russia,
  },
  // the occupation's administrators and police act as Russia's forces in ACLED's coding of occupied Ukraine
  {
    pattern:
      /\b(?:Russian(?:-installed)?|Russia-installed|occupation|occupying)\s+(?:authorities|officials|police|administration|security forces|National Guard|Rosgvardia)\b|\bRosgvardia\b/g,
    kind: 'force',
    side: 'russia',
    name: 'Russian occupation authorities',
    needs: [['authorities', 'officials', 'police', 'administration', 'security', 'national', 'rosgvardia']],
    acledName: ACLED_ACTORS.russia,
  },
  // Russia's groups of forces by name ("Units of the Tsentr group of forces liberated …", the MoD's wording)
  {
    pattern:
      /\b(?:[Uu]nits of\s+)?(?:the\s+)?(?:Tsentr|Center|Centre|Vostok|East|Zapad|West|Yug|South|Sever|North|Dnepr|Dnipro)\s+(?:[Gg]roup(?:ing)? of (?:[Ff]orces|[Tt]roops))\b/g,
    kind: 'force',
    side: 'russia',
    name: 'Russian forces',
    needs: [
      ['group', 'grouping'],
      ['forces', 'troops'],
    ],
    acledName: ACLED_ACTORS.russia,
  },
  // Russia's security service polices Russia's own ground (arrests at the border, in occupied towns it acts as a force)
  {
    pattern: /\b(?:(?:the|Russia's|Russian)\s+)?(?:FSB|Federal Security Service(?: of Russia)?)\b/g,
    kind: 'body',
    side: 'russia',
    name: 'Federal Security Service of Russia',
    needs: [['fsb', 'federal']],
    acledName: 'Police Forces of Russia (2000-)',
  },
  // military intelligence reports more than it acts: a body, so "… said partisans planted the bomb" keeps its agent
  {
    pattern:
      /\b(?:(?:Ukrainian|Ukraine's)\s+(?:military\s+|defen[cs]e\s+)?intelligence(?:\s+(?:agency|directorate|service))?|(?:the\s+)?(?:HUR|GUR|Main (?:Intelligence|Directorate of Intelligence)(?: Directorate)?))\b/g,
    kind: 'body',
    side: 'ukraine',
    name: 'Defence Intelligence of Ukraine',
    needs: [['intelligence', 'hur', 'gur']],
    acledName: ACLED_ACTORS.ukraine,
  },
  // another state's forces act in their own country: ACLED names them after it, never after Ukraine or Russia
  {
    pattern:
      /\b(?:Moldovan|Moldova's)\s+(?:police|law enforcement|security service|authorities|border police|prosecutors)\b|\b(?:the\s+)?(?:police|authorities) (?:in|of) Moldova\b/g,
    kind: 'force',
    side: 'other',
    name: 'Police of Moldova',
    needs: [['moldova', 'moldovan']],
    acledName: ACLED_ACTORS.moldovaPolice,
  },
  {
    pattern:
      /\b(?:Belarusian|Belarus's|Belarus')\s+(?:armed forces|forces|troops|army|military|soldiers|border guards)\b/g,
    kind: 'force',
    side: 'other',
    name: 'Belarusian forces',
    needs: [['belarus', 'belarusian']],
    acledName: ACLED_ACTORS.belarus,
  },
  {
    pattern: /\b(?:the\s+)?Taliban(?:\s+(?:police|security forces|intelligence|authorities))\b/g,
    kind: 'force',
    side: 'other',
    name: 'Taliban police',
    needs: [['taliban']],
    acledName: ACLED_ACTORS.afghanistanPolice,
  },
  {
    pattern: /\b(?:the\s+)?Taliban(?:\s+(?:forces|fighters|troops|government|militants))?\b/g,
    kind: 'force',
    side: 'other',
    name: 'Taliban',
    needs: [['taliban']],
    acledName: ACLED_ACTORS.afghanistan,
  },
  // air arms before the generic forces, so "Russian air forces" is the Air Force
  {
    pattern: new RegExp(
      `\\b${RU}\\s+(?:military\\s+)?(?:[A-Z][\\w-]*\\s+)?(?:(?:attack|fighter|strike|reconnaissance)\\s+)?${AIR_NOUN}`,
      'g',
    ),
    kind: 'force',
    side: 'russia',
    name: 'Russian Air Force',
    acledName: ACLED_ACTORS.russiaAir,
  },
  {
    pattern: new RegExp(
      `\\b${UA}\\s+(?:military\\s+)?(?:[A-Z][\\w-]*\\s+)?(?:(?:attack|fighter|strike|reconnaissance)\\s+)?${AIR_NOUN}`,
      'g',
    ),
    kind: 'force',
    side: 'ukraine',
    name: 'Ukrainian Air Force',
    acledName: ACLED_ACTORS.ukraineAir,
  },
  // air defence shoots down; it is the ground forces' arm in ACLED's coding, not the Air Force
  {
    pattern:
      /\b(?:Russian|Russia's)\s+(?:(?:S-\d{3}\w*|Pantsir(?:-S1)?|Buk(?:-M\d)?|Tor(?:-M\d)?)\s+)?air defen[cs]es?(?:\s+(?:forces|units|systems?|crews|launchers?|radars?))?\b/gi,
    kind: 'force',
    side: 'russia',
    name: 'Russian air defence',
    needs: [['russia', 'russian'], DEFENCE_WORDS],
    acledName: ACLED_ACTORS.russia,
  },
  {
    pattern: /\b(?:Ukrainian\s+|Ukraine's\s+)?air defen[cs]es?(?:\s+(?:forces|units|systems|crews))?\b/gi,
    kind: 'force',
    side: 'ukraine',
    name: 'Ukrainian air defence',
    needs: [DEFENCE_WORDS],
    acledName: ACLED_ACTORS.ukraine,
  },
  {
    pattern:
      /\b(?:DPR|Donetsk People's Republic|Donetsk People's Militia)(?:'s)?(?:\s+(?:forces|positions|troops|militia|army|Armed Forces))?/g,
    kind: 'force',
    side: 'russia',
    name: "Donetsk People's Militia",
    acledName: ACLED_ACTORS.dpr,
  },
  {
    pattern:
      /\b(?:LPR|Luhansk People's Republic|Luhansk People's Militia)(?:'s)?(?:\s+(?:forces|positions|troops|militia|army))?/g,
    kind: 'force',
    side: 'russia',
    name: "Luhansk People's Militia",
    acledName: ACLED_ACTORS.lpr,
  },
  {
    pattern:
      /\bNAF\b(?:\s+(?:rebel\s+)?(?:forces|rebels|soldiers|fighters))?|\b(?:pro-Russian |Russian-backed )?(?:rebels|separatists)\b/g,
    kind: 'force',
    side: 'russia',
    name: 'NAF',
    needs: [['naf', 'rebels', 'separatists']],
    acledName: ACLED_ACTORS.naf,
  },
  {
    pattern: new RegExp(
      `\\b${RU}(?:\\s+and\\s+Ukrainian)?(?:\\s+(?:military|armed|occupying|occupation|ground|airborne|assault|infantry|naval|special|border|EW|electronic warfare)){0,2}\\s+${FORCE_NOUN}\\b|\\b(?:the\\s+)?Military Forces of Russia\\b|\\b(?:Russian\\s+)?occupiers\\b|\\bthe\\s+Russians\\b|(?<!\\b(?:in|inside|into|of|from|across|to|within|for|against)\\s+)\\bRussia\\b(?!['’]s\\s+(?:Defen|Ministry|President))(?!(?<=,\\s*Russia)\\s*(?:[,.;:)]|$))`,
      'g',
    ),
    kind: 'force',
    side: 'russia',
    name: 'Russian forces',
    acledName: ACLED_ACTORS.russia,
  },
  {
    pattern: new RegExp(
      `\\b${UA}(?:\\s+(?:military|armed|ground|airborne|assault|infantry|naval|special|Government|government|border|EW|electronic warfare)){0,2}\\s+${FORCE_NOUN}\\b|\\b(?:the\\s+)?(?:Military Forces of Ukraine|Armed Forces of Ukraine|Defen[cs]e Forces(?: of Ukraine)?|National Guard(?: of Ukraine)?|Ukrainian military|Ukrainian army|Ukrainian defenders)\\b|\\bthe\\s+Ukrainians\\b`,
      'g',
    ),
    kind: 'force',
    side: 'ukraine',
    name: 'Ukrainian forces',
    acledName: ACLED_ACTORS.ukraine,
  },
  // the state named bare as the subject of an act of war ("Ukraine struck the pumping station", "Ukraine downed 90
  // drones") is its forces, as a bare "Russia" is above; "Ukrainian-made missiles" name the side that fired them
  {
    pattern:
      /\bUkraine(?=\s+(?:has\s+|had\s+|also\s+|then\s+)?(?:struck|strikes|launched|attacked|hit|shelled|fired|shot down|downed|destroyed|neutrali[sz]ed|intercepted|carried out|targeted|bombed|retook|recaptured|liberated|repelled|repulsed)\b)|\bUkrainian-(?:made|built|produced)\s+(?:[\w“”"'-]+\s+){0,2}?(?:missiles?|drones?|rockets?|UAVs?)\b/g,
    kind: 'force',
    side: 'ukraine',
    name: 'Ukrainian forces',
    needs: [['ukraine', 'ukrainian']],
    acledName: ACLED_ACTORS.ukraine,
  },
  // Ukrainian bodies (the General Staff, regional administrations) write "the enemy" for Russia's forces
  {
    pattern:
      /\b(?:the\s+)?enemy(?:\s+(?:forces|troops|army|units|soldiers|infantry|aviation|assault groups?|sabotage groups?))?\b(?!\s+(?:of|within)\b)/g,
    kind: 'force',
    side: 'russia',
    name: 'Russian forces',
    needs: [['enemy']],
    acledName: ACLED_ACTORS.russia,
  },
  // "Ukrainian shelling", "Russian missile strikes": the side named by its weapon or action
  {
    pattern: new RegExp(
      `\\b${RU}\\s+${WEAPON_ADJ}(?:shelling|artillery|strikes?|attacks?|missiles?|rockets?|shells?|projectiles?|offensive|advance|assaults?|fire)\\b`,
      'g',
    ),
    kind: 'force',
    side: 'russia',
    name: 'Russian forces',
    needs: [['russia', 'russian'], WEAPON_WORDS],
    acledName: ACLED_ACTORS.russia,
  },
  {
    pattern: new RegExp(
      `\\b${UA}\\s+${WEAPON_ADJ}(?:shelling|artillery|strikes?|attacks?|missiles?|rockets?|shells?|projectiles?|offensive|advance|assaults?|fire|counteroffensive)\\b`,
      'g',
    ),
    kind: 'force',
    side: 'ukraine',
    name: 'Ukrainian forces',
    needs: [
      ['ukraine', 'ukrainian'],
      [...WEAPON_WORDS, 'counteroffensive'],
    ],
    acledName: ACLED_ACTORS.ukraine,
  },
  {
    pattern:
      /\b(?:local\s+|Ukrainian\s+|pro-Ukrainian\s+)?(?:partisans?|resistance (?:movement|fighters))\b/g,
    kind: 'group',
    side: 'ukraine',
    name: 'Partisans',
    needs: [['partisan', 'partisans', 'resistance']],
    acledName: ACLED_ACTORS.partisans,
  },
  {
    pattern: /\bRight Sector\b/g,
    kind: 'group',
    side: 'other',
    name: 'Right Sector',
    needs: [['sector']],
    acledName: 'Right Sector',
  },
  {
    pattern:
      /\b(?:unidentified|unknown)\s+(?:armed\s+)?(?:forces|gunmen|assailants|perpetrators|group|persons|people)\b/g,
    kind: 'group',
    side: 'unknown',
    name: 'Unidentified armed group',
    needs: [['unidentified', 'unknown']],
    acledName: ACLED_ACTORS.unidentified,
  },
  {
    pattern: /\b(?:protesters|demonstrators|protestors|activists|rally participants|picketers)\b/gi,
    kind: 'protesters',
    side: 'other',
    name: 'Protesters',
    needs: [['protesters', 'demonstrators', 'protestors', 'activists', 'rally', 'picketers']],
    acledName: ACLED_ACTORS.protesters,
  },
  {
    pattern: /\b(?:rioters|a group of (?:people|men|youths)|mob)\b/gi,
    kind: 'rioters',
    side: 'other',
    name: 'Rioters',
    needs: [['rioters', 'group', 'mob']],
    acledName: ACLED_ACTORS.rioters,
  },
  {
    pattern:
      /\b(?:civilians?|residents?|locals|inhabitants|passers-by|(?:an? |the )?(?:\d+-year-old )?(?:woman|women|man|men|boys?|girls?|child|children|teenagers?|pensioners?|elderly (?:woman|man)|family|patients|volunteers?|journalists?|medics?|doctors?|nurses?|teachers?|students?|pupils?|power engineers|workers|people|person|victims?|(?:tractor |truck |bus |taxi )?drivers?|farmers?|citizens?|nationals))\b/gi,
    kind: 'civilians',
    side: 'civilians',
    name: 'Civilians',
    acledName: ACLED_ACTORS.civilians,
  },
];

const UNIT_UKRAINE_HINT = /\b(?:Ukrain|National Guard|Azov|of Ukraine)/;
const UNIT_RUSSIA_HINT = /\bRussia(?:n|'s)?\b/;

function unitMention(text: string, start: number, sentenceText: string): Omit<ActorMention, 'span' | 'text'> {
  const name = text.replace(/[,.]+(["”'])$/, '$1').trim();
  const around = sentenceText.slice(Math.max(0, start - 30), start);
  const russian = UNIT_RUSSIA_HINT.test(around) && !UNIT_UKRAINE_HINT.test(text);
  const nationalGuard = /National Guard|Azov/.test(text) || /National Guard/.test(around);
  return {
    kind: 'unit',
    side: russian ? 'russia' : 'ukraine',
    name,
    acledName: russian ? ACLED_ACTORS.russia : ACLED_ACTORS.ukraine,
    ...(russian
      ? {}
      : { assocName: nationalGuard ? ACLED_ACTORS.ukraineNationalGuard : ACLED_ACTORS.ukraine }),
  };
}

/**
 * Finds actor mentions in each sentence: sides and forces, named units, officials, state bodies, civilians,
 * protesters. Overlapping matches keep the longest; the result is sorted by span. Pass the article `text` the
 * sentences point into (the fast path: one scan per rule); without it each sentence is read on its own.
 *
 * @example extractActors(sentences) for "Russian troops entered the city." →
 *   [{ text: 'Russian troops', kind: 'force', side: 'russia', acledName: 'Military Forces of Russia (2000-)', … }]
 */
export function extractActors(sentences: readonly Sentence[], text?: string): ActorMention[] {
  if (sentences.length === 0) return [];
  if (text === undefined) {
    // each sentence read as a text of its own, then moved back to its place
    return sentences.flatMap((s) =>
      extractActors([{ ...s, span: { start: 0, end: s.text.length } }], s.text).map((a) =>
        shift(a, s.span.start),
      ),
    );
  }
  // one pass per rule over the whole text (not one per sentence: tens of thousands of small scans), each match then
  // kept only when it lies inside one sentence
  const whole = text;
  const starts = sentences.map((s) => s.span.start);
  const sentenceAt = (pos: number): Sentence | null => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    const s = sentences[lo];
    return s.span.start <= pos && pos < s.span.end ? s : null;
  };
  const found: ActorMention[] = [];
  // the text's words, so a rule whose words are missing is not scanned (most texts name no Taliban or FSB)
  const words = gateWords(whole);
  for (const rule of ACTOR_RULES) {
    if (words && rule.needs && !rule.needs.every((any) => any.some((w) => words.has(w)))) continue;
    rule.pattern.lastIndex = 0;
    for (const m of whole.matchAll(rule.pattern)) {
      const t = m[0].replace(/\s+$/, '');
      const s = sentenceAt(m.index);
      if (!s || m.index + t.length > s.span.end) continue;
      const at = m.index - s.span.start;
      const span = { start: m.index, end: m.index + t.length };
      const fields =
        rule.name === ''
          ? unitMention(t, at, s.text)
          : {
              kind: rule.kind,
              side: rule.side,
              name: rule.name,
              acledName: rule.acledName,
              ...(rule.assocName ? { assocName: rule.assocName } : {}),
            };
      found.push({ span, text: t, ...fields });
    }
  }
  // longest first, then earliest; overlaps resolved against an occupancy map so a megabyte text stays linear
  found.sort(
    (a, b) => b.span.end - b.span.start - (a.span.end - a.span.start) || a.span.start - b.span.start,
  );
  const taken = new Uint8Array(whole.length + 1);
  const kept: ActorMention[] = [];
  for (const f of found) {
    const { start: a, end: b } = f.span;
    if (taken[a] || taken[b - 1] || taken.subarray(a, b).includes(1)) continue;
    taken.fill(1, a, b);
    kept.push(f);
  }
  return kept.sort((a, b) => a.span.start - b.span.start);
}

function shift(a: ActorMention, by: number): ActorMention {
  return { ...a, span: { start: a.span.start + by, end: a.span.end + by } };
}
