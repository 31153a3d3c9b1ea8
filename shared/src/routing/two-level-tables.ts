/**
 * Building the fat-tree two-level routing tables of Al-Fares, Loukissas and Vahdat, "A
 * Scalable, Commodity Data Center Network Architecture" (SIGCOMM 2008),
 * sections 3.3–3.4: the "fixed (fat-tree) routing" alternative of R3.
 *
 * Every pod switch holds a primary table of terminating prefixes and a
 * default 0.0.0.0/0 entry that leads to a secondary table of suffixes matched
 * on the host ID (the last byte of the destination). The suffix entry for
 * host ID X at the switch in position z sends traffic up on port
 * (X − 2 + z) mod (k/2) + k/2, so destination host IDs spread evenly over
 * the uplinks while every packet to one host follows one path (no
 * reordering). Cores hold one terminating /16 per pod.
 *
 * Port numbers follow the paper: at a pod switch, ports 0..k/2−1 face down
 * (edge switch i, or host ID i+2) and k/2..k−1 face up; at a core, port x
 * leads to pod x. The tables are built from the estate's addresses and links,
 * so an estate that is not the paper's fat-tree is refused, not misrouted.
 */
import type { Device } from '../model/device.ts';
import type { Estate } from '../model/estate.ts';
import { buildSiteGraph, type SiteGraph } from './site-graph.ts';

/** The estate's site cannot carry two-level tables (not a fat-tree, or not addressed as the paper says). */
export class TwoLevelTableError extends Error {
  override readonly name = 'TwoLevelTableError';
}

/** A primary-table entry: terminating (gives a port) or the /0 default that defers to the suffixes. */
export interface PrefixEntry {
  /** CIDR text, e.g. `10.2.0.0/24`. */
  prefix: string;
  network: number;
  length: number;
  /** Output port, or `'suffix'` for the default entry that consults the secondary table. */
  port: number | 'suffix';
}

/** A secondary-table entry `0.0.0.X/8`: matches destinations whose host ID (last byte) is X. */
export interface SuffixEntry {
  suffix: string;
  hostId: number;
  port: number;
}

export interface PortLink {
  /** The device at the other end of the port. */
  deviceId: string;
  linkId: string;
}

export interface SwitchTables {
  switchId: string;
  role: 'edge' | 'aggregation' | 'core';
  ip: string;
  /** Pod of a pod switch; undefined at a core. */
  pod: number | undefined;
  /** The switch number in its pod (edge 0..k/2−1, aggregation k/2..k−1), the paper's z; undefined at a core. */
  position: number | undefined;
  /** Index = port number. */
  ports: PortLink[];
  /** Longest prefix first, the default last. */
  prefixes: PrefixEntry[];
  suffixes: SuffixEntry[];
}

export interface TwoLevelTables {
  siteId: string;
  k: number;
  switches: Map<string, SwitchTables>;
  /** Host id → its address and the edge switch it hangs off (with the link between). */
  hosts: Map<string, { ip: string; edge: string; linkId: string }>;
}

export interface TwoLevelHop {
  port: number;
  deviceId: string;
  linkId: string;
  /** The entry that matched: a prefix, or the suffix reached through the default. */
  matched: string;
}

function notIpv4(ip: string): TwoLevelTableError {
  return new TwoLevelTableError(`not an IPv4 address: ${ip}`);
}

/** Dotted-quad text to an unsigned integer; hand-rolled, as it runs once per device of a large site. */
export function ipv4ToInt(ip: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || ++dots > 3) throw notIpv4(ip);
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) throw notIpv4(ip);
    } else throw notIpv4(ip);
  }
  if (dots !== 3 || digits === 0) throw notIpv4(ip);
  return value * 256 + octet;
}

