/**
 * Addresses as compact keys and integers, for equality and ordering. Estates
 * hold canonical text (the schemas rewrite it), but callers may pass any
 * spelling ("2001:db8::1" vs "2001:db8:0:0:0:0:0:1"), so addresses are compared
 * by value. A key is the address's 16-bit groups as the UTF-16 code units of a
 * string (2 for IPv4, 8 for IPv6): unique per value, cheap to build and hash,
 * with no BigInt on the path that indexes every VM. Unparsable input yields
 * `undefined`, so bad data is skipped instead of throwing out of a preview.
 */
import { bigIntToIp, parseIp, type IpFamily } from '../net/ip.ts';
import { canonicalMac } from '../net/mac.ts';

export const IP_FAMILIES: readonly IpFamily[] = ['ipv4', 'ipv6'];

/** The compact map key of an address of `family`, equal for every text form of it. */
export function addressKey(ip: string, family: IpFamily): string | undefined {
  const groups = parseIp(ip, family)?.groups;
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

/** A MAC's key is its canonical form, so every accepted spelling of it is one key. */
export function macKey(mac: string): string {
  return canonicalMac(mac) ?? mac.toLowerCase();
}
