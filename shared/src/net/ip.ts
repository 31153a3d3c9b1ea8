/** IP arithmetic on top of ipaddr.js: membership, ordering, ranges. Pure, IPv4 and IPv6 alike. */
import ipaddr from 'ipaddr.js';

export type IpFamily = 'ipv4' | 'ipv6';

export function ipFamily(ip: string): IpFamily {
  return ipaddr.parse(ip).kind();
}

/** The address as an unsigned integer, for ordering and range arithmetic. */
export function ipToBigInt(ip: string): bigint {
  const bytes = ipaddr.parse(ip).toByteArray();
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

export function bigIntToIp(n: bigint, family: IpFamily): string {
  const len = family === 'ipv4' ? 4 : 16;
  const bytes = new Array<number>(len);
  let v = n;
  for (let i = len - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** Canonical text form (lower-case, compressed IPv6), so equal addresses compare equal as strings. */
export function canonicalIp(ip: string): string {
  return ipaddr.parse(ip).toString();
}

export function cidrContains(cidr: string, ip: string): boolean {
  const [net, bits] = ipaddr.parseCIDR(cidr);
  const addr = ipaddr.parse(ip);
  if (addr.kind() !== net.kind()) return false;
  return addr.match(net, bits);
}

export function cidrFamily(cidr: string): IpFamily {
  return ipaddr.parseCIDR(cidr)[0].kind();
}

/** First and last address of a prefix as integers. */
export function cidrRange(cidr: string): { first: bigint; last: bigint; family: IpFamily } {
  const [net, bits] = ipaddr.parseCIDR(cidr);
  const width = net.kind() === 'ipv4' ? 32 : 128;
  const base = ipToBigInt(net.toString());
  const size = 1n << BigInt(width - bits);
  const first = (base / size) * size;
  return { first, last: first + size - 1n, family: net.kind() };
}

/** The n-th address of a prefix (0 is the network address). */
export function nthAddress(cidr: string, n: number | bigint): string {
  const { first, last, family } = cidrRange(cidr);
  const v = first + BigInt(n);
  if (v > last) throw new RangeError(`${cidr} has no address number ${n}`);
  return bigIntToIp(v, family);
}
