/**
 * The assignable range of a subnet (R10): its `pool` if it has one, cut to the
 * subnet's host addresses; otherwise every host address. Host addresses leave
 * out the network address and, for IPv4, the broadcast address, except on
 * point-to-point prefixes (/31, RFC 3021; /127, RFC 6164) and single addresses.
 * The IPv6 network address is left out as the Subnet-Router anycast address
 * (RFC 4291 section 2.6.1). The gateway is not excluded here: allocation skips it.
 */
import type { Subnet } from '../model/virtual-network.ts';
import { cidrRange, type IpFamily } from '../net/ip.ts';
import { addressInt } from './address-key.ts';

export interface PoolRange {
  family: IpFamily;
  /** First and last assignable address, inclusive; `first > last` means an empty pool. */
  first: bigint;
  last: bigint;
}

/** The pool of a subnet, or `undefined` if its prefix does not parse. */
export function poolRange(subnet: Subnet): PoolRange | undefined {
  let range: ReturnType<typeof cidrRange>;
  try {
    range = cidrRange(subnet.cidr);
  } catch {
    return undefined;
  }
  const { family } = range;
  const size = range.last - range.first + 1n;
  let first = range.first;
  let last = range.last;
  if (size >= 4n) {
    first += 1n;
    if (family === 'ipv4') last -= 1n;
  }
  if (subnet.pool) {
    // A pool end of the wrong family is a validation error; ignoring it keeps the subnet usable.
    const start = addressInt(subnet.pool.start, family);
    const end = addressInt(subnet.pool.end, family);
    if (start !== undefined && start > first) first = start;
    if (end !== undefined && end < last) last = end;
  }
  return { family, first, last };
}
