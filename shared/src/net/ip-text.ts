/**
 * IP addresses as text: read in any form RFC 4291 section 2.2 allows, written
 * in one form, RFC 5952's (section 4: lower case, no leading zeros, "::" for
 * the longest run of two or more zero groups, the first run on a tie, never
 * for one group; section 5: an IPv4-mapped address ends in dotted decimal), so
 * that two spellings of one address are one string.
 *
 * The plain forms are parsed here (ipaddr.js costs microseconds per address
 * and estates hold tens of thousands); ipaddr.js reads the rest (embedded
 * IPv4, zones, odd IPv4 spellings), but not "::a.b.c.d": ipaddr.js reads it
 * as the IPv4-mapped ::ffff:a.b.c.d, while RFC 4291 section 2.2 makes it
 * 0:0:0:0:0:0:a.b.c.d, a different address.
 */
import ipaddr from 'ipaddr.js';

export type IpFamily = 'ipv4' | 'ipv6';

/** An address as numbers: the value of its text, whatever the spelling. */
export interface ParsedIp {
  family: IpFamily;
  /** 16-bit groups, most significant first: 2 for IPv4, 8 for IPv6. */
  groups: number[];
  /** An IPv6 zone index (RFC 4007 section 11), kept as written: it is no part of the address. */
  zone?: string;
}

/** Dotted-quad IPv4 without leading zeros (what Ipv4Schema accepts) as two 16-bit groups. */
function plainIpv4(ip: string): number[] | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const p of parts) {
    // A leading zero means octal to ipaddr.js: leave such input to it.
    if (p.length === 0 || p.length > 3 || (p.length > 1 && p[0] === '0')) return undefined;
    const v = Number(p);
    if (!Number.isInteger(v) || v < 0 || v > 255) return undefined;
    bytes.push(v);
  }
  return [bytes[0]! * 256 + bytes[1]!, bytes[2]! * 256 + bytes[3]!];
}

/** One to four hex digits as a number, or -1. */
function hexGroup(g: string): number {
  if (g.length === 0 || g.length > 4) return -1;
  let v = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g.charCodeAt(i);
    const d =
      c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Plain hex-group IPv6 (no embedded IPv4, no zone) as eight groups. */
function plainIpv6(ip: string): number[] | undefined {
  const gap = ip.indexOf('::');
  if (gap !== ip.lastIndexOf('::')) return undefined;
  const head = gap < 0 ? ip.split(':') : gap === 0 ? [] : ip.slice(0, gap).split(':');
  const tail = gap < 0 || gap + 2 === ip.length ? [] : ip.slice(gap + 2).split(':');
  const zeros = 8 - head.length - tail.length;
  if (gap < 0 ? zeros !== 0 : zeros < 1) return undefined;
  const groups = new Array<number>(8).fill(0);
  for (let i = 0; i < head.length; i++) if ((groups[i] = hexGroup(head[i]!)) < 0) return undefined;
  for (let i = 0; i < tail.length; i++)
    if ((groups[8 - tail.length + i] = hexGroup(tail[i]!)) < 0) return undefined;
  return groups;
}

/** "::a.b.c.d" (zone or not; ipaddr.js's IPv4 parts may be hex), which ipaddr.js reads as another address. */
const COMPATIBLE_SHORT = /^::((?:0x[0-9a-f]+|\d+)(?:\.(?:0x[0-9a-f]+|\d+)){3})(%.*)?$/i;

/** Anything but the plain forms, read by ipaddr.js. */
function otherForms(ip: string): ParsedIp | undefined {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(ip.replace(COMPATIBLE_SHORT, '0:0:0:0:0:0:$1$2'));
  } catch {
    return undefined;
  }
  const bytes = addr.toByteArray();
  const groups: number[] = [];
  for (let i = 0; i < bytes.length; i += 2) groups.push(bytes[i]! * 256 + bytes[i + 1]!);
  const zone = addr.kind() === 'ipv6' ? (addr as ipaddr.IPv6).zoneId : undefined;
  return { family: addr.kind(), groups, ...(zone && { zone }) };
}

