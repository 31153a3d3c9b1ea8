/**
 * IP arithmetic: membership, ordering, ranges. Pure, IPv4 and IPv6 alike; text
 * is read and written by ip-text.ts, so every address this module returns is
 * in canonical form (RFC 5952 for IPv6).
 */
import { formatIp, parseCidr, parseIp, type IpFamily, type ParsedIp } from './ip-text.ts';

export { canonicalCidr, canonicalIp, parseIp, type IpFamily } from './ip-text.ts';

function parsed(ip: string): ParsedIp {
  const p = parseIp(ip);
  if (!p) throw new Error(`not an IP address: ${ip}`);
  return p;
}

function prefix(cidr: string) {
  const p = parseCidr(cidr);
  if (!p) throw new Error(`not an IP prefix: ${cidr}`);
  return p;
}

function groupsToBigInt(groups: readonly number[]): bigint {
  let n = 0n;
  for (const g of groups) n = (n << 16n) | BigInt(g);
  return n;
}

const width = (family: IpFamily) => (family === 'ipv4' ? 32 : 128);

export function ipFamily(ip: string): IpFamily {
  return parsed(ip).family;
}

/** The address as an unsigned integer, for ordering and range arithmetic. */
export function ipToBigInt(ip: string): bigint {
  return groupsToBigInt(parsed(ip).groups);
}

/** The address of `family` whose value is `n`, in canonical text. */
export function bigIntToIp(n: bigint, family: IpFamily): string {
  const groups = new Array<number>(width(family) / 16);
  let v = n;
  for (let i = groups.length - 1; i >= 0; i--) {
    groups[i] = Number(v & 0xffffn);
    v >>= 16n;
  }
  return formatIp({ family, groups });
}

/**
 * Orders two addresses by value, IPv4 and IPv6 in one order: an IPv4 address
 * stands at its IPv4-mapped IPv6 address (RFC 4291 section 2.5.5.2), the
 * IPv6 form of the same node, so `10.0.0.1` and `::ffff:10.0.0.1` are equal
 * and IPv4 sorts below all of global unicast IPv6 (2000::/3). Zones are
 * ignored. Text that is no address sorts after every address, by text, so
 * the order is total and a sort never throws.
 */
export function compareIp(a: string, b: string): number {
  const order = (ip: string) => {
    const p = parseIp(ip);
    if (!p) return undefined;
    const n = groupsToBigInt(p.groups);
    return p.family === 'ipv4' ? (0xffffn << 32n) | n : n;
  };
  const x = order(a);
  const y = order(b);
  if (x === undefined || y === undefined) {
    if (x !== undefined || y !== undefined) return x === undefined ? 1 : -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

export function cidrContains(cidr: string, ip: string): boolean {
  const { address: net, bits } = prefix(cidr);
  const addr = parsed(ip);
  if (addr.family !== net.family) return false;
  const shift = BigInt(width(net.family) - bits);
  return groupsToBigInt(addr.groups) >> shift === groupsToBigInt(net.groups) >> shift;
}

export function cidrFamily(cidr: string): IpFamily {
  return prefix(cidr).address.family;
}

/** First and last address of a prefix as integers. */
export function cidrRange(cidr: string): { first: bigint; last: bigint; family: IpFamily } {
  const { address, bits } = prefix(cidr);
  const size = 1n << BigInt(width(address.family) - bits);
  const first = (groupsToBigInt(address.groups) / size) * size;
  return { first, last: first + size - 1n, family: address.family };
}

/** The n-th address of a prefix (0 is the network address). */
export function nthAddress(cidr: string, n: number | bigint): string {
  const { first, last, family } = cidrRange(cidr);
  const v = first + BigInt(n);
  if (v > last) throw new RangeError(`${cidr} has no address number ${n}`);
  return bigIntToIp(v, family);
}
