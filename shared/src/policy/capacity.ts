/**
 * Host and site load with a move applied (R16, R19). A host's load is the sum
 * of its VMs' vCPU, memory and local disk (shared-storage disks live on the
 * storage array, not the host), plus what migrations in flight hold on it
 * (`HeldLoads`). Loads before the move are computed once per host or site and
 * cached with the index; a move only adds and subtracts the moved VMs, so a
 * preview costs O(VMs moved).
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

/**
 * Host id -> load held there beyond its VMs: what the migrations in flight to
 * it will occupy (admission.ts). Empty for a preview in the browser.
 */
export type HeldLoads = ReadonlyMap<string, HostLoad>;

const NO_HOLDS: HeldLoads = new Map();

const DIMENSIONS: readonly (keyof HostLoad)[] = ['vcpu', 'memoryGiB', 'diskGiB'];
const ZERO: HostLoad = { vcpu: 0, memoryGiB: 0, diskGiB: 0 };

/** What a VM occupies on its host: its vCPU, memory and local disk (a shared disk: none). */
export function vmLoad(vm: Vm): HostLoad {
  return {
    vcpu: vm.vcpu,
    memoryGiB: vm.memoryGiB,
    diskGiB: vm.disk.kind === 'local' ? vm.disk.sizeGiB : 0,
  };
}

/**
 * The dominant share of a load on a capacity: the larger of vCPU and memory
 * used over what there is (R16). One rule for a host's load and a site's, so
 * balancing inside a site and across sites weigh the same resources.
 */
export function dominantShare(
  load: Pick<HostLoad, 'vcpu' | 'memoryGiB'>,
  capacity: Pick<HostLoad, 'vcpu' | 'memoryGiB'>,
): number {
  return Math.max(load.vcpu / capacity.vcpu, load.memoryGiB / capacity.memoryGiB);
}

/** a + b (sign 1) or a − b (sign −1), per dimension. */
export function addLoad(a: HostLoad, b: HostLoad, sign: 1 | -1): HostLoad {
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
    for (const vm of index.vmsByHost.get(hostId) ?? []) load = addLoad(load, vmLoad(vm), 1);
    cache.set(hostId, load);
  }
  return load;
}

/** A host's load before the move: its VMs' and what is held there. */
function loadBefore(index: EstateIndex, hostId: string, held: HeldLoads): HostLoad {
  const extra = held.get(hostId);
  return extra ? addLoad(hostLoad(index, hostId), extra, 1) : hostLoad(index, hostId);
}

/**
 * Every host that gains or loses VMs under `placement`, with its load before
 * and after against its capacity, sorted by host id. Both loads count what
 * `held` holds on the host.
 *
 * @example
 * hostCapacityAfter(index, new Map([['vm-1', 'h2']])); // [{ hostId: 'h1', ... }, { hostId: 'h2', over: false, ... }]
 */
export function hostCapacityAfter(
  index: EstateIndex,
  placement: Placement,
  held: HeldLoads = NO_HOLDS,
): HostLoadChange[] {
  const touched = new Map<string, { after: HostLoad; vmsIn: string[]; vmsOut: string[] }>();
  const entry = (hostId: string) => {
    let e = touched.get(hostId);
    if (!e)
      touched.set(hostId, (e = { after: loadBefore(index, hostId, held), vmsIn: [], vmsOut: [] }));
    return e;
  };
  for (const move of resolveMoves(index, placement)) {
    const load = vmLoad(move.vm);
    const from = entry(move.fromHostId);
    from.after = addLoad(from.after, load, -1);
    from.vmsOut.push(move.vm.id);
    const to = entry(move.toHostId);
    to.after = addLoad(to.after, load, 1);
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
      before: loadBefore(index, hostId, held),
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
      used = addLoad(used, hostLoad(index, host.id), 1);
      if (host.capacity) total = addLoad(total, host.capacity, 1);
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
 * local and global balancing, consolidation). Both count what `held` holds
 * on the site's hosts.
 *
 * @example
 * siteLoad(index, 'lon1', placement).after.vcpuUtilisation; // 0.42
 */
export function siteLoad(
  index: EstateIndex,
  siteId: string,
  placement: Placement,
  held: HeldLoads = NO_HOLDS,
): SiteLoad {
  const base = siteBase(index, siteId);
  let used = base.used;
  for (const [hostId, load] of held) {
    const host = index.devices.get(hostId);
    if (host?.role === 'host' && host.siteId === siteId) used = addLoad(used, load, 1);
  }
  const before = used;
  for (const move of resolveMoves(index, placement)) {
    if (move.fromSiteId === move.toSiteId) continue;
    // Only VMs on hosts count, as in the base; a VM parked on an unknown device is not the site's load.
    if (move.fromSiteId === siteId && index.devices.get(move.fromHostId)?.role === 'host')
      used = addLoad(used, vmLoad(move.vm), -1);
    if (move.toSiteId === siteId && index.devices.get(move.toHostId)?.role === 'host')
      used = addLoad(used, vmLoad(move.vm), 1);
  }
  return { siteId, before: usage(before, base.total), after: usage(used, base.total) };
}
