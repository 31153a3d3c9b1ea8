/**
 * A proposed move as data: which VMs go to which hosts. Every policy and
 * capacity check takes the index plus a placement and looks only at the VMs it
 * names, so the cost of a check follows the size of the move, not of the estate.
 */
import type { EstateIndex } from '../engine/estate-index.ts';
import type { Vm } from '../model/vm.ts';

/** VM id -> the host id it would run on. VMs not named stay where they are. */
export type Placement = ReadonlyMap<string, string>;

/**
 * VM id -> a host the VM will also occupy: the target of a migration in
 * flight. Unlike a placement it does not take the VM off its host: until the
 * run ends the source still runs the VM (and gets it back on a rollback)
 * while the target is reserved for it, so the checks count it at both.
 * `resolveMoves` reads it as it reads a placement.
 */
export type Arrivals = ReadonlyMap<string, string>;

/** No VM arriving anywhere: what a preview in the browser passes. */
export const NO_ARRIVALS: Arrivals = new Map();

/** One VM that changes host under a placement. */
export interface ResolvedMove {
  vm: Vm;
  fromHostId: string;
  /** Undefined when the VM's current host is unknown (an estate validation rejects). */
  fromSiteId: string | undefined;
  toHostId: string;
  toSiteId: string;
}

/**
 * The placement's entries that actually move a VM, in the placement's order.
 * Entries for unknown VMs or unknown target devices, and entries that keep a
 * VM on its host, are left out: rejecting bad input with a typed error is the
 * impact engine's job, and these checks must never throw on it.
 */
export function resolveMoves(index: EstateIndex, placement: Placement): ResolvedMove[] {
  const moves: ResolvedMove[] = [];
  for (const [vmId, toHostId] of placement) {
    const vm = index.vms.get(vmId);
    const to = index.devices.get(toHostId);
    if (!vm || !to || vm.hostId === toHostId) continue;
    moves.push({
      vm,
      fromHostId: vm.hostId,
      fromSiteId: index.devices.get(vm.hostId)?.siteId,
      toHostId,
      toSiteId: to.siteId,
    });
  }
  return moves;
}

/** The host a VM runs on with the placement applied (ignoring unusable entries, as `resolveMoves` does). */
export function hostAfter(index: EstateIndex, placement: Placement, vm: Vm): string {
  const target = placement.get(vm.id);
  return target !== undefined && index.devices.has(target) ? target : vm.hostId;
}

/** The site a VM runs in with the placement applied, or undefined if its host is unknown. */
export function siteAfter(index: EstateIndex, placement: Placement, vm: Vm): string | undefined {
  return index.devices.get(hostAfter(index, placement, vm))?.siteId;
}
