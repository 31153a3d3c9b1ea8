/**
 * Strategy 2 (R7): L2 extension over VXLAN or Geneve with an EVPN control
 * plane. IP and MAC stay across sites; the new VTEP advertises an EVPN route
 * type 2 per MAC+IP pair with the MAC Mobility sequence number raised by one
 * (RFC 7432 §15), every VTEP of the VNI repoints its FDB entry, and the
 * distributed anycast gateway lets traffic leave from the new site. Across
 * sites the destination's gateway also advertises an EVPN type-5 host route
 * (RFC 9136 §3) per address, so inbound traffic enters at the new site instead
 * of the old site's prefix (no tromboning either way once it has spread).
 */
import { addressAnnouncements } from '../addressing/announcements.ts';
import { estimateReconvergence } from '../migration/reconvergence.ts';
import type { Announcement } from '../impact/report.ts';
import {
  changedOn,
  emptyOutcome,
  meshChanges,
  membersExcept,
  networkMembers,
  outerFamily,
  reachability,
  tunnel,
} from './common.ts';
import type { MobilityStrategy } from './types.ts';

export const l2Overlay: MobilityStrategy = {
  name: 'l2-overlay',
  title: 'L2 extension over VXLAN/Geneve (EVPN)',
  requirement: 'R7',
  description:
    'Keep IP and MAC across sites; VTEP/FDB updates at both ends and an EVPN MAC-mobility route.',
  notApplicable(move) {
    const seg = move.network.segmentation;
    if (seg.type !== 'vxlan' && seg.type !== 'geneve')
      return `network ${move.network.id} is ${seg.type}, not VXLAN or Geneve`;
    if (
      !move.network.stretched &&
      move.network.siteIds.includes(move.toSite.id) &&
      move.fromSite.id !== move.toSite.id
    )
      return `network ${move.network.id} is not stretched: ${move.toSite.id} is another L2 domain`;
    return null;
  },
  apply(move, ctx) {
    const out = emptyOutcome(move);
    const { vm, network } = move;
    const seg = network.segmentation;
    const vni = seg.type === 'vxlan' || seg.type === 'geneve' ? seg.vni : 0;
    out.ipv4After = vm.ipv4 ?? null;
    out.ipv6After = vm.ipv6 ?? null;
    const mesh = meshChanges(ctx, move, (a, b) =>
      tunnel(
        seg.type === 'geneve' ? 'geneve' : 'vxlan',
        a,
        b,
        `vni ${vni}`,
        seg.type === 'geneve'
          ? { kind: 'geneve', outer: outerFamily(ctx, a, b) }
          : { kind: 'vxlan', outer: outerFamily(ctx, a, b) },
      ),
    );
    const { members: _members, ...tunnels } = mesh;
    Object.assign(out, tunnels);
    const vteps = membersExcept(mesh.members.after, move.toHost.id);
    // FDB (overlay/vtep.ts): VTEPs that held the MAC repoint it; the old host, if it keeps
    // members, now learns it as remote; the new host drops its remote entry, or, as a new
    // VTEP, learns every other MAC of the VNI.
    const others = membersExcept(vteps, move.fromHost.id);
    // Every VM of the VNI but this one and those already behind the new VTEP.
    const { vms, vmsPerHost } = networkMembers(ctx, network);
    const vniMacs = vms - 1 - (vmsPerHost.get(move.toHost.id) ?? 0);
    out.tables = [
      ...changedOn(others, 'fdb'),
      ...(mesh.members.after.has(move.fromHost.id)
        ? [{ deviceId: move.fromHost.id, table: 'fdb' as const, added: 1, changed: 0, removed: 0 }]
        : []),
      mesh.members.before.has(move.toHost.id)
        ? { deviceId: move.toHost.id, table: 'fdb', added: 0, changed: 0, removed: 1 }
        : { deviceId: move.toHost.id, table: 'fdb', added: vniMacs, changed: 0, removed: 0 },
    ];
    // The new VTEP learns from the VM's announcement, then the route crosses the route reflector.
    const timing = estimateReconvergence({ mechanisms: ['announce', 'evpn'] });
    out.announcements = addressAnnouncements(
      network,
      { vmId: vm.id, mac: vm.mac, ipv4: out.ipv4After, ipv6: out.ipv6After },
      {
        domain: vms,
        vteps: vteps.length,
        // The BGP next hop is the VTEP's address; the host id says which VTEP it is.
        nextHop: `${move.toHost.ipv4 ?? move.toHost.ipv6 ?? '?'} (${move.toHost.id})`,
        controlPlaneMs: timing.evpnMs ?? undefined,
      },
    );
    const crossSite = move.fromSite.id !== move.toSite.id;
    const gateway = ctx.engine.index.gatewayBySite.get(move.toSite.id);
    if (crossSite && gateway) {
      out.anchor.entrySiteId = move.toSite.id;
      const otherGateways = ctx.engine.index.gatewayBySite.size - 1;
      const host = (a: Announcement) => (a.family === 'ipv4' ? '/32' : '/128');
      for (const a of out.announcements.filter((x) => x.kind === 'evpn-type2' && x.address))
        out.announcements.push({
          kind: 'evpn-type5',
          vmId: vm.id,
          address: a.address,
          family: a.family,
          detail: `IP prefix ${a.address}${host(a)} next hop ${gateway.id}: inbound traffic enters at ${move.toSite.id}`,
          receivers: otherGateways,
          atMs: a.atMs,
        });
    }
    if (!network.siteIds.includes(move.toSite.id))
      out.warnings.push({
        code: 'network-extended',
        message: `network ${network.id} is extended to ${move.toSite.id}`,
        vmId: vm.id,
      });
    out.reachability = reachability({ mechanisms: ['announce', 'evpn'] });
    out.prepare = mesh.tunnelsCreatedCount
      ? [
          `build ${mesh.tunnelsCreatedCount} ${seg.type} tunnel(s) from ${move.toHost.id} for VNI ${vni}`,
        ]
      : [];
    out.switchover = [
      `advertise EVPN type-2 for ${vm.mac} from ${move.toHost.id} (sequence +1); ${vteps.length} VTEP(s) repoint their FDB`,
      ...(crossSite && gateway
        ? [
            `advertise EVPN type-5 host route(s) from ${gateway.id}; inbound traffic moves to ${move.toSite.id}`,
          ]
        : []),
    ];
    return out;
  },
};
