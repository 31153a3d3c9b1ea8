/**
 * Looking up the fat-tree two-level tables (built in two-level-tables.ts):
 * one switch's next hop for a destination, the whole path between two hosts,
 * and that path on a live graph, refused where a link or switch is down.
 */
import type { Estate } from '../model/estate.ts';
import type { Link } from '../model/link.ts';
import type { SiteGraph } from './site-graph.ts';
import {
  buildTwoLevelTables,
  ipv4ToInt,
  matches,
  TwoLevelTableError,
  type SwitchTables,
  type TwoLevelHop,
  type TwoLevelTables,
} from './two-level-tables.ts';

export * from './two-level-tables.ts';

/**
 * One lookup: the longest matching terminating prefix gives the port; the
 * default entry defers to the suffix whose host ID equals the destination's
 * last byte. Undefined when nothing matches (an address outside the plan) or
 * the switch is unknown; a malformed address throws TwoLevelTableError.
 */
export function twoLevelNextHop(
  tables: TwoLevelTables,
  switchId: string,
  dstIp: string | number,
): TwoLevelHop | undefined {
  const sw = tables.switches.get(switchId);
  if (!sw) return undefined;
  const ip = typeof dstIp === 'number' ? dstIp : ipv4ToInt(dstIp);
  for (const entry of sw.prefixes) {
    if (!matches(entry, ip)) continue;
    if (entry.port !== 'suffix') return hop(sw, entry.port, entry.prefix);
    const hostId = ip & 0xff;
    const suffix = sw.suffixes.find((s) => s.hostId === hostId);
    return suffix && hop(sw, suffix.port, suffix.suffix);
  }
  return undefined;
}

function hop(sw: SwitchTables, port: number, matched: string): TwoLevelHop | undefined {
  const p = sw.ports[port];
  return p && { port, deviceId: p.deviceId, linkId: p.linkId, matched };
}

/**
 * The path the tables give from one host to another of the same site: the
 * source host's edge switch, then one lookup per switch until the
 * destination host. Undefined for unknown hosts or a lookup that fails.
 */
export function twoLevelPath(
  tables: TwoLevelTables,
  srcHostId: string,
  dstHostId: string,
): { devices: string[]; links: string[] } | undefined {
  const src = tables.hosts.get(srcHostId);
  const dst = tables.hosts.get(dstHostId);
  if (!src || !dst) return undefined;
  if (srcHostId === dstHostId) return { devices: [srcHostId], links: [] };
  const dstIp = ipv4ToInt(dst.ip);
  const devices = [srcHostId, src.edge];
  const links = [src.linkId];
  let at = src.edge;
  // Up to core and down again is five switch hops; more would mean a loop.
  for (let step = 0; step < 6; step++) {
    const next = twoLevelNextHop(tables, at, dstIp);
    if (!next) return undefined;
    devices.push(next.deviceId);
    links.push(next.linkId);
    if (next.deviceId === dstHostId) return { devices, links };
    at = next.deviceId;
  }
  return undefined;
}

/** buildTwoLevelTables without the throw, for callers that fall back to link-state. */
export function tryBuildTwoLevelTables(
  estate: Estate,
  siteId: string,
  graph?: SiteGraph,
): { tables: TwoLevelTables } | { error: string } {
  try {
    return { tables: buildTwoLevelTables(estate, siteId, graph) };
  } catch (e) {
    if (e instanceof TwoLevelTableError) return { error: e.message };
    throw e;
  }
}

/**
 * The tables' path on a live site graph: undefined when a link or switch on it
 * is down, since static tables would black-hole the flow there.
 */
export function usableTwoLevelPath(
  g: SiteGraph,
  tables: TwoLevelTables,
  src: string,
  dst: string,
): { devices: string[]; links: Link[]; cost: number } | undefined {
  const path = twoLevelPath(tables, src, dst);
  if (!path) return undefined;
  const links: Link[] = [];
  let cost = 0;
  for (const id of path.links) {
    const i = g.linkIndexOf.get(id);
    if (i === undefined || g.linkUp[i] !== 1) return undefined;
    links.push(g.links[i]!);
    cost += g.links[i]!.cost;
  }
  for (const d of path.devices) {
    const n = g.indexOf.get(d);
    if (n !== undefined && g.nodeUp[n] !== 1) return undefined;
  }
  return { devices: path.devices, links, cost };
}
