/**
 * IPv4 / IPv6 compatibility of a move across sites (R1, R12). A DC gateway
 * routes between sites only the families of its stack, so a VM family the
 * gateway lacks cannot reach the WAN from behind it. Two gateways matter: the
 * destination's (all the VM's WAN traffic after the move) and the source's
 * (traffic back to the peers and home network left behind).
 */
import type { EstateIndex } from '../engine/estate-index.ts';
import type { Device } from '../model/device.ts';
import type { IpStack } from '../model/primitives.ts';
import type { Vm } from '../model/vm.ts';
import type { IpFamily } from '../net/ip.ts';
import { IP_FAMILIES } from './address-key.ts';
import { poolRange } from './pool.ts';

export interface StackIssue {
  /** The VM's address family the gateway does not route. */
  family: IpFamily;
  gatewayId: string;
  gatewayStack: IpStack;
  /** Which gateway: the destination site's, or the source site's (traffic back across the WAN). */
  side: 'destination' | 'source';
  /**
   * `dual-stack`: the VM's network has a subnet of the gateway's family, so
   * giving the VM a second address fixes it. `translation`: it has none (or the
   * VM already has both), so the gateway must translate: for IPv4 behind IPv6,
   * 464XLAT (RFC 6877) towards IPv4 peers or NAT46 (SIIT, RFC 7915) towards
   * IPv6 ones; for IPv6 behind IPv4, NAT64 (RFC 6146) towards IPv4 peers or
   * IPv6 in IPv4 (RFC 4213) towards IPv6 ones. Which applies depends on each
   * flow's peer: impact/flow-families.ts names it per flow.
   */
  needs: 'dual-stack' | 'translation';
  message: string;
}

const routes = (stack: IpStack, family: IpFamily) => stack === 'dual' || stack === family;
const label = (family: IpFamily) => (family === 'ipv4' ? 'IPv4' : 'IPv6');
const other = (family: IpFamily): IpFamily => (family === 'ipv4' ? 'ipv6' : 'ipv4');
const translator = (family: IpFamily) =>
  family === 'ipv4'
    ? '464XLAT (RFC 6877) to IPv4 peers, NAT46 (SIIT, RFC 7915) to IPv6 ones'
    : 'NAT64 (RFC 6146) to IPv4 peers, IPv6 in IPv4 (RFC 4213) to IPv6 ones';

function gatewayIssues(
  index: EstateIndex,
  vm: Vm,
  families: readonly IpFamily[],
  gateway: Device,
  side: StackIssue['side'],
): StackIssue[] {
  const stack = gateway.stack;
  if (!stack) return [];
  const issues: StackIssue[] = [];
  const net = index.networks.get(vm.networkId);
  for (const family of families) {
    if (routes(stack, family)) continue;
    const alt = other(family);
    const vmHasAlt = families.includes(alt);
    const netHasAlt = net?.subnets.some((s) => poolRange(s)?.family === alt) ?? false;
    const needs = !vmHasAlt && netHasAlt ? 'dual-stack' : 'translation';
    const where =
      side === 'destination'
        ? `behind gateway "${gateway.id}" (${stack}-only)`
        : `back to its source site through gateway "${gateway.id}" (${stack}-only)`;
    const fix =
      needs === 'dual-stack'
        ? `give it an ${label(alt)} address from network "${vm.networkId}" (dual-stack), or translate with ${translator(family)}`
        : vmHasAlt
          ? `its ${label(family)} flows must use ${label(alt)} or be translated (${translator(family)})`
          : `network "${vm.networkId}" has no ${label(alt)} subnet, so the gateway must translate (${translator(family)})`;
    issues.push({
      family,
      gatewayId: gateway.id,
      gatewayStack: stack,
      side,
      needs,
      message: `${label(family)} traffic of VM "${vm.id}" cannot cross the WAN ${where}: ${fix}`,
    });
  }
  return issues;
}

/**
 * What moving `vm` to `destSiteId` breaks for its address families. A move
 * inside the VM's own site crosses no new gateway and yields nothing; so does a
 * site without a gateway (it has no WAN to cross).
 *
 * @example
 * // An IPv4-only VM moved to sin1, whose gateway is IPv6-only:
 * checkStackCompatibility(index, vm, 'sin1'); // [{ family: 'ipv4', needs: 'translation', ... }]
 */
export function checkStackCompatibility(
  index: EstateIndex,
  vm: Vm,
  destSiteId: string,
): StackIssue[] {
  const sourceSiteId = index.devices.get(vm.hostId)?.siteId;
  if (sourceSiteId === destSiteId) return [];
  const families = IP_FAMILIES.filter((f) => vm[f] !== undefined);
  const dest = index.gatewayBySite.get(destSiteId);
  const source = sourceSiteId === undefined ? undefined : index.gatewayBySite.get(sourceSiteId);
  return [
    ...(dest ? gatewayIssues(index, vm, families, dest, 'destination') : []),
    ...(source && source.id !== dest?.id
      ? gatewayIssues(index, vm, families, source, 'source')
      : []),
  ];
}
