/**
 * Address allocation for a renumbered VM (R5, R10): the lowest free address of
 * the destination network's pool in the destination L2 domain, like a DHCP
 * server handing out leases in order. Deterministic: same estate, same answer.
 *
 * It never enumerates the pool. Used addresses are kept sorted per domain, and
 * the scan jumps over each run of consecutive used addresses with a binary
 * search, so an IPv6 /64 costs the same as an IPv4 /24.
 */
import type { EstateIndex } from '../engine/estate-index.ts';
import { bigIntToIp, type IpFamily } from '../net/ip.ts';
import { addressInt } from './address-key.ts';
import { domainTable, usedAddresses } from './domain-table.ts';
import { poolRange } from './pool.ts';

export type AllocationResult =
  | { ok: true; address: string; subnet: string }
  | { ok: false; reason: 'no-subnet' | 'pool-exhausted'; message: string };

export interface AllocateOptions {
  /**
   * Addresses not to hand out although no VM holds them yet, e.g. those already
   * given to other VMs of the same group move.
   */
  exclude?: ReadonlySet<string>;
}

/** Index of the first element of `sorted` that is `>= value`. */
function lowerBound(sorted: readonly bigint[], value: bigint): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The last index of the run of consecutive integers that starts at `k`.
 * Values are distinct and ascending, so `sorted[j] - sorted[k] === j - k`
 * holds exactly for the run, and the predicate can be binary-searched.
 */
function runEnd(sorted: readonly bigint[], k: number): number {
  const base = sorted[k]!;
  let lo = k;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (sorted[mid]! - base === BigInt(mid - k)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The lowest address in [first, last] that is neither in `used` nor in `blocked`. */
function lowestFree(
  first: bigint,
  last: bigint,
  used: readonly bigint[],
  blocked: ReadonlySet<bigint>,
): bigint | undefined {
  let candidate = first;
  while (candidate <= last) {
    const k = lowerBound(used, candidate);
    if (k < used.length && used[k] === candidate) {
      candidate = used[runEnd(used, k)]! + 1n;
      continue;
    }
    // `blocked` holds the gateway and the caller's exclusions: a handful, stepped over one by one.
    if (blocked.has(candidate)) {
      candidate += 1n;
      continue;
    }
    return candidate;
  }
  return undefined;
}

/**
 * Allocates an address of `family` for a VM joining `networkId` in `siteId`.
 * Subnets are tried in the network's order; the result names the subnet.
 *
 * @example
 * const r = allocateAddress(index, 'acme-web', 'lon1', 'ipv6');
 * if (r.ok) console.log(r.address, 'from', r.subnet);
 */
export function allocateAddress(
  index: EstateIndex,
  networkId: string,
  siteId: string,
  family: IpFamily,
  opts: AllocateOptions = {},
): AllocationResult {
  const net = index.networks.get(networkId);
  if (!net) return { ok: false, reason: 'no-subnet', message: `unknown network "${networkId}"` };
  const table = domainTable(index, networkId, siteId);
  const used = usedAddresses(index, table, family);
  const excluded = new Set<bigint>();
  for (const ip of opts.exclude ?? []) {
    const n = addressInt(ip, family);
    if (n !== undefined) excluded.add(n);
  }
  let subnets = 0;
  for (const subnet of net.subnets) {
    const pool = poolRange(subnet);
    if (!pool || pool.family !== family) continue;
    subnets++;
    const blocked = new Set(excluded);
    const gateway = subnet.gateway === undefined ? undefined : addressInt(subnet.gateway, family);
    if (gateway !== undefined) blocked.add(gateway);
    const free = lowestFree(pool.first, pool.last, used, blocked);
    if (free !== undefined)
      return { ok: true, address: bigIntToIp(free, family), subnet: subnet.cidr };
  }
  if (subnets === 0)
    return {
      ok: false,
      reason: 'no-subnet',
      message: `network "${networkId}" has no ${family} subnet`,
    };
  return {
    ok: false,
    reason: 'pool-exhausted',
    message: `every ${family} address of the pool of network "${networkId}" is in use in L2 domain "${table.key}"`,
  };
}
