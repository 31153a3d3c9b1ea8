/**
 * Strategy 5 (R9): the draft's communications-agent overlay. The host agent at
 * the destination is created if the cluster had no VM there; every agent of
 * the cluster updates (Dst_vm_ip, Cluster_id) → Dst_host_ip; the source agent
 * is revoked when its last VM of the cluster leaves. Addresses stay. Agents
 * carry the cluster's own traffic host to host; nothing outside the estate
 * learns a new route, so traffic from external prefixes and other networks
 * still enters at the old site, whose gateway's agent tunnels it onward.
 */
import { addressAnnouncements } from '../addressing/announcements.ts';
import { estimateReconvergence } from '../migration/reconvergence.ts';
import {
  reachability,
  changedOn,
  emptyOutcome,
  meshChanges,
  membersExcept,
  networkMembers,
  outerFamily,
  tunnel,
} from './common.ts';
import type { MobilityStrategy } from './types.ts';

export const agentOverlay: MobilityStrategy = {
  name: 'agent-overlay',
  title: 'Communications-agent overlay',
  requirement: 'R9',
  description:
    'Per-host agents forward by (Dst_vm_ip, Cluster_id); their tables are updated on the move.',
  notApplicable(move) {
    return move.network.segmentation.type === 'agent'
      ? null
      : `network ${move.network.id} does not use the agent overlay`;
  },
  apply(move, ctx) {
    const out = emptyOutcome(move);
    const { vm, network } = move;
    const clusterId = network.segmentation.type === 'agent' ? network.segmentation.clusterId : 0;
    const family = vm.ipv4 ? 'ipv4' : 'ipv6';
    out.ipv4After = vm.ipv4 ?? null;
    out.ipv6After = vm.ipv6 ?? null;
    const mesh = meshChanges(ctx, move, (a, b) =>
      tunnel('agent', a, b, `cluster ${clusterId}`, {
        kind: 'agent',
        outer: outerFamily(ctx, a, b),
        addressFamily: family,
      }),
    );
    const { members: _members, ...tunnels } = mesh;
    Object.assign(out, tunnels);
    const agents = membersExcept(mesh.members.after, move.toHost.id);
    const ips = [vm.ipv4, vm.ipv6].filter((ip): ip is string => Boolean(ip));
    const newAgent = !mesh.members.before.has(move.toHost.id);
    // A new agent learns, and a revoked one drops, one entry per address of the cluster.
    const clusterEntries = networkMembers(ctx, network).addresses;
    out.tables = [
      ...changedOn(agents, 'agent', ips.length),
      {
        deviceId: move.toHost.id,
        table: 'agent',
        added: newAgent ? clusterEntries : 0,
        changed: newAgent ? 0 : ips.length,
        removed: 0,
      },
    ];
    if (!mesh.members.after.has(move.fromHost.id))
      out.tables.push({
        deviceId: move.fromHost.id,
        table: 'agent',
        added: 0,
        changed: 0,
        removed: clusterEntries,
      });
    out.announcements = addressAnnouncements(
      network,
      { vmId: vm.id, mac: vm.mac, ipv4: out.ipv4After, ipv6: out.ipv6After },
      {
        domain: 0,
        agents: agents.length,
        nextHop: move.toHost.ipv4 ?? move.toHost.ipv6 ?? move.toHost.id,
        controlPlaneMs: estimateReconvergence({ mechanisms: ['agent'] }).agentMs ?? undefined,
      },
    );
    out.reachability = reachability({ mechanisms: ['agent'] });
    out.prepare = [
      ...(newAgent ? [`create the agent for cluster ${clusterId} on ${move.toHost.id}`] : []),
      ...(mesh.tunnelsCreatedCount
        ? [`open ${mesh.tunnelsCreatedCount} agent tunnel(s) from ${move.toHost.id}`]
        : []),
    ];
    out.switchover = [
      `update (Dst_vm_ip, Cluster_id) → ${move.toHost.id} on ${agents.length} agent(s)`,
    ];
    return out;
  },
};
