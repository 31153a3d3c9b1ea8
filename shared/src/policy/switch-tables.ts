/**
 * MAC-table and FIB occupancy after a move (R20), against each device's
 * `tables` limits. The counts before come from the per-index model in
 * switch-model.ts; a move only adjusts them by its delta: the switches above
 * the source and destination hosts, every switch flooding a VLAN domain that
 * a VM leaves or joins, and the gateways of sites an overlay VM leaves or
 * joins. Migrations in flight add their VMs at their targets to both counts.
 */
import type { EstateIndex } from '../engine/estate-index.ts';
import type { DeviceRole } from '../model/device.ts';
import {
  cabling,
  domainSize,
  gatewayRoutes,
  macEntries,
  switchBelow,
  switchesOfDomain,
  vmTableEntry,
} from './switch-model.ts';
import {
  NO_ARRIVALS,
  resolveMoves,
  type Arrivals,
  type Placement,
  type ResolvedMove,
} from './placement.ts';

export interface TableOccupancy {
  before: number;
  after: number;
  /** The device's limit; absent when it declares none. */
  limit?: number;
}

export interface SwitchTableChange {
  deviceId: string;
  siteId: string;
  role: DeviceRole;
  macTable: TableOccupancy;
  fib: TableOccupancy;
  /** Either table over its limit after the move: frames flood or routes drop. */
  overflow: boolean;
}

interface SwitchDelta {
  overlayVms: number;
  overlayIps: number;
  vlanDomains: Map<string, number>;
}

/** What VMs arriving and leaving do to the tables, before it is turned into counts. */
interface Deltas {
  switches: Map<string, SwitchDelta>;
  /** VMs gained or lost per VLAN domain key. */
  sizes: Map<string, number>;
  /** Host routes gained or lost per site gateway. */
  gateways: Map<string, number>;
  /** Every switch whose counts may change. */
  affected: Set<string>;
}

/**
 * A VM arriving on a host, and leaving its own unless `leaves` is false: a
 * migration in flight, whose source runs the VM until the switchover, so the
 * VM is in the tables at both ends (once in a table that sees both).
 */
type TableMove = ResolvedMove & { leaves: boolean };

const bump = (map: Map<string, number>, key: string, by: number) =>
  map.set(key, (map.get(key) ?? 0) + by);

function occupancy(before: number, after: number, limit: number | undefined): TableOccupancy {
  return limit === undefined ? { before, after } : { before, after, limit };
}

function deltasOf(index: EstateIndex, moves: readonly TableMove[]): Deltas {
  const { switchesOfHost } = cabling(index);
  const d: Deltas = {
    switches: new Map(),
    sizes: new Map(),
    gateways: new Map(),
    affected: new Set(),
  };
  const delta = (switchId: string) => {
    let sd = d.switches.get(switchId);
    if (!sd)
      d.switches.set(switchId, (sd = { overlayVms: 0, overlayIps: 0, vlanDomains: new Map() }));
    d.affected.add(switchId);
    return sd;
  };
  const isHost = (id: string) => index.devices.get(id)?.role === 'host';

  for (const { vm, leaves, fromHostId, fromSiteId, toHostId, toSiteId } of moves) {
    const from = fromSiteId === undefined ? undefined : vmTableEntry(index, vm, fromSiteId);
    const to = vmTableEntry(index, vm, toSiteId);
    if (!to) continue;
    const fromSwitches = switchesOfHost.get(fromHostId) ?? [];
    // The network is the same at both ends, so `from` and `to` are both VLAN or both overlay.
    if (from && leaves)
      for (const s of fromSwitches) {
        const sd = delta(s);
        if (from.vlanDomain !== undefined) bump(sd.vlanDomains, from.vlanDomain, -1);
        else {
          sd.overlayVms--;
          sd.overlayIps -= from.ips;
        }
      }
    for (const s of switchesOfHost.get(toHostId) ?? []) {
      // A VM that stays at its source is in the tables of a switch above both hosts already.
      if (!leaves && fromSwitches.includes(s)) continue;
      const sd = delta(s);
      if (to.vlanDomain !== undefined) bump(sd.vlanDomains, to.vlanDomain, 1);
      else {
        sd.overlayVms++;
        sd.overlayIps += to.ips;
      }
    }
    if (to.vlanDomain !== undefined && from?.vlanDomain !== to.vlanDomain) {
      // The VM joins another VLAN domain: every switch flooding either domain gains or loses its MAC
      // (the old one keeps it while the VM stays at its source).
      if (from?.vlanDomain !== undefined && leaves) {
        bump(d.sizes, from.vlanDomain, -1);
        for (const s of switchesOfDomain(index, vm.networkId, fromSiteId!)) d.affected.add(s);
      }
      bump(d.sizes, to.vlanDomain, 1);
      for (const s of switchesOfDomain(index, vm.networkId, toSiteId)) d.affected.add(s);
    }
    if (to.vlanDomain === undefined && fromSiteId !== toSiteId) {
      if (leaves && fromSiteId !== undefined && isHost(fromHostId))
        bump(d.gateways, fromSiteId, -to.ips);
      if (isHost(toHostId)) bump(d.gateways, toSiteId, to.ips);
    }
  }
  return d;
}

