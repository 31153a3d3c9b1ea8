/**
 * Strategy 3 (R5): cross-subnet migration with re-addressing. The destination
 * instance gets a new address from the destination pool and runs in parallel
 * with the source until the source's sessions are done; then the source is
 * decommissioned and its address released. Not transparent to clients. The
 * new address is in the destination's prefix, so traffic enters and leaves
 * there.
 */
import { allocateAddress } from '../addressing/allocate.ts';
import type { VirtualNetwork } from '../model/virtual-network.ts';
import type { MoveContext, VmMove } from '../impact/move-context.ts';
import { l2DomainKey } from '../model/validate.ts';
import { emptyOutcome } from './common.ts';
import type { MobilityStrategy } from './types.ts';

/** The network the VM joins at the destination: its own where it exists there, else another of its tenant's there. */
export function destinationNetwork(move: VmMove, ctx: MoveContext): VirtualNetwork | undefined {
  if (move.network.siteIds.includes(move.toSite.id)) return move.network;
  for (const n of ctx.engine.index.networks.values())
    if (n.tenantId === move.vm.tenantId && n.siteIds.includes(move.toSite.id)) return n;
  return undefined;
}

function sameDomain(move: VmMove): boolean {
  return (
    move.fromSite.id === move.toSite.id ||
    (move.network.stretched && move.network.siteIds.includes(move.toSite.id))
  );
}

export const renumber: MobilityStrategy = {
  name: 'renumber',
  title: 'Re-addressing (cross-subnet)',
  requirement: 'R5',
  description:
    'New address from the destination pool; source and destination run in parallel; not transparent.',
  notApplicable(move, ctx) {
    if (sameDomain(move))
      return `${move.toSite.id} is in the same L2 domain: the address can be kept`;
    if (!destinationNetwork(move, ctx))
      return `tenant ${move.vm.tenantId} has no network in ${move.toSite.id}`;
    return null;
  },
  apply(move, ctx) {
    const out = emptyOutcome(move);
    const { vm } = move;
    const net = destinationNetwork(move, ctx)!;
    out.anchor = {
      exitSiteId: move.toSite.id,
      entrySiteId: move.toSite.id,
      tunnelEnd: 'host',
      domain: l2DomainKey(net, move.toSite.id),
    };
    out.kept = false;
    out.parallelRun = true;
    const families = [
      vm.ipv4 ? ('ipv4' as const) : null,
      vm.ipv6 ? ('ipv6' as const) : null,
    ].filter((f) => f !== null);
    for (const family of families) {
      const r = allocateAddress(ctx.engine.index, net.id, move.toSite.id, family);
      if (r.ok) out[family === 'ipv4' ? 'ipv4After' : 'ipv6After'] = r.address;
      else out.blocking.push({ code: r.reason, message: `${family}: ${r.message}`, vmId: vm.id });
    }
    const gateway = ctx.engine.index.gatewayBySite.get(move.toSite.id);
    out.tables = gateway
      ? [{ deviceId: gateway.id, table: 'fib', added: families.length, changed: 0, removed: 0 }]
      : [];
    const addr = [out.ipv4After, out.ipv6After].filter(Boolean).join(', ');
    // One DNS record per new address: A for IPv4, AAAA for IPv6 (RFC 3596).
    for (const [family, address] of [
      ['ipv4', out.ipv4After],
      ['ipv6', out.ipv6After],
    ] as const)
      if (address)
        out.announcements.push({
          kind: 'dns-update',
          vmId: vm.id,
          address,
          family,
          detail: `${vm.name} ${family === 'ipv4' ? 'A' : 'AAAA'} ${address}`,
          receivers: 1,
          atMs: [0],
        });
    if (net.id !== move.network.id)
      out.warnings.push({
        code: 'network-changed',
        message: `${vm.id} joins ${net.id} in ${move.toSite.id}`,
        vmId: vm.id,
      });
    out.warnings.push({
      code: 'not-transparent',
      message: `clients of ${vm.id} must reconnect to ${addr}`,
      vmId: vm.id,
    });
    out.switchover = [`publish ${addr} for ${vm.name}; new sessions go to ${move.toHost.id}`];
    return out;
  },
};
