/**
 * The L2 domains of an estate (R10): which VMs hold which IP and MAC in each
 * domain. A stretched network is one domain across its sites, any other
 * network one domain per site (`l2DomainKey`). Tables are built per network
 * the first time one of its domains is asked for, then cached with the index.
 */
import type { EstateIndex } from '../engine/estate-index.ts';
import { l2DomainKey } from '../model/validate.ts';
import type { Vm } from '../model/vm.ts';
import type { IpFamily } from '../net/ip.ts';
import { IP_FAMILIES, addressKey, keyToInt, macKey } from './address-key.ts';
import { perIndex } from './per-index.ts';

/**
 * The VM ids holding one address: a bare id in the usual case, an array only
 * when several VMs share it (an estate validation rejects), so that indexing a
 * domain of tens of thousands of VMs allocates one entry per VM and no more.
 */
export type Owners = string | string[];

export interface DomainTable {
  /** The `l2DomainKey` of the domain. */
  key: string;
  /** The VMs in the domain, in the estate's order. */
  members: Vm[];
  /** VM ids by address, per family, keyed by `addressKey`. */
  ipOwners: Record<IpFamily, Map<string, Owners>>;
  /** VM ids by lower-case MAC. */
  macOwners: Map<string, Owners>;
}

export function ownerList(owners: Owners | undefined): readonly string[] {
  return owners === undefined ? [] : typeof owners === 'string' ? [owners] : owners;
}

/** The key of the domain a VM of `networkId` joins in `siteId`, known network or not. */
export function domainKeyOf(index: EstateIndex, networkId: string, siteId: string): string {
  const net = index.networks.get(networkId);
  return net ? l2DomainKey(net, siteId) : `${networkId}@${siteId}`;
}

function emptyTable(key: string): DomainTable {
  return { key, members: [], ipOwners: { ipv4: new Map(), ipv6: new Map() }, macOwners: new Map() };
}

function add<K>(map: Map<K, Owners>, key: K, vmId: string): void {
  const owners = map.get(key);
  if (owners === undefined) map.set(key, vmId);
  else if (typeof owners === 'string') map.set(key, [owners, vmId]);
  else owners.push(vmId);
}

/** Every domain of one network, built in one pass over the network's VMs. */
function buildNetworkDomains(index: EstateIndex, networkId: string): Map<string, DomainTable> {
  const domains = new Map<string, DomainTable>();
  const net = index.networks.get(networkId);
  if (!net) return domains;
  for (const vm of index.vmsByNetwork.get(networkId) ?? []) {
    const siteId = index.devices.get(vm.hostId)?.siteId;
    // A VM on an unknown host has no site, so it is in no per-site domain (as in validate.ts).
    if (siteId === undefined && !net.stretched) continue;
    const key = l2DomainKey(net, siteId ?? '');
    let table = domains.get(key);
    if (!table) domains.set(key, (table = emptyTable(key)));
    table.members.push(vm);
    add(table.macOwners, macKey(vm.mac), vm.id);
    for (const family of IP_FAMILIES) {
      const ip = vm[family];
      const ipKey = ip === undefined ? undefined : addressKey(ip, family);
      if (ipKey !== undefined) add(table.ipOwners[family], ipKey, vm.id);
    }
  }
  return domains;
}

const networkDomains = perIndex(() => new Map<string, Map<string, DomainTable>>());

/** The table of the L2 domain that `networkId` has in `siteId` (empty if nobody is there). */
export function domainTable(index: EstateIndex, networkId: string, siteId: string): DomainTable {
  const cache = networkDomains(index);
  let domains = cache.get(networkId);
  if (!domains) cache.set(networkId, (domains = buildNetworkDomains(index, networkId)));
  const key = domainKeyOf(index, networkId, siteId);
  let table = domains.get(key);
  // Cache empty domains too, so that a destination with no VMs is not looked up again.
  if (!table) domains.set(key, (table = emptyTable(key)));
  return table;
}

const usedCache = perIndex(() => new Map<string, bigint[]>());

/**
 * The distinct addresses of one family used in a domain, ascending: what
 * allocation skips. Sorted once per domain and family, then binary-searched.
 */
export function usedAddresses(index: EstateIndex, table: DomainTable, family: IpFamily): bigint[] {
  const cache = usedCache(index);
  const cacheKey = `${family}|${table.key}`;
  let used = cache.get(cacheKey);
  if (!used) {
    // The owner map's keys are exactly the distinct used addresses.
    used = [...table.ipOwners[family].keys()]
      .map(keyToInt)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    cache.set(cacheKey, used);
  }
  return used;
}