/** A switch's MAC and FIB counts with the deltas applied. */
function countsOf(index: EstateIndex, d: Deltas, switchId: string): { mac: number; fib: number } {
  const below = switchBelow(index, switchId);
  const sd = d.switches.get(switchId);
  let mac = below.mac;
  if (sd) {
    const vlanAfter = new Map(below.vlanDomains);
    for (const [key, by] of sd.vlanDomains) bump(vlanAfter, key, by);
    mac = macEntries(
      below.overlayVms + sd.overlayVms,
      vlanAfter,
      (key) => domainSize(index, key) + (d.sizes.get(key) ?? 0),
    );
  } else
    // Nothing moved below this switch: only the sizes of the VLAN domains it floods changed.
    for (const [key, by] of d.sizes) if ((below.vlanDomains.get(key) ?? 0) > 0) mac += by;
  return { mac, fib: below.overlayIps + (sd?.overlayIps ?? 0) };
}

/**
 * Every switch or gateway whose MAC-table or FIB count changes under
 * `placement`, sorted by device id. The VMs of `arrivals` (migrations in
 * flight) are counted before and after at their targets as well as where
 * they run: until its switchover a VM may yet stay at its source.
 *
 * @example
 * switchTableChanges(index, new Map([['vm-1', 'fra1.acc-1-h3']])).filter((c) => c.overflow);
 */
export function switchTableChanges(
  index: EstateIndex,
  placement: Placement,
  arrivals: Arrivals = NO_ARRIVALS,
): SwitchTableChange[] {
  const held = resolveMoves(index, arrivals).map((a) => ({ ...a, leaves: false }));
  const moved = resolveMoves(index, placement).map((m) => ({ ...m, leaves: true }));
  const before = deltasOf(index, held);
  const after = deltasOf(index, [...held, ...moved]);

  const changes: SwitchTableChange[] = [];
  for (const switchId of after.affected) {
    const b = countsOf(index, before, switchId);
    const a = countsOf(index, after, switchId);
    if (b.mac === a.mac && b.fib === a.fib) continue;
    changes.push(change(index.devices.get(switchId)!, b.mac, a.mac, b.fib, a.fib));
  }
  for (const [siteId, by] of after.gateways) {
    const gateway = index.gatewayBySite.get(siteId);
    const routes = gatewayRoutes(index, siteId);
    const fibBefore = routes + (before.gateways.get(siteId) ?? 0);
    if (!gateway || routes + by === fibBefore) continue;
    changes.push(change(gateway, 0, 0, fibBefore, routes + by));
  }
  return changes.sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
}

function change(
  device: {
    id: string;
    siteId: string;
    role: DeviceRole;
    tables?: { macTable: number; fib: number };
  },
  macBefore: number,
  macAfter: number,
  fibBefore: number,
  fibAfter: number,
): SwitchTableChange {
  const macTable = occupancy(macBefore, macAfter, device.tables?.macTable);
  const fib = occupancy(fibBefore, fibAfter, device.tables?.fib);
  return {
    deviceId: device.id,
    siteId: device.siteId,
    role: device.role,
    macTable,
    fib,
    overflow:
      (macTable.limit !== undefined && macAfter > macTable.limit) ||
      (fib.limit !== undefined && fibAfter > fib.limit),
  };
}
