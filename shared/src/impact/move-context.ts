/**
 * Turns a move request into concrete placements: which VMs, from which host,
 * to which host (choosing one when the target is a site). Bad requests come
 * back as typed errors, never exceptions.
 */
import type { Device } from '../model/device.ts';
import type { Site } from '../model/site.ts';
import type { VirtualNetwork } from '../model/virtual-network.ts';
import type { Vm } from '../model/vm.ts';
import { hostLoad, vmLoad } from '../policy/capacity.ts';
import type { ImpactEngine } from './engine.ts';
import type { MoveMode, MoveTarget, PreviewError } from './report.ts';

export interface VmMove {
  vm: Vm;
  network: VirtualNetwork;
  fromHost: Device;
  toHost: Device;
  fromSite: Site;
  toSite: Site;
}

export interface MoveContext {
  engine: ImpactEngine;
  moves: VmMove[];
  /** vmId → destination host id, for the policy and capacity checks. */
  placement: ReadonlyMap<string, string>;
  /** Live or cold (R15): what admission checks, how the VMs are copied, what the plan does. */
  mode: MoveMode;
}

type Resolved = { ok: true; context: MoveContext } | { ok: false; error: PreviewError };

const fail = (code: PreviewError['code'], message: string): Resolved => ({
  ok: false,
  error: { code, message },
});

interface HostRoom {
  host: Device;
  freeCpu: number;
  freeMem: number;
  freeDisk: number;
}

/** Per site, its up hosts with their free room, most free vCPU first (ties by id); built once per engine. */
const roomCache = new WeakMap<ImpactEngine, Map<string, HostRoom[]>>();

function hostsByRoom(engine: ImpactEngine, siteId: string): HostRoom[] {
  let perSite = roomCache.get(engine);
  if (!perSite) roomCache.set(engine, (perSite = new Map<string, HostRoom[]>()));
  let list = perSite.get(siteId);
  if (!list) {
    list = [];
    for (const host of engine.index.hostsBySite.get(siteId) ?? []) {
      if (host.state !== 'up' || !host.capacity) continue;
      const load = hostLoad(engine.index, host.id);
      list.push({
        host,
        freeCpu: host.capacity.vcpu - load.vcpu,
        freeMem: host.capacity.memoryGiB - load.memoryGiB,
        freeDisk: host.capacity.diskGiB - load.diskGiB,
      });
    }
    list.sort((a, b) => b.freeCpu - a.freeCpu || (a.host.id < b.host.id ? -1 : 1));
    perSite.set(siteId, list);
  }
  return list;
}

/**
 * The host a site-level drop lands on: up, in the site, with the most free
 * vCPU that still fits the VMs in every dimension admission checks (vCPU,
 * memory, local disk; ties by id, so the choice is deterministic).
 */
export function chooseHost(
  engine: ImpactEngine,
  siteId: string,
  vms: readonly Vm[],
): Device | undefined {
  const needCpu = vms.reduce((n, vm) => n + vm.vcpu, 0);
  const needMem = vms.reduce((n, vm) => n + vm.memoryGiB, 0);
  const needDisk = vms.reduce((n, vm) => n + vmLoad(vm).diskGiB, 0);
  for (const room of hostsByRoom(engine, siteId)) {
    if (room.freeCpu < needCpu) return undefined;
    if (room.freeMem < needMem || room.freeDisk < needDisk) continue;
    if (vms.some((vm) => vm.hostId === room.host.id)) continue;
    return room.host;
  }
  return undefined;
}

export function resolveMove(
  engine: ImpactEngine,
  vmIds: readonly string[],
  target: MoveTarget,
  mode: MoveMode = 'live',
): Resolved {
  const { index } = engine;
  const vms: Vm[] = [];
  for (const id of new Set(vmIds)) {
    const vm = index.vms.get(id);
    if (!vm) return fail('unknown-vm', `no VM "${id}"`);
    vms.push(vm);
  }
  let toHost: Device | undefined;
  if (target.kind === 'host') {
    toHost = index.devices.get(target.hostId);
    if (!toHost) return fail('unknown-target', `no device "${target.hostId}"`);
    if (toHost.role !== 'host')
      return fail('target-not-a-host', `"${toHost.id}" is a ${toHost.role}; VMs run on hosts`);
    if (toHost.state !== 'up') return fail('target-host-down', `host "${toHost.id}" is down`);
    const already = vms.find((vm) => vm.hostId === toHost!.id);
    if (already) return fail('same-host', `VM "${already.id}" already runs on "${toHost.id}"`);
  } else {
    if (!index.sites.has(target.siteId))
      return fail('unknown-target', `no site "${target.siteId}"`);
    toHost = chooseHost(engine, target.siteId, vms);
    if (!toHost)
      return fail(
        'no-host-available',
        `no host in "${target.siteId}" has room for ${vms.length} VM(s)`,
      );
  }
  const toSite = index.sites.get(toHost.siteId)!;
  const moves: VmMove[] = vms.map((vm) => {
    const fromHost = index.devices.get(vm.hostId)!;
    return {
      vm,
      network: index.networks.get(vm.networkId)!,
      fromHost,
      toHost: toHost,
      fromSite: index.sites.get(fromHost.siteId)!,
      toSite,
    };
  });
  return {
    ok: true,
    context: { engine, moves, placement: new Map(vms.map((vm) => [vm.id, toHost.id])), mode },
  };
}
