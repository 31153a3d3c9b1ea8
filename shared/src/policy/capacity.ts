/**
 * Host and site load with a move applied (R16, R19). A host's load is the sum
 * of its VMs' vCPU, memory and local disk (shared-storage disks live on the
 * storage array, not the host). Loads before the move are computed once per
 * host or site and cached with the index; a move only adds and subtracts the
 * moved VMs, so a preview costs O(VMs moved).
 */
import type { EstateIndex } from '../engine/estate-index.ts';
import type { Vm } from '../model/vm.ts';
import { perIndex } from '../addressing/per-index.ts';
import { resolveMoves, type Placement } from './placement.ts';

export interface HostLoad {
  vcpu: number;
  memoryGiB: number;
  /** Local disk only. */
  diskGiB: number;
}

export interface HostLoadChange {
  hostId: string;
  siteId: string;
  /** All zero for a device that is not a host: nothing fits on a switch. */
  capacity: HostLoad;
  before: HostLoad;
  after: HostLoad;
  vmsIn: string[];
  vmsOut: string[];
  /** The dimensions over capacity after the move. */
  exceeded: (keyof HostLoad)[];
  over: boolean;
}

const DIMENSIONS: readonly (keyof HostLoad)[] = ['vcpu', 'memoryGiB', 'diskGiB'];
const ZERO: HostLoad = { vcpu: 0, memoryGiB: 0, diskGiB: 0 };

function vmLoad(vm: Vm): HostLoad {
  return {
    vcpu: vm.vcpu,
    memoryGiB: vm.memoryGiB,
    diskGiB: vm.disk.kind === 'local' ? vm.disk.sizeGiB : 0,
  };
}

function add(a: HostLoad, b: HostLoad, sign: 1 | -1): HostLoad {
  return {
    vcpu: a.vcpu + sign * b.vcpu,
    memoryGiB: a.memoryGiB + sign * b.memoryGiB,
    diskGiB: a.diskGiB + sign * b.diskGiB,
  };
}

const hostLoads = perIndex(() => new Map<string, HostLoad>());

/** The load of a host before any move, from its VMs (cached). */
export function hostLoad(index: EstateIndex, hostId: string): HostLoad {
  const cache = hostLoads(index);
  let load = cache.get(hostId);
  if (!load) {
    load = ZERO;
    for (const vm of index.vmsByHost.get(hostId) ?? []) load = add(load, vmLoad(vm), 1);
    cache.set(hostId, load);
  }
  return load;
}

/**
 * Every host that gains or loses VMs under `placement`, with its load before
 * and after against its capacity, sorted by host id.
 *
 * @example
 * hostCapacityAfter(index, new Map([['vm-1', 'h2']])); // [{ hostId: 'h1', ... }, { hostId: 'h2', over: false, ... }]
 */
export function hostCapacityAfter(index: EstateIndex, placement: Placement): HostLoadChange[] {
  const touched = new Map<string, { after: HostLoad; vmsIn: string[]; vmsOut: string[] }>();
  const entry = (hostId: string) => {
    let e = touched.get(hostId);
    if (!e) touched.set(hostId, (e = { after: hostLoad(index, hostId), vmsIn: [], vmsOut: [] }));
    return e;
  };
  for (const move of resolveMoves(index, placement)) {
    const load = vmLoad(move.vm);
    const from = entry(move.fromHostId);
    from.after = add(from.after, load, -1);
    from.vmsOut.push(move.vm.id);
    const to = entry(move.toHostId);
    to.after = add(to.after, load, 1);
    to.vmsIn.push(move.vm.id);
  }
  const changes: HostLoadChange[] = [];
  for (const [hostId, e] of touched) {
    const device = index.devices.get(hostId);
    const capacity = device?.role === 'host' && device.capacity ? device.capacity : ZERO;
    const exceeded = DIMENSIONS.filter((k) => e.after[k] > capacity[k]);
    changes.push({
      hostId,
      siteId: device?.siteId ?? '',
      capacity,
      before: hostLoad(index, hostId),
      after: e.after,
      vmsIn: e.vmsIn,
      vmsOut: e.vmsOut,
      exceeded,
      over: exceeded.length > 0,
    });
  }
  return changes.sort((a, b) => (a.hostId < b.hostId ? -1 : a.hostId > b.hostId ? 1 : 0));
}

export interface SiteUsage {
  vcpuUsed: number;
  vcpuTotal: number;
  memoryGiBUsed: number;
  memoryGiBTotal: number;
  /** used / total, 0 for a site without hosts. */
  vcpuUtilisation: number;
  memoryUtilisation: number;
}

export interface SiteLoad {
  siteId: string;
  before: SiteUsage;
  after: SiteUsage;
}

interface SiteBase {
  used: HostLoad;
  total: HostLoad;
}

const siteBases = perIndex(() => new Map<string, SiteBase>());

function siteBase(index: EstateIndex, siteId: string): SiteBase {
  const cache = siteBases(index);
  let base = cache.get(siteId);
  if (!base) {
    let used = ZERO;
    let total = ZERO;
    // Every host counts, up or down: capacity planning looks at the installed base.
    for (const host of index.hostsBySite.get(siteId) ?? []) {
      used = add(used, hostLoad(index, host.id), 1);
      if (host.capacity) total = add(total, host.capacity, 1);
    }
    cache.set(siteId, (base = { used, total }));
  }
  return base;
}

function usage(used: HostLoad, total: HostLoad): SiteUsage {
  return {
    vcpuUsed: used.vcpu,
    vcpuTotal: total.vcpu,
    memoryGiBUsed: used.memoryGiB,
    memoryGiBTotal: total.memoryGiB,
    vcpuUtilisation: total.vcpu > 0 ? used.vcpu / total.vcpu : 0,
    memoryUtilisation: total.memoryGiB > 0 ? used.memoryGiB / total.memoryGiB : 0,
  };
}

/**
 * vCPU and memory utilisation of a site before and after `placement` (R16:
 * local and global balancing, consolidation).
 *
 * @example
 * siteLoad(index, 'lon1', placement).after.vcpuUtilisation; // 0.42
 */
export function siteLoad(index: EstateIndex, siteId: string, placement: Placement): SiteLoad {
  const base = siteBase(index, siteId);
  let used = base.used;
  for (const move of resolveMoves(index, placement)) {
    if (move.fromSiteId === move.toSiteId) continue;
    // Only VMs on hosts count, as in the base; a VM parked on an unknown device is not the site's load.
    if (move.fromSiteId === siteId && index.devices.get(move.fromHostId)?.role === 'host')
      used = add(used, vmLoad(move.vm), -1);
    if (move.toSiteId === siteId && index.devices.get(move.toHostId)?.role === 'host')
      used = add(used, vmLoad(move.vm), 1);
  }
  return { siteId, before: usage(base.used, base.total), after: usage(used, base.total) };
}
