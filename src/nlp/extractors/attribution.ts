import type { Attribution } from '../../domain/index.js';

const SAY =
  '(?:said|says|reported|reports|claimed|claims|wrote|writes|stated|states|announced|announces|posted|confirmed|confirms|added|told|noted|alleged|alleges|informed)';
const CHANNELS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bon X\b|\bon Twitter\b|\bin (?:a|an|its|his|her) (?:X|Twitter) post\b|\btweet(?:ed)?\b/, 'X'],
  [/\bFacebook\b/, 'Facebook'],
  [/\bTelegram\b/, 'Telegram'],
  [/\bInstagram\b/, 'Instagram'],
  [/\bYouTube\b/, 'YouTube'],
  [/\bpress conference\b|\bbriefing\b/i, 'press conference'],
  [/\bvideo address\b|\bevening address\b|\bnightly address\b|\bin a video\b/i, 'video address'],
  [/\binterview\b/i, 'interview'],
  [/\b(?:daily|morning|evening) (?:report|update|summary)\b|\bin its report\b|\bin a report\b/i, 'report'],
  [/\bstatement\b/i, 'statement'],
];
const HEDGES =
  /\b(?:reportedly|allegedly|purportedly|claimed|claims|claiming|unconfirmed|presumably|likely|apparently|according to (?:unconfirmed |some )?(?:reports|sources|Russian sources|Ukrainian sources|Russian media|pro-Kremlin)|could not be (?:independently )?verified|was not possible to verify)\b/i;
// Claimants named by role in lower case (", officials said", ", local authorities told reporters")
const ROLES =
  '(?:(?:local|regional|city|military|Ukrainian|Russian|Russian-installed) )?(?:officials|authorities|police|prosecutors|rescuers|witnesses|medics|doctors|emergency services)\\b';
// Who is a party to the fighting: their claims about it are marked as such.
const BELLIGERENT =
  /\b(?:General Staff|Defen[cs]e Ministry|Ministry of Defen[cs]e|MoD|Armed Forces|military|army|forces|troops|brigade|corps|regiment|Zelensky|Putin|Syrskyi|Kremlin|Russian sources|Ukrainian sources|spokesperson|spokesman|command|Air Force|Navy|Guard|governor|military administration|DPR|LPR)\b/i;

// Canonical names for claimants that recur (the rest keep the text as written).
const CANONICAL: ReadonlyArray<readonly [RegExp, string]> = [
  [/General Staff/i, 'General Staff of the Armed Forces of Ukraine'],
  [/Zelensky/i, 'Volodymyr Zelensky'],
  [/Putin/i, 'Vladimir Putin'],
  [
    /Russia(?:n|'s)? (?:Defen[cs]e Ministry|Ministry of Defen[cs]e|MoD)|Russian MoD/i,
    'Ministry of Defence of Russia',
  ],
  [/Ukrain(?:ian|e's) (?:Defen[cs]e Ministry|Ministry of Defen[cs]e)/i, 'Ministry of Defence of Ukraine'],
  [/^Russian sources$/i, 'Russian sources'],
];

function canonical(raw: string): string | null {
  const t = raw
    .replace(/^[\s,;:"“”'‘’(]+|[\s,;:"“”'‘’)]+$/g, '')
    .replace(/^(?:the|a|an)\s+/i, '')
    .trim();
  if (t.length < 2 || t.length > 80 || !/[A-Za-z]/.test(t)) return null;
  for (const [re, name] of CANONICAL) if (re.test(t)) return name;
  // a claimant is a name or a role, never a clause: reject anything carrying a verb of the event
  if (/\b(?:was|were|is|are|has|have|had|killed|shelled|attacked)\b/i.test(t)) return null;
  // "No casualties reported", "Nobody reported": the toll, not a source
  if (/^(?:no|nobody|none|casualties|fatalities|injuries|damage)\b/i.test(t)) return null;
  return t;
}

/**
 * Who asserts what a sentence reports, through which channel, and whether it is hedged. Finds "X said/wrote/claimed
 * …", "according to X", and channels such as X, Facebook, Telegram, a statement.
 *
 * @example extractAttribution('Ukrainian forces liberated two villages, the General Staff said on Oct. 26.') →
 *   { claimant: 'General Staff of the Armed Forces of Ukraine', channel: null, hedged: false, belligerent: true }
 */
export function extractAttribution(text: string): Attribution {
  let claimant: string | null = null;
  const according = /\baccording to ((?:the )?[^,.;]{2,80}?)(?=[,.;]|$| (?:on|in) )/i.exec(text);
  if (according) claimant = canonical(according[1]);
  if (!claimant) {
    const say = new RegExp(
      // a claimant never spans a sentence end or ACLED's bracketed remark ("Kharkiv. Casualties unknown. [Ukrainian")
      `(?:^|[,;:—–"”\\[]\\s*|\\s)((?:[A-Z]|the |Russia|Ukrain|${ROLES})(?:[^,;:"“”.\\[\\]]|\\.(?!\\s)){0,80}?)\\s+(?:has |have |had )?${SAY}\\b`,
    );
    const m = say.exec(text);
    if (m) claimant = canonical(m[1]);
  }
  if (!claimant) {
    const after = new RegExp(
      `\\b${SAY}\\s+((?:the |Russia|Ukrain|[A-Z])[^,.;]{1,60}?)(?=[,.;]|$| on | in )`,
    ).exec(text);
    if (after) claimant = canonical(after[1]);
  }
  let channel: string | null = null;
  for (const [re, name] of CHANNELS) {
    if (re.test(text)) {
      channel = name;
      break;
    }
  }
  const hedged = HEDGES.test(text);
  return { claimant, channel, hedged, belligerent: claimant !== null && BELLIGERENT.test(claimant) };
}
