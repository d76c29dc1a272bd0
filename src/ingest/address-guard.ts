import { isIP } from 'node:net';

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

// [first address, prefix length, why]; the ranges RFC 6890 marks not globally reachable, plus multicast.
const V4_BLOCKS: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, 'this-network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function v4Refusal(ip: string): string | null {
  const n = v4ToInt(ip);
  for (const [base, bits, why] of V4_BLOCKS) {
    const size = 2 ** (32 - bits);
    const start = v4ToInt(base);
    if (n >= start && n < start + size) return why;
  }
  return null;
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped, embedded dotted quad expanded). */
function v6Groups(ip: string): number[] {
  let s = ip.split('%')[0].toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4ToInt(dotted[1]);
    s = `${s.slice(0, -dotted[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [left, right] = s.includes('::') ? s.split('::') : [s, undefined];
  const l = left ? left.split(':') : [];
  const r = right !== undefined && right !== '' ? right.split(':') : [];
  const fill = right !== undefined ? new Array<string>(8 - l.length - r.length).fill('0') : [];
  return [...l, ...fill, ...r].map((g) => parseInt(g, 16));
}

function embeddedV4(g: readonly number[], at: number): string {
  return [g[at] >> 8, g[at] & 0xff, g[at + 1] >> 8, g[at + 1] & 0xff].join('.');
}

function v6Refusal(ip: string): string | null {
  const g = v6Groups(ip);
  const zeroUpTo = (k: number): boolean => g.slice(0, k).every((x) => x === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  // IPv4 in IPv6 clothing: mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4 2002:ab:cd::.
  if (zeroUpTo(5) && g[5] === 0xffff) return v4Refusal(embeddedV4(g, 6));
  if (zeroUpTo(6)) return v4Refusal(embeddedV4(g, 6));
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return v4Refusal(embeddedV4(g, 6));
  if (g[0] === 0x2002) return v4Refusal(embeddedV4(g, 1));
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'site-local';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'documentation';
  return null;
}

/**
 * Why an IP address must not be fetched from a server-side request (loopback, private, link-local incl. the cloud
 * metadata address 169.254.169.254, carrier-grade NAT, multicast, IPv6 loopback/unique-local/link-local, and IPv4
 * ranges hidden in v4-mapped, NAT64 or 6to4 forms), or null when it is a public address. Anything that is not an IP
 * address is refused as `not an IP address`.
 *
 * @example addressRefusal('169.254.169.254') === 'link-local (cloud metadata)'; addressRefusal('8.8.8.8') === null
 */
export function addressRefusal(ip: string): string | null {
  const bare = ip.replace(/^\[|\]$/g, '');
  const kind = isIP(bare.split('%')[0]);
  if (kind === 4) return v4Refusal(bare);
  if (kind === 6) return v6Refusal(bare);
  return 'not an IP address';
}
