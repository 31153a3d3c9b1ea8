/**
 * The multi-site builder (R12): several generated sites, a DC gateway per
 * site (IPv4-only, IPv6-only or dual-stack) attached to the site's border
 * switches, and a WAN mesh or ring between the gateways.
 */
import { emptyEstate, type Estate } from '../model/estate.ts';
import type { Device } from '../model/device.ts';
import type { IpStack } from '../model/primitives.ts';
import type { GeneratedTopologyKind, Site } from '../model/site.ts';
import type { WanLink } from '../model/wan-link.ts';
import { assignableOffset, FABRIC_DEFAULTS, ipv4Block, ipv4Text, ospfCost } from './fabric.ts';
import { resolveTopologyParams, topologyGenerators } from './registry.ts';

export const WAN_DEFAULTS = {
  /** DCI link speed, Gbps. */
  capacityGbps: 100,
  /** Light in fibre covers about 200 km per millisecond. */
  kmPerMs: 200,
  /** Fibre routes are longer than great circles by about this factor. */
  routeFactor: 1.3,
} as const;

export interface SiteSpec {
  id: string;
  name: string;
  ownership: Site['ownership'];
  region: string;
  location: Site['location'];
  topology: { kind: GeneratedTopologyKind; params?: Record<string, number> };
  routingMode?: Site['routingMode'];
  /** The site's DC gateway; omit for a lone site with no WAN. */
  gateway?: { stack: IpStack };
}

export interface MultiSiteSpec {
  id: string;
  name: string;
  description?: string;
  sites: SiteSpec[];
  wan: 'mesh' | 'ring' | 'none';
}

/** Great-circle distance in km (haversine). */
export function greatCircleKm(a: Site['location'], b: Site['location']): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

export function wanLatencyMs(a: Site['location'], b: Site['location']): number {
  const ms = (greatCircleKm(a, b) * WAN_DEFAULTS.routeFactor) / WAN_DEFAULTS.kmPerMs;
  return Math.round(ms * 100) / 100;
}

function gatewayDevice(spec: SiteSpec, index: number): Device {
  const stack = spec.gateway!.stack;
  return {
    id: `${spec.id}.gw-1`,
    siteId: spec.id,
    name: `${spec.id}-gw-1`,
    role: 'gateway',
    ports: 1,
    state: 'up',
    stack,
    // 100.64/10 (RFC 6598), last octets 1..254 like the fabric plans; ::0 is never used.
    ...(stack !== 'ipv6' && { ipv4: ipv4Text(ipv4Block(100, 64, 0) + assignableOffset(index)) }),
    ...(stack !== 'ipv4' && { ipv6: `2001:db8:ffff::${(index + 1).toString(16)}` }),
    tables: { ...FABRIC_DEFAULTS.tables.gateway! },
  };
}

export function buildMultiSiteEstate(spec: MultiSiteSpec): Estate {
  const estate = emptyEstate(spec.id, spec.name, spec.description);
  const gateways: { site: SiteSpec; id: string }[] = [];
  spec.sites.forEach((s, index) => {
    const params = resolveTopologyParams(s.topology.kind, s.topology.params);
    const fabric = topologyGenerators[s.topology.kind].build(s.id, params);
    estate.sites.push({
      id: s.id,
      name: s.name,
      ownership: s.ownership,
      region: s.region,
      location: s.location,
      topology: { kind: s.topology.kind, params },
      routingMode: s.routingMode ?? (s.topology.kind === 'fat-tree' ? 'two-level' : 'link-state'),
      underlay: { ipv4: '10.0.0.0/8' },
    });
    // One push per item: spread arguments go on the stack, which a fat-tree's 100,000+ links overflow.
    for (const device of fabric.devices) estate.devices.push(device);
    for (const link of fabric.links) estate.links.push(link);
    if (!s.gateway) return;
    const gw = gatewayDevice(s, index);
    estate.devices.push(gw);
    for (const border of fabric.borderIds) {
      estate.links.push({
        id: `${gw.id}~${border}`,
        a: gw.id,
        b: border,
        capacityGbps: FABRIC_DEFAULTS.fabricLinkGbps,
        latencyMs: FABRIC_DEFAULTS.hopLatencyMs,
        cost: ospfCost(FABRIC_DEFAULTS.fabricLinkGbps),
        state: 'up',
        utilisation: 0,
      });
    }
    gw.ports = fabric.borderIds.length;
    gateways.push({ site: s, id: gw.id });
  });

  const pairs: [number, number][] = [];
  const n = gateways.length;
  if (spec.wan === 'mesh')
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
  if (spec.wan === 'ring' && n > 1)
    for (let i = 0; i < n; i++) if (n > 2 || i === 0) pairs.push([i, (i + 1) % n]);
  const devicesById = new Map(estate.devices.map((d) => [d.id, d]));
  for (const [i, j] of pairs) {
    const a = gateways[i]!;
    const b = gateways[j]!;
    const latencyMs = wanLatencyMs(a.site.location, b.site.location);
    const link: WanLink = {
      id: `wan.${a.site.id}~${b.site.id}`,
      a: a.id,
      b: b.id,
      capacityGbps: WAN_DEFAULTS.capacityGbps,
      latencyMs,
      cost: Math.max(1, Math.round(latencyMs)),
      state: 'up',
      utilisation: 0,
    };
    estate.wanLinks.push(link);
    devicesById.get(a.id)!.ports++;
    devicesById.get(b.id)!.ports++;
  }
  return estate;
}

/** One generated site on its own, with no gateway: what `vmmi generate <kind>` prints. */
export function buildSingleSiteEstate(
  kind: GeneratedTopologyKind,
  params: Record<string, number> = {},
): Estate {
  const id = `${kind}-site`;
  return buildMultiSiteEstate({
    id: `${kind}-estate`,
    name: `Generated ${topologyGenerators[kind].description}`,
    sites: [
      {
        id,
        name: `${kind} site`,
        ownership: 'private',
        region: 'lab',
        location: { lat: 0, lon: 0 },
        topology: { kind, params },
      },
    ],
    wan: 'none',
  });
}
