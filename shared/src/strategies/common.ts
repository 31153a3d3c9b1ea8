/** Helpers the strategies share: VTEP/agent sets, tunnel meshes, table counts, announcement timing. */
import { perIndex } from '../addressing/per-index.ts';
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
 * Time after switchover until peers reach the VM again, in two parts that add
 * up to it: until the first announcement (GARP / unsolicited NA) is received,
 * and the network switch after that (EVPN hops, agent and PMIP control pushes,
 * whichever ends last). From the migration model's reconvergence estimate
 * (docs/migration-model.md, §5).
 */
export interface Reachability {
  announceMs: number;
  networkSwitchMs: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function reachability(input: ReconvergenceInput): Reachability {
  const e = estimateReconvergence(input);
  const totalMs = round2(e.timeToReachabilityMs);
  const announceMs = Math.min(totalMs, round2(e.announceMs));
  return { announceMs, networkSwitchMs: round2(totalMs - announceMs) };
}

export const reachabilityMs = (r: Reachability): number => round2(r.announceMs + r.networkSwitchMs);

/** What the strategies read of a network before any move. */
export interface NetworkMembers {
  /** How many of its VMs each host runs. */
  vmsPerHost: ReadonlyMap<string, number>;
  /** The hosts running any of them. */
  hosts: ReadonlySet<string>;
  vms: number;
  /** Its VMs' addresses, both families: the entries of a full agent table of its cluster. */
  addresses: number;
}

// Built once per network and estate index: a preview on every drag frame must not scan a network's VMs.
const membersBefore = perIndex(() => new Map<string, NetworkMembers>());

export function networkMembers(ctx: MoveContext, network: VirtualNetwork): NetworkMembers {
  const cache = membersBefore(ctx.engine.index);
  let members = cache.get(network.id);
  if (!members) {
    const vmsPerHost = new Map<string, number>();
    let addresses = 0;
    const vms = ctx.engine.index.vmsByNetwork.get(network.id) ?? [];
    for (const vm of vms) {
      vmsPerHost.set(vm.hostId, (vmsPerHost.get(vm.hostId) ?? 0) + 1);
      addresses += (vm.ipv4 ? 1 : 0) + (vm.ipv6 ? 1 : 0);
    }
    members = { vmsPerHost, hosts: new Set(vmsPerHost.keys()), vms: vms.length, addresses };
    cache.set(network.id, members);
  }
  return members;
}

/**
 * Hosts running VMs of a network, before and after the placement. Only the
 * moved VMs are looked at: the counts before are cached per network.
 */
export function memberHosts(
  ctx: MoveContext,
  network: VirtualNetwork,
): { before: HostSet; after: HostSet } {
  const { vmsPerHost: counts, hosts: before } = networkMembers(ctx, network);
  const delta = new Map<string, number>();
  for (const [vmId, hostId] of ctx.placement) {
    const vm = ctx.engine.index.vms.get(vmId);
    if (!vm || vm.networkId !== network.id || vm.hostId === hostId) continue;
    delta.set(vm.hostId, (delta.get(vm.hostId) ?? 0) - 1);
    delta.set(hostId, (delta.get(hostId) ?? 0) + 1);
  }
  if (delta.size === 0) return { before, after: before };
  const added = new Set<string>();
  const removed = new Set<string>();
  for (const [hostId, d] of delta) {
    const now = (counts.get(hostId) ?? 0) + d > 0;
    if (now && !before.has(hostId)) added.add(hostId);
    if (!now && before.has(hostId)) removed.add(hostId);
  }
  return { before, after: new AdjustedSet(before, added, removed) };
}

/** What the strategies ask of a set of hosts: membership, size, and the hosts in turn. */
export type HostSet = Pick<ReadonlySet<string>, 'has' | 'size'> & Iterable<string>;

/**
 * A set as another one with a few members added and removed, without
 * copying it: a network's hosts number in the hundreds, a move changes two.
 * Its members are listed once, on the first walk.
 */
class AdjustedSet implements HostSet {
  private list: string[] | undefined;

  constructor(
    private readonly base: ReadonlySet<string>,
    private readonly added: ReadonlySet<string>,
    private readonly removed: ReadonlySet<string>,
  ) {}

  get size(): number {
    return this.base.size + this.added.size - this.removed.size;
  }

  has(value: string): boolean {
    return this.added.has(value) || (this.base.has(value) && !this.removed.has(value));
  }

  [Symbol.iterator](): Iterator<string> {
    if (!this.list) {
      const list: string[] = [];
      for (const v of this.base) if (!this.removed.has(v)) list.push(v);
      for (const v of this.added) list.push(v);
      this.list = list;
    }
    return this.list.values();
  }
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
    parallelRun: false,
    reachability: { announceMs: 0, networkSwitchMs: 0 },
    staleMappingWindowMs: null,
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
  members: { before: HostSet; after: HostSet };
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

/** `changed` entries (one by default) on each of these devices. */
export function changedOn(
  deviceIds: Iterable<string>,
  table: TableChange['table'],
  changed = 1,
): TableChange[] {
  const out: TableChange[] = [];
  for (const deviceId of deviceIds) out.push({ deviceId, table, added: 0, changed, removed: 0 });
  return out;
}

/** The members but these hosts, in one pass (a network's member hosts number in the hundreds). */
export function membersExcept(members: Iterable<string>, ...hosts: string[]): string[] {
  const out: string[] = [];
  for (const h of members) if (!hosts.includes(h)) out.push(h);
  return out;
}

/** The edge (ToR / leaf / access / BCube) switches a host hangs off: where its VMs' MACs are learned. */
export function torsOf(ctx: MoveContext, hostId: string): string[] {
  const site = ctx.engine.routing.sites.get(ctx.engine.index.devices.get(hostId)?.siteId ?? '');
  if (!site) return [];
  const atts = site.graph.attachments.get(hostId) ?? [];
  return atts.map((a) => site.graph.nodes[a.node]!.id);
}
