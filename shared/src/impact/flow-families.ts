/**
 * Which IP family carries each flow of a moved VM, before and after the move
 * (R1, R12). A flow can use a family when both ends have an address of it and
 * every gateway that routes the flow's own packets routes that family (a DC
 * gateway routes only the families of its stack; gateways inside a tunnel see
 * only its outer header, so they do not count). This holds whatever the
 * strategy: an L2 overlay or the agent overlay bridges a VM's traffic to its
 * own segment, but its flows to external prefixes and other networks are
 * routed, and cross its gateways natively as PMIP's and a renumbered VM's do.
 *
 * When the move leaves a flow no family, the fixes are named per gateway:
 * make it dual-stack; or translate at it: NAT46 (SIIT, RFC 7915) for an IPv4
 * VM reaching an IPv6 peer, NAT64 (RFC 6146) for an IPv6 VM reaching an IPv4
 * peer, 464XLAT (RFC 6877) when both ends are IPv4 and only the gateway is
 * not, IPv6 in IPv4 (RFC 4213) for the reverse; or give the VM the other
 * family when its network has a subnet of it and that family would pass.
 */
import type { IpStack } from '../model/primitives.ts';
import type { IpFamily } from '../net/ip.ts';
import type { FlowFamilies } from './report.ts';

const FAMILIES: readonly IpFamily[] = ['ipv4', 'ipv6'];
const label = (f: IpFamily) => (f === 'ipv4' ? 'IPv4' : 'IPv6');
const other = (f: IpFamily): IpFamily => (f === 'ipv4' ? 'ipv6' : 'ipv4');

/** A gateway that routes a flow's packets, with the stack it routes (undefined: no limit given). */
export interface NativeGateway {
  id: string;
  stack: IpStack | undefined;
  direction: 'outbound' | 'inbound';
}

export interface FlowFamilyInput {
  /** Families the moved VM has addresses of. */
  vm: { before: readonly IpFamily[]; after: readonly IpFamily[] };
  /** Families its network after the move has subnets of (a second address could come from them). */
  vmNetwork: { id: string; families: readonly IpFamily[] };
  vmId: string;
  /** Families the other end has: a VM's addresses, or an external prefix's family. */
  peer: { before: readonly IpFamily[]; after: readonly IpFamily[] };
  gateways: { before: readonly NativeGateway[]; after: readonly NativeGateway[] };
}

export const routesFamily = (stack: IpStack | undefined, f: IpFamily): boolean =>
  stack === undefined || stack === 'dual' || stack === f;

function usable(
  ends: readonly IpFamily[],
  peer: readonly IpFamily[],
  gateways: readonly NativeGateway[],
): IpFamily[] {
  return FAMILIES.filter(
    (f) => ends.includes(f) && peer.includes(f) && gateways.every((g) => routesFamily(g.stack, f)),
  );
}

/**
 * The translator that lets a flow of family `f` cross gateway G, which routes
 * only the other family: the VM's own other family translated beyond G when
 * it has one (NAT64 for IPv6 → IPv4 peers, NAT46 for the reverse), the
 * peer's other family when it has one, else a translation there and back.
 */
function translation(
  f: IpFamily,
  gatewayId: string,
  vm: readonly IpFamily[],
  peer: readonly IpFamily[],
): string {
  const g = other(f);
  // Which family the VM speaks across G: its own g if it has one, else f towards a peer's g.
  const from = vm.includes(g) ? g : peer.includes(g) ? f : null;
  if (from === 'ipv6')
    return `NAT64 at ${gatewayId} (RFC 6146, with DNS64, RFC 6147: IPv6 on the VM's side, IPv4 on the peer's)`;
  if (from === 'ipv4')
    return `NAT46 at ${gatewayId} (SIIT, RFC 7915: IPv4 on the VM's side, IPv6 on the peer's)`;
  return f === 'ipv4'
    ? `464XLAT across ${gatewayId} (RFC 6877: SIIT before it, NAT64 (RFC 6146) after it)`
    : `IPv6 in IPv4 across ${gatewayId} (RFC 4213 tunnel)`;
}

/**
 * The families that carry the flow before and after the move, the gateways
 * that block the ones the VM and its peer share, and the fixes.
 *
 * @example
 * // An IPv4-only VM moved behind an IPv6-only gateway, to an IPv4 prefix:
 * flowFamilies({ vm: { before: ['ipv4'], after: ['ipv4'] }, peer: { before: ['ipv4'], after: ['ipv4'] },
 *   gateways: { before: [], after: [{ id: 'sin1.gw-1', stack: 'ipv6', direction: 'outbound' }] }, ... });
 * // { before: ['ipv4'], after: [], issues: [{ family: 'ipv4', gatewayId: 'sin1.gw-1', ... }],
 * //   fixes: ['make sin1.gw-1 dual-stack (it routes IPv6 only)', '464XLAT across sin1.gw-1 (…)'] }
 */
export function flowFamilies(input: FlowFamilyInput): FlowFamilies {
  const before = usable(input.vm.before, input.peer.before, input.gateways.before);
  const after = usable(input.vm.after, input.peer.after, input.gateways.after);
  const issues: FlowFamilies['issues'] = [];
  const fixes: string[] = [];
  const shared = FAMILIES.filter((f) => input.vm.after.includes(f) && input.peer.after.includes(f));
  for (const f of shared) {
    if (after.includes(f)) continue;
    const seen = new Set<string>();
    for (const g of input.gateways.after) {
      if (routesFamily(g.stack, f)) continue;
      issues.push({ family: f, gatewayId: g.id, gatewayStack: g.stack!, direction: g.direction });
      if (seen.has(g.id)) continue;
      seen.add(g.id);
      if (after.length > 0) continue;
      fixes.push(`make ${g.id} dual-stack (it routes ${label(other(f))} only)`);
      fixes.push(translation(f, g.id, input.vm.after, input.peer.after));
    }
  }
  if (after.length === 0 && shared.length > 0)
    for (const g of FAMILIES)
      if (
        !input.vm.after.includes(g) &&
        input.vmNetwork.families.includes(g) &&
        input.peer.after.includes(g) &&
        input.gateways.after.every((x) => routesFamily(x.stack, g))
      )
        fixes.push(
          `give ${input.vmId} an ${label(g)} address from ${input.vmNetwork.id} (dual-stack VM)`,
        );
  return { before, after, issues, fixes: [...new Set(fixes)] };
}
