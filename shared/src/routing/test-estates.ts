/** Estates for the routing tests: one generated site with its gateway, and small hand-written sites. */
import type { DeviceRole } from '../model/device.ts';
import type { Estate } from '../model/estate.ts';
import type { GeneratedTopologyKind } from '../model/site.ts';
import { ospfCost } from '../topology/fabric.ts';
import { buildMultiSiteEstate, type SiteSpec } from '../topology/multi-site.ts';

/** The site id of every estate built here. */
export const SITE = 'dc';

function siteSpec(
  id: string,
  kind: GeneratedTopologyKind,
  params: Record<string, number>,
): SiteSpec {
  return {
    id,
    name: id,
    ownership: 'private',
    region: id,
    location: { lat: 0, lon: id.length },
    topology: { kind, params },
    gateway: { stack: 'dual' },
  };
}

/** One generated site with its gateway attached to the border devices, as the multi-site builder does it. */
export function siteWithGateway(
  kind: GeneratedTopologyKind,
  params: Record<string, number>,
): Estate {
  return buildMultiSiteEstate({
    id: 'e',
    name: 'e',
    wan: 'none',
    sites: [siteSpec(SITE, kind, params)],
  });
}

/** Generated sites of one kind, each with its gateway, joined by a WAN mesh. */
export function sitesWithWan(
  ids: string[],
  kind: GeneratedTopologyKind,
  params: Record<string, number>,
): Estate {
  return buildMultiSiteEstate({
    id: 'e',
    name: 'e',
    wan: 'mesh',
    sites: ids.map((id) => siteSpec(id, kind, params)),
  });
}

/**
 * A hand-written site: devices by id and role, links by their ends and speed
 * (cost by the fabric's OSPF rule, 400 Gbps / speed). Ids get the site prefix.
 */
export function handWrittenSite(
  devices: Record<string, DeviceRole>,
  links: [string, string, number][],
): Estate {
  const estate = siteWithGateway('leaf-spine', { spines: 1, leaves: 1, hostsPerLeaf: 1 });
  const id = (local: string) => `${SITE}.${local}`;
  estate.devices = Object.entries(devices).map(([local, role]) => ({
    id: id(local),
    siteId: SITE,
    name: local,
    role,
    ports: links.filter((l) => l.includes(local)).length || 1,
    state: 'up',
    ...(role === 'host' && { capacity: { vcpu: 8, memoryGiB: 64, diskGiB: 100 } }),
  }));
  estate.links = links.map(([a, b, gbps]) => ({
    id: `${id(a)}~${id(b)}`,
    a: id(a),
    b: id(b),
    capacityGbps: gbps,
    latencyMs: 0.005,
    cost: ospfCost(gbps),
    state: 'up',
    utilisation: 0,
  }));
  return estate;
}
