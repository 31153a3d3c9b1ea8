/**
 * Everything the data-plane check decides before it touches the machine:
 * the preview of the move and its claims, the run's spec, the hosts and VMs
 * the fabric stands up, and the FDB batches before and after the move, both
 * from the engine's VTEP tables. Pure, so a bad estate or move fails here
 * with nothing to clean up.
 */
import {
  buildVtepTables,
  cidrContains,
  cidrFamily,
  createImpactEngine,
  previewMove,
  specsOfReport,
  type Estate,
  type MigrationSpec,
  type Vm,
} from '@vmmi/shared';
import { predictionOf } from './analyse.ts';
import type { FabricHost, FabricSpec } from './fabric.ts';
import { fdbChangeBatch, initialFdbBatch } from './fdb.ts';
import type { DataplanePrediction } from './result.ts';

/** The guest's NIC: a tap of this name on the source and on the destination host. */
export const GUEST_TAP = 'tapg';

export interface CheckSetup {
  vm: Vm;
  peer: Vm;
  vni: number;
  fromHost: string;
  toHost: string;
  guestCidr: string;
  prediction: DataplanePrediction;
  spec: MigrationSpec;
  fabric: FabricSpec;
  /** The destination host's underlay address: the migration stream crosses the underlay to it. */
  toHostIp: string;
  initialBatches: Map<string, string[]>;
  changeBatches: Map<string, string[]>;
}

function cidrOf(estate: Estate, vm: Vm): string {
  if (!vm.ipv4) throw new Error(`${vm.id} has no IPv4 address to ping`);
  const net = estate.networks.find((n) => n.id === vm.networkId);
  const subnet = net?.subnets.find(
    (s) => cidrFamily(s.cidr) === 'ipv4' && cidrContains(s.cidr, vm.ipv4!),
  );
  if (!subnet) throw new Error(`no IPv4 subnet of ${vm.networkId} holds ${vm.ipv4}`);
  return `${vm.ipv4}/${subnet.cidr.split('/')[1]}`;
}

/** The peer the preview has a flow with, on the VM's network: the one named, or the first. */
function peerOf(estate: Estate, vm: Vm, named: string | undefined, flowPeers: string[]): Vm {
  const candidates = estate.vms.filter(
    (v) => v.id !== vm.id && v.networkId === vm.networkId && flowPeers.includes(v.id),
  );
  const peer = named ? candidates.find((v) => v.id === named) : candidates[0];
  if (!peer)
    throw new Error(
      named
        ? `${named} is not on ${vm.networkId} with a flow to ${vm.id} in the preview`
        : `${vm.id} has no flow with a VM on ${vm.networkId}: no peer to ping it`,
    );
  return peer;
}

export function setupCheck(
  estate: Estate,
  move: { vmId: string; toHost: string; peerVmId?: string },
): CheckSetup {
  const vm = estate.vms.find((v) => v.id === move.vmId);
  if (!vm) throw new Error(`no VM ${move.vmId} in estate ${estate.id}`);
  const seg = estate.networks.find((n) => n.id === vm.networkId)?.segmentation;
  if (seg?.type !== 'vxlan')
    throw new Error(`${vm.id} is on ${vm.networkId}, not a VXLAN network: no VTEPs to program`);
  const engine = createImpactEngine(estate);
  const preview = previewMove(engine, {
    vmIds: [vm.id],
    target: { kind: 'host', hostId: move.toHost },
    strategy: 'best',
  });
  if (!preview.ok) throw new Error(`the preview refused the move: ${preview.error.message}`);
  const report = preview.report;
  if (!report.feasible)
    throw new Error(
      `the preview finds the move infeasible: ${report.blocking.map((b) => b.message).join('; ')}`,
    );
  const flowPeers = report.flows.filter((f) => f.vmId === vm.id).map((f) => f.peer);
  const peer = peerOf(estate, vm, move.peerVmId, flowPeers);
  const specs = specsOfReport(report, engine, {
    planId: `dataplane-check-${vm.id}`,
    estateVersion: 1,
    executor: 'qemu',
    timeScale: 1,
  });
  if (!specs.ok) throw new Error(specs.message);
  const spec = specs.specs[0]!;

  const ids = [...new Set([spec.fromHost, spec.toHost, peer.hostId])];
  const hosts: FabricHost[] = ids.map((id) => {
    const ip = estate.devices.find((d) => d.id === id)?.ipv4;
    if (!ip) throw new Error(`host ${id} has no IPv4 address for its VTEP`);
    return { id, ip };
  });
  const moved = {
    ...estate,
    vms: estate.vms.map((v) => (v.id === vm.id ? { ...v, hostId: spec.toHost } : v)),
  };
  const [before, after] = [buildVtepTables(estate), buildVtepTables(moved)];
  const vnis = new Set([seg.vni]);
  // Every host of the data plane is a VTEP of the VNI (the destination's tunnels are built
  // before the switchover): broadcasts go to all of them.
  const floodTo = (self: string) =>
    new Map([[seg.vni, hosts.filter((h) => h.id !== self).map((h) => h.ip)]]);
  return {
    vm,
    peer,
    vni: seg.vni,
    fromHost: spec.fromHost,
    toHost: spec.toHost,
    guestCidr: cidrOf(estate, vm),
    prediction: predictionOf(report, vm.id, peer.id),
    spec,
    toHostIp: hosts.find((h) => h.id === spec.toHost)!.ip,
    fabric: {
      hosts,
      vnis: [seg.vni],
      taps: [spec.fromHost, spec.toHost].map((hostId) => ({
        hostId,
        vni: seg.vni,
        name: GUEST_TAP,
      })),
      vms: [
        {
          vmId: peer.id,
          hostId: peer.hostId,
          vni: seg.vni,
          mac: peer.mac,
          cidr: cidrOf(estate, peer),
        },
      ],
    },
    initialBatches: new Map(
      hosts.map((h) => [h.id, initialFdbBatch(before, h.id, vnis, floodTo(h.id))]),
    ),
    changeBatches: new Map(hosts.map((h) => [h.id, fdbChangeBatch(before, after, h.id, vnis)])),
  };
}
