/**
 * A proposal being built, move by move (evacuate.ts, rebalance.ts): where the
 * VMs go so far, the load that puts on each host, and one step that takes a
 * move only if the admission rule accepts it with the moves before it.
 */
import type { ImpactEngine } from '../impact/engine.ts';
import type { Device } from '../model/device.ts';
import type { Vm } from '../model/vm.ts';
import { admitPlacement, type AdmissionReason } from '../policy/admission.ts';
import { addLoad, dominantShare, hostLoad, vmLoad, type HostLoad } from '../policy/capacity.ts';

const NOTHING: HostLoad = { vcpu: 0, memoryGiB: 0, diskGiB: 0 };
/** By id, for a total order wherever the planners break ties. */
export const byId = (a: { id: string }, b: { id: string }) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The moves so far and the load they put on hosts: what every estate-scale planner builds on. */
export class MovePlan {
  readonly placement = new Map<string, string>();
  private readonly delta = new Map<string, HostLoad>();
  constructor(readonly engine: ImpactEngine) {}

  load(hostId: string): HostLoad {
    const d = this.delta.get(hostId);
    return d
      ? addLoad(hostLoad(this.engine.index, hostId), d, 1)
      : hostLoad(this.engine.index, hostId);
  }

  /** A host's dominant share: the larger of vCPU and memory used over capacity. */
  share(host: Device, extra: HostLoad = NOTHING, sign: 1 | -1 = 1): number {
    const cap = host.role === 'host' ? host.capacity : undefined;
    if (!cap) return Infinity;
    return dominantShare(addLoad(this.load(host.id), extra, sign), cap);
  }

  /** Whether `host` is up and has room for `vm` in every dimension, with the moves so far. */
  fits(host: Device, vm: Vm): boolean {
    const cap = host.role === 'host' ? host.capacity : undefined;
    const l = addLoad(this.load(host.id), vmLoad(vm), 1);
    return (
      !!cap &&
      host.state === 'up' &&
      l.vcpu <= cap.vcpu &&
      l.memoryGiB <= cap.memoryGiB &&
      l.diskGiB <= cap.diskGiB
    );
  }

  hostOf = (vmId: string): string | undefined =>
    this.placement.get(vmId) ?? this.engine.index.vms.get(vmId)?.hostId;

  vmsOn(hostId: string): Vm[] {
    const { index } = this.engine;
    const stayed = (index.vmsByHost.get(hostId) ?? []).filter((v) => !this.placement.has(v.id));
    const came = [...this.placement]
      .filter(([, h]) => h === hostId)
      .map(([id]) => index.vms.get(id)!);
    return [...stayed, ...came].sort(byId);
  }

  /** The moves so far, to go back to (`restore`). */
  save(): { placement: Map<string, string>; delta: Map<string, HostLoad> } {
    return { placement: new Map(this.placement), delta: new Map(this.delta) };
  }

  restore(saved: ReturnType<MovePlan['save']>): void {
    this.placement.clear();
    for (const [k, v] of saved.placement) this.placement.set(k, v);
    this.delta.clear();
    for (const [k, v] of saved.delta) this.delta.set(k, v);
  }

  /**
   * Moves `vm` to `hostId` if the admission rule accepts it with the moves before: null, or
   * the rule's reasons (and nothing moved).
   */
  tryMove(vm: Vm, hostId: string): AdmissionReason[] | null {
    const from = this.hostOf(vm.id)!;
    const trial = new Map(this.placement).set(vm.id, hostId);
    const admission = admitPlacement(this.engine.index, trial);
    if (!admission.admitted) return admission.reasons;
    this.placement.set(vm.id, hostId);
    const load = vmLoad(vm);
    this.delta.set(from, addLoad(this.delta.get(from) ?? NOTHING, load, -1));
    this.delta.set(hostId, addLoad(this.delta.get(hostId) ?? NOTHING, load, 1));
    return null;
  }
}
