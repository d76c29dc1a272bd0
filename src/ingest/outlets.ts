/**
 * Known news outlets: their web domains and the logo text page scrapes print in place of the name. Used to turn a
 * scrape's "KI logo" or a JSONL dump's bare domain into the outlet's own name.
 */
interface KnownOutlet {
  readonly name: string;
  readonly domains: readonly string[];
  /** Text a page scrape prints for the logo (compared case-sensitively: "KI" is an abbreviation). */
  readonly logos?: readonly string[];
}

const KNOWN_OUTLETS: readonly KnownOutlet[] = [
  { name: 'The Kyiv Independent', domains: ['kyivindependent.com'], logos: ['KI', 'Kyiv Independent'] },
  { name: 'Kyiv Post', domains: ['kyivpost.com'], logos: ['KP', 'Kyiv Post'] },
  { name: 'Ukrainska Pravda', domains: ['pravda.com.ua'], logos: ['UP', 'Ukrainska Pravda'] },
  { name: 'Ukrinform', domains: ['ukrinform.net', 'ukrinform.ua'] },
  { name: 'Interfax-Ukraine', domains: ['interfax.com.ua'] },
  { name: 'UNIAN', domains: ['unian.net', 'unian.ua', 'unian.info'] },
  { name: 'Suspilne', domains: ['suspilne.media'] },
  { name: 'Hromadske', domains: ['hromadske.ua'] },
  { name: 'RBC-Ukraine', domains: ['rbc.ua'] },
  { name: 'NV', domains: ['nv.ua'] },
  { name: 'LIGA.net', domains: ['liga.net'] },
  { name: 'Euromaidan Press', domains: ['euromaidanpress.com'] },
  { name: 'UNITED24 Media', domains: ['united24media.com'] },
  { name: 'Militarnyi', domains: ['militarnyi.com', 'mil.in.ua'] },
  { name: 'Reuters', domains: ['reuters.com'] },
  { name: 'Associated Press', domains: ['apnews.com'], logos: ['AP'] },
  { name: 'Agence France-Presse', domains: ['afp.com'], logos: ['AFP'] },
  { name: 'BBC News', domains: ['bbc.com', 'bbc.co.uk'], logos: ['BBC'] },
  { name: 'Institute for the Study of War', domains: ['understandingwar.org'], logos: ['ISW'] },
  { name: 'Critical Threats', domains: ['criticalthreats.org'] },
  { name: 'The Guardian', domains: ['theguardian.com'] },
  { name: 'The New York Times', domains: ['nytimes.com'], logos: ['NYT'] },
  { name: 'The Washington Post', domains: ['washingtonpost.com'] },
  { name: 'The Wall Street Journal', domains: ['wsj.com'], logos: ['WSJ'] },
  { name: 'Financial Times', domains: ['ft.com'], logos: ['FT'] },
  { name: 'The Economist', domains: ['economist.com'] },
  { name: 'Bloomberg', domains: ['bloomberg.com'] },
  { name: 'CNN', domains: ['cnn.com'] },
  { name: 'Sky News', domains: ['news.sky.com', 'sky.com'] },
  { name: 'Time', domains: ['time.com'] },
  { name: 'Politico', domains: ['politico.com', 'politico.eu'] },
  { name: 'Al Jazeera', domains: ['aljazeera.com'] },
  { name: 'Deutsche Welle', domains: ['dw.com'], logos: ['DW'] },
  { name: 'France 24', domains: ['france24.com'] },
  { name: 'Radio Free Europe/Radio Liberty', domains: ['rferl.org'], logos: ['RFE/RL'] },
  { name: 'Atlantic Council', domains: ['atlanticcouncil.org'] },
  { name: 'Meduza', domains: ['meduza.io'] },
  { name: 'Mediazona', domains: ['zona.media'] },
  { name: 'The Insider', domains: ['theins.ru', 'theins.press'] },
  { name: 'Novaya Gazeta Europe', domains: ['novayagazeta.eu'] },
  { name: 'TASS', domains: ['tass.com', 'tass.ru'] },
  { name: 'RIA Novosti', domains: ['ria.ru'] },
  { name: 'Interfax', domains: ['interfax.ru'] },
  { name: 'Anadolu Agency', domains: ['aa.com.tr'] },
];

const DOMAIN = /^[a-z0-9.-]+\.[a-z]{2,}$/i;

function hostOf(urlOrHost: string): string | null {
  const raw = urlOrHost.trim().toLowerCase();
  if (raw === '') return null;
  try {
    return new URL(raw.includes('://') ? raw : `https://${raw}`).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

function byHost(host: string): KnownOutlet | undefined {
  return KNOWN_OUTLETS.find((o) => o.domains.some((d) => host === d || host.endsWith(`.${d}`)));
}

/**
 * The outlet publishing at a URL (or a bare domain), or undefined when it is not in the table.
 *
 * @example outletFromUrl('https://kyivindependent.com/zelensky-visits/') === 'The Kyiv Independent'
 */
export function outletFromUrl(url: string): string | undefined {
  const host = hostOf(url);
  return host ? byHost(host)?.name : undefined;
}

/**
 * The outlet whose logo a scrape printed as `text`, or undefined.
 *
 * @example outletFromLogo('KI') === 'The Kyiv Independent'
 */
export function outletFromLogo(text: string): string | undefined {
  const t = text.trim();
  const lower = t.toLowerCase();
  return KNOWN_OUTLETS.find(
    (o) =>
      o.logos?.some((l) => l === t || (l.length > 3 && l.toLowerCase() === lower)) ||
      o.name.toLowerCase() === lower,
  )?.name;
}

/**
 * Normalises an outlet as a source gave it: a known domain or logo becomes the outlet's name, anything else is kept
 * as given (trimmed). Empty input gives undefined.
 *
 * @example outletName('kyivpost.com') === 'Kyiv Post'; outletName('Lowy Institute') === 'Lowy Institute'
 */
export function outletName(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const t = raw.trim();
  if (t === '') return undefined;
  const byLogo = outletFromLogo(t);
  if (byLogo) return byLogo;
  if (DOMAIN.test(t)) return outletFromUrl(t) ?? t;
  return t;
}

const alnum = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Removes the site name pages append to their titles (" | Critical Threats", " - BBC News", " – EUobserver"):
 * trailing segments that name the outlet or the site's domain. Other segments, and headlines that are nothing but
 * the site name, are kept.
 *
 * @example stripOutletSuffix('Talks end | TIME', 'time.com', 'https://time.com/1/') === 'Talks end'
 */
export function stripOutletSuffix(headline: string, outlet?: string, url?: string): string {
  const names = new Set<string>();
  if (outlet) {
    names.add(alnum(outlet));
    names.add(alnum(outlet.replace(/^the\s+/i, '')));
  }
  const host = url ? hostOf(url) : outlet && DOMAIN.test(outlet) ? hostOf(outlet) : null;
  // Domain labels other than the top level ("criticalthreats" of criticalthreats.org, "sky" of news.sky.com).
  for (const label of host?.split('.').slice(0, -1) ?? [])
    if (label.length >= 3 && label !== 'news') names.add(label);
  names.delete('');
  const named = (segment: string): boolean => {
    const seg = alnum(segment);
    if (seg.length < 3) return false;
    for (const n of names) if (seg === n || (n.length >= 3 && seg.startsWith(n))) return true;
    return false;
  };
  const parts = headline.split(/(\s+[|–—-]\s+)/);
  // parts alternates text, separator, text…; drop trailing text parts that name the site.
  while (parts.length >= 3 && named(parts[parts.length - 1])) parts.splice(-2, 2);
  return parts.join('');
}
