/**
 * VXLAN / Geneve forwarding state (R7, R11): every host with a VM on an
 * overlay network is a VTEP for its VNI; its FDB maps each remote MAC of the
 * VNI to the VTEP (host underlay address) behind which it lives, as EVPN
 * type-2 routes install it. Local MACs are bridged, not tunnelled.
 */
import type { Estate } from '../model/estate.ts';

export interface FdbEntry {
  vni: number;
  mac: string;
  /** Underlay address of the remote VTEP. */
  remoteVtep: string;
}

/** FDB tables by VTEP (host id), keyed by `vni|mac`. */
export type VtepTables = Map<string, Map<string, FdbEntry>>;

export const fdbKey = (vni: number, mac: string) => `${vni}|${mac.toLowerCase()}`;

export function buildVtepTables(estate: Estate): VtepTables {
  const hostIp = new Map(estate.devices.map((d) => [d.id, d.ipv4 ?? d.ipv6 ?? d.id]));
  const tables: VtepTables = new Map();
  for (const net of estate.networks) {
    const seg = net.segmentation;
    if (seg.type !== 'vxlan' && seg.type !== 'geneve') continue;
    const vms = estate.vms.filter((vm) => vm.networkId === net.id);
    const vteps = new Set(vms.map((vm) => vm.hostId));
    for (const vtep of vteps) {
      const table = tables.get(vtep) ?? new Map<string, FdbEntry>();
      for (const vm of vms)
        if (vm.hostId !== vtep)
          table.set(fdbKey(seg.vni, vm.mac), {
            vni: seg.vni,
            mac: vm.mac.toLowerCase(),
            remoteVtep: hostIp.get(vm.hostId)!,
          });
      tables.set(vtep, table);
    }
  }
  return tables;
}

/** Where a VTEP sends a frame for this MAC: a remote VTEP, `local`, or undefined (flooded as unknown unicast). */
export function fdbLookup(
  tables: VtepTables,
  vtep: string,
  vni: number,
  mac: string,
  localMacs: ReadonlySet<string>,
): string | undefined {
  if (localMacs.has(mac.toLowerCase())) return 'local';
  return tables.get(vtep)?.get(fdbKey(vni, mac))?.remoteVtep;
}
