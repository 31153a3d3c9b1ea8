/** Helpers for the generator tests: per-role counts, per-device link counts, address checks. */
import ipaddr from 'ipaddr.js';
import type { DeviceRole } from '../model/device.ts';
import type { Estate } from '../model/estate.ts';
import type { Fabric } from './fabric.ts';
import type { SiteSpec } from './multi-site.ts';

export function countByRole(fabric: Fabric): Partial<Record<DeviceRole, number>> {
  const counts: Partial<Record<DeviceRole, number>> = {};
  for (const d of fabric.devices) counts[d.role] = (counts[d.role] ?? 0) + 1;
  return counts;
}

/** Links per device, counted from the links themselves (not from the `ports` field). */
export function degrees(fabric: Fabric): Map<string, number> {
  const deg = new Map<string, number>(fabric.devices.map((d) => [d.id, 0]));
  for (const l of fabric.links) {
    deg.set(l.a, (deg.get(l.a) ?? 0) + 1);
    deg.set(l.b, (deg.get(l.b) ?? 0) + 1);
  }
  return deg;
}

/** An address as an unsigned integer and its width in bits, by ipaddr.js (not the code under test). */
function toInt(ip: string): { value: bigint; bits: number } {
  const bytes = ipaddr.parse(ip).toByteArray();
  return { value: bytes.reduce((v, b) => (v << 8n) | BigInt(b), 0n), bits: bytes.length * 8 };
}

/**
 * Why `ip` is no assignable host address of `cidr`, or undefined when it is
 * one: it must lie inside the prefix and be neither its network address (for
 * IPv6 the Subnet-Router anycast address, RFC 4291 2.6.1) nor, for IPv4, its
 * broadcast address; an IPv4 address must also end in 1..254, so that it is
 * assignable in any /24 that holds it as well.
 */
export function assignableProblem(ip: string, cidr: string): string | undefined {
  const [net, len] = cidr.split('/') as [string, string];
  const a = toInt(ip);
  const n = toInt(net);
  if (a.bits !== n.bits) return `${ip} is not of the family of ${cidr}`;
  const hostBits = BigInt(a.bits - Number(len));
  const first = (n.value >> hostBits) << hostBits;
  const last = first + (1n << hostBits) - 1n;
  if (a.value < first || a.value > last) return `${ip} is outside ${cidr}`;
  if (a.value === first) return `${ip} is the network address of ${cidr}`;
  if (a.bits === 32 && a.value === last) return `${ip} is the broadcast address of ${cidr}`;
  const lastOctet = a.value & 255n;
  if (a.bits === 32 && (lastOctet === 0n || lastOctet === 255n))
    return `${ip} ends in ${lastOctet}: a network or broadcast address of its /24`;
  return undefined;
}

/** The gateways' plans (docs/topologies.md): RFC 6598 shared space and a documentation prefix. */
const GATEWAY_IPV4 = '100.64.0.0/10';
const GATEWAY_IPV6 = '2001:db8:ffff::/64';

/**
 * Every address problem of an estate's devices, and the addresses used twice:
 * within a site for its fabric (each site's underlay is its own 10/8), across
 * the estate for gateways (they face the WAN).
 */
export function deviceAddressProblems(estate: Estate): string[] {
  const underlay = new Map(estate.sites.map((s) => [s.id, s.underlay.ipv4!]));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const d of estate.devices) {
    const gw = d.role === 'gateway';
    for (const [ip, cidr] of [
      [d.ipv4, gw ? GATEWAY_IPV4 : underlay.get(d.siteId)!],
      [d.ipv6, GATEWAY_IPV6],
    ] as const) {
      if (ip === undefined) continue;
      const problem = assignableProblem(ip, cidr);
      if (problem) problems.push(`${d.id}: ${problem}`);
      const key = `${gw ? 'wan' : d.siteId} ${ip}`;
      if (seen.has(key)) problems.push(`${d.id}: ${ip} is used twice`);
      seen.add(key);
    }
  }
  return problems;
}

/** The smallest leaf-spine site with a gateway: one spine, one leaf, one host. */
export function tinySite(id: string, stack: 'ipv4' | 'ipv6' | 'dual'): SiteSpec {
  return {
    id,
    name: id,
    ownership: 'private',
    region: 'r',
    location: { lat: 0, lon: 0 },
    topology: { kind: 'leaf-spine', params: { spines: 1, leaves: 1, hostsPerLeaf: 1 } },
    gateway: { stack },
  };
}