/** Dotted quad from four octets, as an unsigned integer (what the tables match on). */
function quad(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function intToIpv4(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 0xff}.${(ip >>> 8) & 0xff}.${ip & 0xff}`;
}

function prefixEntry(network: number, length: number, port: number | 'suffix'): PrefixEntry {
  return { prefix: `${intToIpv4(network)}/${length}`, network, length, port };
}

export function matches(entry: PrefixEntry, ip: number): boolean {
  if (entry.length === 0) return true;
  const mask = (0xffffffff << (32 - entry.length)) >>> 0;
  return (ip & mask) >>> 0 === entry.network;
}

/** What the paper's wiring puts on each port of a switch: the neighbour's address and role. */
interface PortPlan {
  ips: number[];
  roles: Device['role'][];
}

function podSwitchPlan(k: number, pod: number, z: number): PortPlan {
  const half = k / 2;
  const plan: PortPlan = { ips: [], roles: [] };
  for (let p = 0; p < k; p++) {
    const up = p >= half;
    if (z < half) {
      // Edge: down port p reaches host ID p+2; up port k/2+m reaches aggregation switch k/2+m.
      plan.ips.push(up ? quad(10, pod, p, 1) : quad(10, pod, z, p + 2));
      plan.roles.push(up ? 'aggregation' : 'host');
    } else {
      // Aggregation: down port p reaches edge switch p; up port k/2+i−1 reaches core (z−k/2+1, i).
      plan.ips.push(up ? quad(10, k, z - half + 1, p - half + 1) : quad(10, pod, p, 1));
      plan.roles.push(up ? 'core' : 'edge');
    }
  }
  return plan;
}

function corePlan(k: number, j: number): PortPlan {
  // Port x leads to pod x, through the pod's aggregation switch in row j.
  const ips = Array.from({ length: k }, (_, x) => quad(10, x, k / 2 + j - 1, 1));
  return { ips, roles: ips.map(() => 'aggregation') };
}

/** The switches of the site graph by address, and the hosts hanging off each edge switch. */
function addressing(estate: Estate, siteId: string, g: SiteGraph) {
  const ipOf = new Float64Array(g.nodes.length);
  const byIp = new Map<number, number>();
  g.nodes.forEach((d, i) => {
    const ip = d.ipv4 ? ipv4ToInt(d.ipv4) : -1;
    ipOf[i] = ip;
    if (ip >= 0) byIp.set(ip, i);
  });
  const hostsAt = new Map<number, PortLink[]>();
  const hostIp = new Map<string, number>();
  for (const host of estate.devices) {
    if (host.siteId !== siteId || host.role !== 'host' || !host.ipv4) continue;
    hostIp.set(host.id, ipv4ToInt(host.ipv4));
    for (const a of g.attachments.get(host.id) ?? []) {
      const list = hostsAt.get(a.node) ?? [];
      list.push({ deviceId: host.id, linkId: g.links[a.linkIndex]!.id });
      hostsAt.set(a.node, list);
    }
  }
  return { ipOf, byIp, hostsAt, hostIp };
}

/**
 * Builds the two-level tables of one fat-tree site (R2, R3) from its addresses
 * and links; `graph` saves rebuilding the site graph when the caller has it.
 * Throws TwoLevelTableError when the site is unknown, not a fat-tree, or when
 * a device or link the paper's addressing expects is missing.
 */
export function buildTwoLevelTables(
  estate: Estate,
  siteId: string,
  graph?: SiteGraph,
): TwoLevelTables {
  const site = estate.sites.find((s) => s.id === siteId);
  if (!site) throw new TwoLevelTableError(`unknown site ${siteId}`);
  if (site.topology.kind !== 'fat-tree')
    throw new TwoLevelTableError(`site ${siteId} is a ${site.topology.kind}, not a fat-tree`);
  const k = site.topology.params['k'];
  if (k === undefined || k < 2 || k % 2 !== 0 || k > 254)
    throw new TwoLevelTableError(`site ${siteId} has no even k in 2..254`);
  const half = k / 2;
  const g = graph ?? buildSiteGraph(estate, siteId);
  const { ipOf, byIp, hostsAt, hostIp } = addressing(estate, siteId, g);
  const switches = new Map<string, SwitchTables>();
  const hosts: TwoLevelTables['hosts'] = new Map();

  const node = (ip: number, role: Device['role']): number => {
    const i = byIp.get(ip);
    if (i === undefined || g.nodes[i]!.role !== role)
      throw new TwoLevelTableError(`site ${siteId} has no ${role} at ${intToIpv4(ip)}`);
    return i;
  };
  // Each planned port is found among the switch's k neighbours by address and role
  // (plain loops: this runs for every port of a k=48 fabric).
  const ports = (self: number, plan: PortPlan): PortLink[] => {
    const found: (PortLink | undefined)[] = plan.ips.map(() => undefined);
    for (let e = g.offsets[self]!; e < g.offsets[self + 1]!; e++) {
      const v = g.targets[e]!;
      const p = plan.ips.indexOf(ipOf[v]!);
      if (p >= 0 && g.nodes[v]!.role === plan.roles[p])
        found[p] = { deviceId: g.nodes[v]!.id, linkId: g.links[g.edgeLink[e]!]!.id };
    }
    for (const h of hostsAt.get(self) ?? []) {
      const p = plan.ips.indexOf(hostIp.get(h.deviceId)!);
      if (p >= 0 && plan.roles[p] === 'host') found[p] = h;
    }
    const missing = found.indexOf(undefined);
    if (missing < 0) return found as PortLink[];
    const [ip, role] = [plan.ips[missing]!, plan.roles[missing]!];
    const to = role === 'host' ? `the host at ${intToIpv4(ip)}` : g.nodes[node(ip, role)]!.id;
    throw new TwoLevelTableError(`no link between ${g.nodes[self]!.id} and ${to}`);
  };
  const add = (self: number, tables: Omit<SwitchTables, 'switchId' | 'ip'>) => {
    const d = g.nodes[self]!;
    switches.set(d.id, { switchId: d.id, ip: d.ipv4!, ...tables });
  };

  for (let pod = 0; pod < k; pod++)
    for (let z = 0; z < k; z++) {
      const role = z < half ? 'edge' : 'aggregation';
      const self = node(quad(10, pod, z, 1), role);
      const own = ports(self, podSwitchPlan(k, pod, z));
      const prefixes: PrefixEntry[] = [];
      for (let i = 0; i < half; i++) {
        if (role === 'edge') {
          // Down port i reaches host ID i+2, which the primary table terminates as a /32.
          const ip = quad(10, pod, z, i + 2);
          prefixes.push(prefixEntry(ip, 32, i));
          const { deviceId, linkId } = own[i]!;
          hosts.set(deviceId, { ip: intToIpv4(ip), edge: g.nodes[self]!.id, linkId });
        } else {
          // Down port i reaches edge switch i; its subnet 10.pod.i.0/24 terminates here.
          prefixes.push(prefixEntry(quad(10, pod, i, 0), 24, i));
        }
      }
      prefixes.push(prefixEntry(0, 0, 'suffix'));
      const suffixes = Array.from({ length: half }, (_, i): SuffixEntry => {
        const hostId = i + 2;
        return { suffix: `0.0.0.${hostId}/8`, hostId, port: ((hostId - 2 + z) % half) + half };
      });
      add(self, { role, pod, position: z, ports: own, prefixes, suffixes });
    }
  for (let j = 1; j <= half; j++)
    for (let i = 1; i <= half; i++) {
      const self = node(quad(10, k, j, i), 'core');
      const prefixes = Array.from({ length: k }, (_, x) => prefixEntry(quad(10, x, 0, 0), 16, x));
      const own = ports(self, corePlan(k, j));
      add(self, {
        role: 'core',
        pod: undefined,
        position: undefined,
        ports: own,
        prefixes,
        suffixes: [],
      });
    }
  return { siteId, k, switches, hosts };
}
