/**
 * What a switchover does to the estate document (the network steps are
 * applied to the estate at the moment they happen): the VM is on the target
 * host, with its new address when it was renumbered, in a network that exists
 * at the target site. The routing, tunnel and table state the engine derives
 * from the estate follows from that. The estate keeps where VMs run and which
 * sites a network spans; it has no place for a PMIP binding, so a move that
 * keeps the address extends the network to the target site whatever the
 * strategy (docs/execution.md).
 */
import { canonicalAddress } from '../addressing/address-key.ts';
import type { Estate } from '../model/estate.ts';
import { cidrContains, cidrFamily, type IpFamily } from '../net/ip.ts';
import type { MigrationSpec } from './events.ts';

export type PlacementResult = { ok: true; estate: Estate } | { ok: false; message: string };

/** The estate with the VM moved as the run's spec says; a new document, the input is not changed. */
export function placeVm(
  estate: Estate,
  spec: Pick<MigrationSpec, 'vmId' | 'toHost' | 'addressAfter'>,
): PlacementResult {
  const vmIndex = estate.vms.findIndex((v) => v.id === spec.vmId);
  const vm = estate.vms[vmIndex];
  if (!vm) return { ok: false, message: `VM ${spec.vmId} is no longer in the estate` };
  const host = estate.devices.find((d) => d.id === spec.toHost && d.role === 'host');
  if (!host) return { ok: false, message: `host ${spec.toHost} is no longer in the estate` };
  const site = host.siteId;
  // A spec may come from a plan stored before estates held canonical text: the estate gets
  // canonical text, and "kept" compares values.
  const text = (ip: string | null | undefined, family: IpFamily) =>
    ip == null ? undefined : canonicalAddress(ip, family);
  const ipv4 = text(spec.addressAfter.ipv4, 'ipv4');
  const ipv6 = text(spec.addressAfter.ipv6, 'ipv6');
  const kept = ipv4 === text(vm.ipv4, 'ipv4') && ipv6 === text(vm.ipv6, 'ipv6');

  const fits = (n: Estate['networks'][number]) =>
    [ipv4, ipv6].every(
      (ip) =>
        ip === undefined ||
        n.subnets.some(
          (s) =>
            cidrFamily(s.cidr) === (ip.includes(':') ? 'ipv6' : 'ipv4') && cidrContains(s.cidr, ip),
        ),
    );
  const own = estate.networks.find((n) => n.id === vm.networkId);
  const network = kept
    ? own
    : ((own && own.siteIds.includes(site) && fits(own) ? own : undefined) ??
      estate.networks.find(
        (n) => n.tenantId === vm.tenantId && n.siteIds.includes(site) && fits(n),
      ));
  if (!network)
    return {
      ok: false,
      message: `no network of tenant ${vm.tenantId} at ${site} holds ${[ipv4, ipv6].filter(Boolean).join(', ')}`,
    };

  const networks = network.siteIds.includes(site)
    ? estate.networks
    : estate.networks.map((n) => (n === network ? { ...n, siteIds: [...n.siteIds, site] } : n));
  const moved = { ...vm, hostId: host.id, networkId: network.id };
  if (ipv4 === undefined) delete moved.ipv4;
  else moved.ipv4 = ipv4;
  if (ipv6 === undefined) delete moved.ipv6;
  else moved.ipv6 = ipv6;
  const vms = estate.vms.slice();
  vms[vmIndex] = moved;
  return { ok: true, estate: { ...estate, vms, networks } };
}
