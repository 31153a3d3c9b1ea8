/**
 * MAC-table and FIB occupancy after a move (R20), against each device's
 * `tables` limits. The counts before come from the per-index model in
 * switch-model.ts; a move only adjusts them by its delta: the switches above
 * the source and destination hosts, every switch flooding a VLAN domain that
 * a VM leaves or joins, and the gateways of sites an overlay VM leaves or joins.
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
import { resolveMoves, type Placement } from './placement.ts';

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

const bump = (map: Map<string, number>, key: string, by: number) =>
  map.set(key, (map.get(key) ?? 0) + by);

function occupancy(before: number, after: number, limit: number | undefined): TableOccupancy {
  return limit === undefined ? { before, after } : { before, after, limit };
}

/**
 * Every switch or gateway whose MAC-table or FIB count changes under
 * `placement`, sorted by device id.
 *
 * @example
 * switchTableChanges(index, new Map([['vm-1', 'fra1.acc-1-h3']])).filter((c) => c.overflow);
 */
export function switchTableChanges(index: EstateIndex, placement: Placement): SwitchTableChange[] {
  const { switchesOfHost } = cabling(index);
  const deltas = new Map<string, SwitchDelta>();
  const sizeDelta = new Map<string, number>();
  const gatewayDelta = new Map<string, number>();
  const affected = new Set<string>();
  const delta = (switchId: string) => {
    let d = deltas.get(switchId);
    if (!d) deltas.set(switchId, (d = { overlayVms: 0, overlayIps: 0, vlanDomains: new Map() }));
    affected.add(switchId);
    return d;
  };
  const isHost = (id: string) => index.devices.get(id)?.role === 'host';

  for (const move of resolveMoves(index, placement)) {
    const { vm, fromHostId, fromSiteId, toHostId, toSiteId } = move;
    const from = fromSiteId === undefined ? undefined : vmTableEntry(index, vm, fromSiteId);
    const to = vmTableEntry(index, vm, toSiteId);
    if (!to) continue;
    // The network is the same at both ends, so `from` and `to` are both VLAN or both overlay.
    if (from)
      for (const s of switchesOfHost.get(fromHostId) ?? []) {
        const d = delta(s);
        if (from.vlanDomain !== undefined) bump(d.vlanDomains, from.vlanDomain, -1);
        else {
          d.overlayVms--;
          d.overlayIps -= from.ips;
        }
      }
    for (const s of switchesOfHost.get(toHostId) ?? []) {
      const d = delta(s);
      if (to.vlanDomain !== undefined) bump(d.vlanDomains, to.vlanDomain, 1);
      else {
        d.overlayVms++;
        d.overlayIps += to.ips;
      }
    }
    if (to.vlanDomain !== undefined && from?.vlanDomain !== to.vlanDomain) {
      // The VM changes VLAN domain: every switch flooding either domain gains or loses its MAC.
      if (from?.vlanDomain !== undefined) {
        bump(sizeDelta, from.vlanDomain, -1);
        for (const s of switchesOfDomain(index, vm.networkId, fromSiteId!)) affected.add(s);
      }
      bump(sizeDelta, to.vlanDomain, 1);
      for (const s of switchesOfDomain(index, vm.networkId, toSiteId)) affected.add(s);
    }
    if (to.vlanDomain === undefined && fromSiteId !== toSiteId) {
      if (fromSiteId !== undefined && isHost(fromHostId)) bump(gatewayDelta, fromSiteId, -to.ips);
      if (isHost(toHostId)) bump(gatewayDelta, toSiteId, to.ips);
    }
  }

  const changes: SwitchTableChange[] = [];
  const sizeAfter = (key: string) => domainSize(index, key) + (sizeDelta.get(key) ?? 0);
  for (const switchId of affected) {
    const device = index.devices.get(switchId)!;
    const below = switchBelow(index, switchId);
    const d = deltas.get(switchId);
    let macAfter = below.mac;
    if (d) {
      const vlanAfter = new Map(below.vlanDomains);
      for (const [key, by] of d.vlanDomains) bump(vlanAfter, key, by);
      macAfter = macEntries(below.overlayVms + d.overlayVms, vlanAfter, sizeAfter);
    } else
      // Nothing moved below this switch: only the sizes of the VLAN domains it floods changed.
      for (const [key, by] of sizeDelta) if ((below.vlanDomains.get(key) ?? 0) > 0) macAfter += by;
    const fibAfter = below.overlayIps + (d?.overlayIps ?? 0);
    if (below.mac === macAfter && below.overlayIps === fibAfter) continue;
    changes.push(change(device, below.mac, macAfter, below.overlayIps, fibAfter));
  }
  for (const [siteId, by] of gatewayDelta) {
    const gateway = index.gatewayBySite.get(siteId);
    if (!gateway || by === 0) continue;
    const before = gatewayRoutes(index, siteId);
    changes.push(change(gateway, 0, 0, before, before + by));
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
