/** Helpers the strategies share: VTEP/agent sets, tunnel meshes, table counts, announcement timing. */
import type { Device } from '../model/device.ts';
import type { VirtualNetwork } from '../model/virtual-network.ts';
import { ENGINE_DEFAULTS } from '../impact/engine.ts';
import { estimateReconvergence, type ReconvergenceInput } from '../migration/reconvergence.ts';
import type { MoveContext, VmMove } from '../impact/move-context.ts';
import { l2DomainKey } from '../model/validate.ts';
import type { TableChange, Tunnel } from '../impact/report.ts';
import { encapsulationOverhead, type Encapsulation } from '../overlay/encapsulation.ts';
import type { StrategyOutcome } from './types.ts';

/** Listed tunnels are capped so a report on a huge network stays small; the counts stay exact. */
export const MAX_LISTED_TUNNELS = 200;

/**
 * Time after switchover until peers reach the VM again, from the migration
 * model's reconvergence estimate (QEMU's announce timer, EVPN hops, agent and
 * PMIP control pushes; docs/migration-model.md).
 */
export function reconvergenceMs(input: ReconvergenceInput): number {
  return Math.round(estimateReconvergence(input).timeToReachabilityMs * 100) / 100;
}

/** Hosts running VMs of a network, before and after the placement. */
export function memberHosts(
  ctx: MoveContext,
  network: VirtualNetwork,
): { before: Set<string>; after: Set<string> } {
  const vms = ctx.engine.index.vmsByNetwork.get(network.id) ?? [];
  const before = new Set(vms.map((vm) => vm.hostId));
  const after = new Set(vms.map((vm) => ctx.placement.get(vm.id) ?? vm.hostId));
  return { before, after };
}

/**
 * An outcome that changes nothing yet. The anchor is a move that keeps the VM
 * in its L2 domain and leaves its route where it was: traffic leaves at the
 * new site, enters at the old one; each strategy says what it moves.
 */
export function emptyOutcome(move: VmMove): StrategyOutcome {
  return {
    kept: true,
    ipv4After: null,
    ipv6After: null,
    announcements: [],
    tunnelsCreated: [],
    tunnelsRemoved: [],
    tunnelsCreatedCount: 0,
    tunnelsRemovedCount: 0,
    tables: [],
    anchor: {
      exitSiteId: move.toSite.id,
      entrySiteId: move.fromSite.id,
      tunnelEnd: 'host',
      domain: l2DomainKey(move.network, move.fromSite.id),
    },
    live: true,
    reconvergenceMs: 0,
    prepare: [],
    switchover: [],
    blocking: [],
    warnings: [],
  };
}

/**
 * The IP family of the tunnel between two hosts: IPv4 when both ends and, across
 * sites, both DC gateways route it; IPv6 otherwise (an IPv6-only gateway forces
 * IPv6 outer headers, which cost 20 bytes more).
 */
export function outerFamily(ctx: MoveContext, a: Device, b: Device): 'ipv4' | 'ipv6' {
  if (!a.ipv4 || !b.ipv4) return 'ipv6';
  if (a.siteId === b.siteId) return 'ipv4';
  const gw = ctx.engine.index.gatewayBySite;
  const v4 = (siteId: string) => gw.get(siteId)?.stack !== 'ipv6';
  return v4(a.siteId) && v4(b.siteId) ? 'ipv4' : 'ipv6';
}

/** The MTU a tunnel has to fit in: the WAN's when its ends are in different sites. */
export function underlayMtu(a: Device, b: Device): number {
  return a.siteId === b.siteId ? ENGINE_DEFAULTS.fabricMtu : ENGINE_DEFAULTS.wanMtu;
}

export function tunnel(
  kind: Tunnel['kind'],
  a: Device,
  b: Device,
  segment: string,
  enc: Encapsulation,
): Tunnel {
  const overheadBytes = encapsulationOverhead(enc);
  return {
    kind,
    a: a.id,
    b: b.id,
    segment,
    overheadBytes,
    vmMtu: underlayMtu(a, b) - overheadBytes,
  };
}

/**
 * Full-mesh tunnel changes for an overlay whose endpoints are the member hosts:
 * the new host meshes with every member when it had no member VM before; the
 * old host's tunnels go when its last member VM leaves.
 */
export function meshChanges(
  ctx: MoveContext,
  move: VmMove,
  make: (a: Device, b: Device) => Tunnel,
): Pick<
  StrategyOutcome,
  'tunnelsCreated' | 'tunnelsRemoved' | 'tunnelsCreatedCount' | 'tunnelsRemovedCount'
> & {
  members: { before: Set<string>; after: Set<string> };
} {
  const members = memberHosts(ctx, move.network);
  const devices = ctx.engine.index.devices;
  const created: Tunnel[] = [];
  const removed: Tunnel[] = [];
  let createdCount = 0;
  let removedCount = 0;
  if (!members.before.has(move.toHost.id)) {
    for (const h of members.after) {
      if (h === move.toHost.id) continue;
      createdCount++;
      if (created.length < MAX_LISTED_TUNNELS) created.push(make(move.toHost, devices.get(h)!));
    }
  }
  if (!members.after.has(move.fromHost.id)) {
    for (const h of members.before) {
      if (h === move.fromHost.id) continue;
      removedCount++;
      if (removed.length < MAX_LISTED_TUNNELS) removed.push(make(move.fromHost, devices.get(h)!));
    }
  }
  return {
    tunnelsCreated: created,
    tunnelsRemoved: removed,
    tunnelsCreatedCount: createdCount,
    tunnelsRemovedCount: removedCount,
    members,
  };
}

/** One `changed` entry on each of these devices. */
export function changedOn(deviceIds: Iterable<string>, table: TableChange['table']): TableChange[] {
  return [...deviceIds].map((deviceId) => ({ deviceId, table, added: 0, changed: 1, removed: 0 }));
}

/** The edge (ToR / leaf / access / BCube) switches a host hangs off: where its VMs' MACs are learned. */
export function torsOf(ctx: MoveContext, hostId: string): string[] {
  const site = ctx.engine.routing.sites.get(ctx.engine.index.devices.get(hostId)?.siteId ?? '');
  if (!site) return [];
  const atts = site.graph.attachments.get(hostId) ?? [];
  return atts.map((a) => site.graph.nodes[a.node]!.id);
}
