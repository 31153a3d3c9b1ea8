/**
 * Duplicate-address detection for a move (R10): a VM that keeps its IP or MAC
 * (R4, R7) collides with any other VM holding the same address in the
 * destination L2 domain. Costs one map look-up per address.
 */
import type { EstateIndex } from '../engine/estate-index.ts';
import type { Vm } from '../model/vm.ts';
import type { IpFamily } from '../net/ip.ts';
import { IP_FAMILIES, addressKey, canonicalAddress, macKey } from './address-key.ts';
import { domainTable, ownerList } from './domain-table.ts';

export interface AddressConflict {
  kind: 'duplicate-ip' | 'duplicate-mac';
  /** Set for `duplicate-ip` only. */
  family?: IpFamily;
  /** The colliding address (canonical text form for IPs, lower-case for MACs). */
  address: string;
  otherVmId: string;
  /** The `l2DomainKey` of the destination domain. */
  domain: string;
}

/** Where the VM would be attached, and with which addresses. */
export interface AddressDestination {
  networkId: string;
  siteId: string;
  ipv4?: string;
  ipv6?: string;
  mac: string;
}

/**
 * The duplicate IPs (per family) and MACs that `vm` would have in the L2 domain
 * of `dest`, one entry per other VM holding the address. The VM itself never
 * conflicts with its own current entry, so a move inside one domain is clean.
 *
 * @example
 * // acme-legacy is one VLAN per site with the same subnet: the fra1 VM collides with its ams1 twin.
 * findAddressConflicts(index, vm, { networkId: 'acme-legacy', siteId: 'ams1', ipv4: vm.ipv4, mac: vm.mac });
 */
export function findAddressConflicts(
  index: EstateIndex,
  vm: Pick<Vm, 'id'>,
  dest: AddressDestination,
): AddressConflict[] {
  const table = domainTable(index, dest.networkId, dest.siteId);
  const conflicts: AddressConflict[] = [];
  for (const family of IP_FAMILIES) {
    const ip = dest[family];
    const key = ip === undefined ? undefined : addressKey(ip, family);
    if (ip === undefined || key === undefined) continue;
    for (const otherVmId of ownerList(table.ipOwners[family].get(key)))
      if (otherVmId !== vm.id)
        conflicts.push({
          kind: 'duplicate-ip',
          family,
          address: canonicalAddress(ip, family),
          otherVmId,
          domain: table.key,
        });
  }
  const mac = macKey(dest.mac);
  for (const otherVmId of ownerList(table.macOwners.get(mac)))
    if (otherVmId !== vm.id)
      conflicts.push({ kind: 'duplicate-mac', address: mac, otherVmId, domain: table.key });
  return conflicts;
}
