/**
 * NetBox clusters and virtual machines → our VMs: the host is the VM's `device`,
 * the network that of its first interface with one (its untagged VLAN, else the
 * VLAN of a prefix holding one of its addresses), resources from vcpus, memory
 * (MB) and disk (MB since NetBox 4.1, GB before).
 */
import type { Device } from '../../model/device.ts';
import type { Id } from '../../model/primitives.ts';
import type { VirtualNetwork } from '../../model/virtual-network.ts';
import type { Vm } from '../../model/vm.ts';
import { canonicalMac } from '../../net/mac.ts';
import { cidrContains, cidrFamily, ipFamily } from '../../net/ip.ts';
import { idAllocator, refOf, type ImportContext } from './context.ts';
import type { MappedDevices } from './map-devices.ts';
import type { MappedNetworks } from './map-networks.ts';

export interface VmOptions {
  /** NetBox holds no dirty rate; this one is assumed for every VM (MiB/s). */
  dirtyRateMiBps: number;
  /** True when the NetBox is older than 4.1, whose `disk` is in GB. */
  diskInGb: boolean;
}

export interface MappedVms {
  vms: Vm[];
  /** Our VM id → NetBox id. */
  vmIds: Record<Id, number>;
  /** Our cluster id (its name as a slug) → NetBox id. */
  clusterIds: Record<Id, number>;
}

const ADDRESS_TYPES = new Set(['virtualization.vminterface']);

/** A locally administered MAC (02:…) from a NetBox VM id, for VMs whose interface has none. */
export function generatedMac(netboxId: number): string {
  const hex = netboxId.toString(16).padStart(8, '0').slice(-8);
  return `02:00:${hex.match(/../g)!.join(':')}`;
}

export function mapVms(
  ctx: ImportContext,
  devices: MappedDevices,
  nets: MappedNetworks,
  options: VmOptions,
): MappedVms {
  const { records } = ctx;
  const clusterIds: Record<Id, number> = {};
  const clusters = new Map<number, { name: string; tenant: { id: number } | null }>();
  const clusterAlloc = idAllocator();
  for (const c of [...records.clusters].sort((a, b) => a.id - b.id)) {
    clusterIds[clusterAlloc(c.name, c.id)] = c.id;
    clusters.set(c.id, c);
  }
  const interfacesOf = new Map<number, (typeof records.vmInterfaces)[number][]>();
  for (const i of [...records.vmInterfaces].sort((a, b) => a.id - b.id))
    interfacesOf.set(i.virtual_machine.id, [...(interfacesOf.get(i.virtual_machine.id) ?? []), i]);
  const addressesOf = new Map<number, string[]>();
  for (const a of records.ipAddresses) {
    if (a.assigned_object_id == null || !ADDRESS_TYPES.has(a.assigned_object_type ?? '')) continue;
    const ip = a.address.split('/')[0]!;
    addressesOf.set(a.assigned_object_id, [...(addressesOf.get(a.assigned_object_id) ?? []), ip]);
  }
  const networkOfAddress = (ip: string): VirtualNetwork | undefined =>
    nets.networks.find((n) =>
      n.subnets.some((s) => cidrFamily(s.cidr) === ipFamily(ip) && cidrContains(s.cidr, ip)),
    );

  const allocate = idAllocator();
  const vms: Vm[] = [];
  const vmIds: Record<Id, number> = {};
  for (const nb of [...records.virtualMachines].sort((a, b) => a.id - b.id)) {
    const ref = refOf('virtualization.virtualmachine', nb);
    const host: Device | undefined = nb.device ? devices.byNetboxId.get(nb.device.id) : undefined;
    const missing = [
      !nb.device && 'no host device',
      nb.device && !host && `its device #${nb.device.id} was not imported`,
      host && host.role !== 'host' && `its device "${host.id}" is a ${host.role}, not a host`,
      !(nb.vcpus && nb.vcpus > 0) && 'no vCPUs',
      !(nb.memory && nb.memory > 0) && 'no memory',
    ].filter(Boolean);
    // The first interface that reaches an imported network, with its addresses there.
    let attached: { network: VirtualNetwork; mac: string | null; ips: string[] } | undefined;
    for (const itf of interfacesOf.get(nb.id) ?? []) {
      const ips = addressesOf.get(itf.id) ?? [];
      const network =
        (itf.untagged_vlan && nets.networkOfVlan.get(itf.untagged_vlan.id)) ??
        ips.map(networkOfAddress).find(Boolean);
      if (!network) continue;
      const inNetwork = ips.filter((ip) =>
        network.subnets.some(
          (s) => cidrFamily(s.cidr) === ipFamily(ip) && cidrContains(s.cidr, ip),
        ),
      );
      attached = {
        network,
        mac: itf.primary_mac_address?.mac_address ?? itf.mac_address ?? null,
        ips: inNetwork,
      };
      break;
    }
    if (!attached) missing.push('no network (no interface on an imported VLAN or prefix)');
    else if (!attached.ips.length) missing.push(`no address in network "${attached.network.id}"`);
    if (missing.length || !host || !attached) {
      ctx.skip(ref, missing.join('; '));
      continue;
    }
    const network = attached.network;
    let tenantId = (nb.tenant && nets.tenantOf.get(nb.tenant.id)) ?? undefined;
    if (!tenantId) {
      tenantId = network.tenantId;
      ctx.assume(ref, `no tenant: its network's, "${tenantId}"`);
    } else if (tenantId !== network.tenantId) {
      ctx.skip(ref, `tenant "${tenantId}" differs from its network's ("${network.tenantId}")`);
      continue;
    }
    const mac = attached.mac && canonicalMac(attached.mac);
    if (!mac) ctx.assume(ref, `no MAC: ${generatedMac(nb.id)} (locally administered)`);
    const primary4 = nb.primary_ip4?.address.split('/')[0];
    const primary6 = nb.primary_ip6?.address.split('/')[0];
    const pick = (family: 'ipv4' | 'ipv6', primary: string | undefined) =>
      attached.ips.find((ip) => ip === primary) ??
      attached.ips.find((ip) => ipFamily(ip) === family);
    const ipv4 = pick('ipv4', primary4);
    const ipv6 = pick('ipv6', primary6);
    const diskGiB = nb.disk ? (options.diskInGb ? nb.disk : nb.disk / 1024) : 0;
    if (!nb.disk) ctx.assume(ref, 'no disk size: 0 GiB');
    const cluster = nb.cluster && clusters.get(nb.cluster.id);
    const id = allocate(nb.name, nb.id);
    vms.push({
      id,
      name: nb.name,
      tenantId,
      networkId: network.id,
      hostId: host.id,
      mac: mac ?? generatedMac(nb.id),
      ...(ipv4 && { ipv4 }),
      ...(ipv6 && { ipv6 }),
      vcpu: Math.ceil(nb.vcpus!),
      memoryGiB: nb.memory! / 1024,
      dirtyRateMiBps: options.dirtyRateMiBps,
      disk: { kind: 'shared', sizeGiB: diskGiB },
      ...(cluster && { cluster: cluster.name }),
    });
    vmIds[id] = nb.id;
    if ((interfacesOf.get(nb.id)?.length ?? 0) > 1)
      ctx.assume(
        ref,
        `${interfacesOf.get(nb.id)!.length} interfaces: only the one on "${network.id}" is modelled`,
      );
  }
  return { vms, vmIds, clusterIds };
}