/**
 * The value of an address written in any RFC 4291 form, or `undefined` if the
 * text is not an address (of `family`, when given).
 *
 * @example
 * parseIp('2001:DB8::1')!.groups; // [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]
 */
export function parseIp(ip: string, family?: IpFamily): ParsedIp | undefined {
  if (family !== 'ipv6') {
    const v4 = plainIpv4(ip);
    if (v4) return { family: 'ipv4', groups: v4 };
  }
  if (family !== 'ipv4') {
    const v6 = plainIpv6(ip);
    if (v6) return { family: 'ipv6', groups: v6 };
  }
  const other = otherForms(ip);
  return other && (family === undefined || other.family === family) ? other : undefined;
}

/** ::ffff:0:0/96 (RFC 4291 section 2.5.5.2): the IPv6 form of an IPv4 node's address. */
export function isIpv4Mapped(groups: readonly number[]): boolean {
  return groups.length === 8 && groups[5] === 0xffff && groups.slice(0, 5).every((g) => g === 0);
}

function dotted(high: number, low: number): string {
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

/** RFC 5952 section 4 for the hex groups; `tail` stands for the last two groups if set. */
function rfc5952(groups: readonly number[], tail?: string): string {
  const hex = groups.map((g) => g.toString(16));
  // The longest run of two or more zero groups, the first one on a tie (section 4.2.3).
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < hex.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < hex.length && groups[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j;
  }
  if (tail !== undefined) hex.push(tail);
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}

/**
 * The canonical text of an address value: dotted decimal for IPv4, RFC 5952
 * for IPv6 (mixed notation for IPv4-mapped only: of the prefixes section 5
 * names, the others are deprecated, and mixed notation for ::/96 would turn
 * ::1 into ::0.0.0.1).
 */
export function formatIp(ip: ParsedIp): string {
  const g = ip.groups;
  if (ip.family === 'ipv4') return dotted(g[0]!, g[1]!);
  const text = isIpv4Mapped(g) ? rfc5952(g.slice(0, 6), dotted(g[6]!, g[7]!)) : rfc5952(g);
  return ip.zone === undefined ? text : `${text}%${ip.zone}`;
}

/**
 * The canonical text of an address written in any form; throws if the text is
 * not an address.
 *
 * @example
 * canonicalIp('2001:0DB8:0:0:0:0:0:0001'); // '2001:db8::1'
 * canonicalIp('0:0:0:0:0:FFFF:192.0.2.1'); // '::ffff:192.0.2.1'
 */
export function canonicalIp(ip: string): string {
  const parsed = parseIp(ip);
  if (!parsed) throw new Error(`not an IP address: ${ip}`);
  return formatIp(parsed);
}

/** A prefix as its address's value and its length, or `undefined` if it is not one. */
export function parseCidr(
  cidr: string,
  family?: IpFamily,
): { address: ParsedIp; bits: number } | undefined {
  const slash = cidr.lastIndexOf('/');
  const length = cidr.slice(slash + 1);
  if (slash < 0 || !/^\d{1,3}$/.test(length)) return undefined;
  const address = parseIp(cidr.slice(0, slash), family);
  const bits = Number(length);
  if (!address || address.zone !== undefined) return undefined;
  return bits <= address.groups.length * 16 ? { address, bits } : undefined;
}

/**
 * The canonical text of a prefix: its address as written (host bits are kept:
 * they are a value, not a spelling) in canonical form, and its length in decimal.
 *
 * @example
 * canonicalCidr('2001:DB8:0:0::/064'); // '2001:db8::/64'
 */
export function canonicalCidr(cidr: string): string {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`not an IP prefix: ${cidr}`);
  return `${formatIp(parsed.address)}/${parsed.bits}`;
}
