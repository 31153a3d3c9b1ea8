/**
 * Addresses as compact keys and integers, for equality and ordering. Text
 * forms of one IPv6 address differ ("2001:db8::1" vs "2001:db8:0:0:0:0:0:1"),
 * so addresses are compared by value. A key is the address's 16-bit groups as
 * the UTF-16 code units of a string (2 for IPv4, 8 for IPv6): unique per value,
 * cheap to build and hash, with no BigInt on the path that indexes every VM.
 * Unparsable input yields `undefined`, so bad data is skipped instead of
 * throwing out of a preview.
 */
import ipaddr from 'ipaddr.js';
import { bigIntToIp, type IpFamily } from '../net/ip.ts';

export const IP_FAMILIES: readonly IpFamily[] = ['ipv4', 'ipv6'];

/** Dotted-quad IPv4 without leading zeros (what Ipv4Schema accepts) as two 16-bit groups. */
function fastIpv4(ip: string): number[] | undefined {
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
function fastIpv6(ip: string): number[] | undefined {
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

/**
 * The address's 16-bit groups, or `undefined` if it is not an address of
 * `family`. The plain forms are parsed here (ipaddr.js takes microseconds per
 * address); anything else (embedded IPv4, zones, odd IPv4 forms) goes to ipaddr.js.
 */
function addressGroups(ip: string, family: IpFamily): number[] | undefined {
  const fast = family === 'ipv4' ? fastIpv4(ip) : fastIpv6(ip);
  if (fast) return fast;
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(ip);
  } catch {
    return undefined;
  }
  if (addr.kind() !== family) return undefined;
  const bytes = addr.toByteArray();
  const groups: number[] = [];
  for (let i = 0; i < bytes.length; i += 2) groups.push(bytes[i]! * 256 + bytes[i + 1]!);
  return groups;
}

/** The compact map key of an address of `family`, equal for every text form of it. */
export function addressKey(ip: string, family: IpFamily): string | undefined {
  const groups = addressGroups(ip, family);
  return groups && String.fromCharCode(...groups);
}

/** The integer value of an address key. */
export function keyToInt(key: string): bigint {
  let n = 0n;
  for (let i = 0; i < key.length; i++) n = (n << 16n) | BigInt(key.charCodeAt(i));
  return n;
}

/** The address as an integer, or `undefined` if it is not an address of `family`. */
export function addressInt(ip: string, family: IpFamily): bigint | undefined {
  const key = addressKey(ip, family);
  return key === undefined ? undefined : keyToInt(key);
}

/** The canonical text form (RFC 5952 for IPv6), or the input if it does not parse. */
export function canonicalAddress(ip: string, family: IpFamily): string {
  const n = addressInt(ip, family);
  return n === undefined ? ip : bigIntToIp(n, family);
}

/** MACs compare case-insensitively. */
export function macKey(mac: string): string {
  return mac.toLowerCase();
}
