/**
 * The figures of an evacuation proposal as a whole: where the VMs go, what
 * their traffic crosses the WAN and how far it travels before and after, and
 * how much memory the moves copy. Each flow of the moving VMs is counted once,
 * from its source VM, before (every VM where it runs) and after (the placed
 * VMs on their targets, the others where they run).
 */
import type { ImpactEngine } from '../impact/engine.ts';
import type { Vm } from '../model/vm.ts';
import { vmLoad } from '../policy/capacity.ts';
import { flowsOfVms, flowsTraffic, type HostOfVm } from './traffic-at.ts';

export interface EvacuationSummary {
  /** VMs on the host or site emptied. */
  vms: number;
  placed: number;
  unplaced: number;
  /** Where the placed VMs go, by site id (sorted): how many, their vCPU and memory. */
  bySite: { siteId: string; vms: number; vcpu: number; memoryGiB: number }[];
  /** Flows with a moving VM at an end. */
  flows: number;
  /** Their rate that crosses a WAN link, Mbit/s, before and after. */
  wanMbpsBefore: number;
  wanMbpsAfter: number;
  /** Their rate-weighted mean path latency, ms, before and after (of the flows with a path). */
  meanLatencyMsBefore: number;
  meanLatencyMsAfter: number;
  /** Memory of the placed VMs, GiB: what their migrations copy at least once. */
  memoryGiB: number;
}

export function evacuationSummary(
  engine: ImpactEngine,
  leaving: readonly Vm[],
  placement: ReadonlyMap<string, string>,
): EvacuationSummary {
  const { index } = engine;
  const before: HostOfVm = (id) => index.vms.get(id)?.hostId;
  const after: HostOfVm = (id) => placement.get(id) ?? before(id);
  const flows = flowsOfVms(engine, leaving);
  const trafficBefore = flowsTraffic(engine, flows, before);
  const trafficAfter = flowsTraffic(engine, flows, after);
  const bySite = new Map<string, EvacuationSummary['bySite'][number]>();
  let memoryGiB = 0;
  for (const vm of leaving) {
    const hostId = placement.get(vm.id);
    if (hostId === undefined) continue;
    const siteId = index.devices.get(hostId)?.siteId ?? '';
    const entry = bySite.get(siteId) ?? { siteId, vms: 0, vcpu: 0, memoryGiB: 0 };
    const load = vmLoad(vm);
    entry.vms++;
    entry.vcpu += load.vcpu;
    entry.memoryGiB += load.memoryGiB;
    bySite.set(siteId, entry);
    memoryGiB += vm.memoryGiB;
  }
  return {
    vms: leaving.length,
    placed: placement.size,
    unplaced: leaving.length - placement.size,
    bySite: [...bySite.values()].sort((x, y) => (x.siteId < y.siteId ? -1 : 1)),
    flows: flows.length,
    wanMbpsBefore: trafficBefore.wanMbps,
    wanMbpsAfter: trafficAfter.wanMbps,
    meanLatencyMsBefore: trafficBefore.meanLatencyMs,
    meanLatencyMsAfter: trafficAfter.meanLatencyMs,
    memoryGiB,
  };
}
