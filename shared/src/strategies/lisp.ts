/**
 * Strategy 6: the Locator/ID Separation Protocol (RFC 9300 data plane, RFC
 * 9301 control plane). The VM's addresses are EIDs and stay; what changes is
 * its RLOC, the address of the xTR (the site gateway) in front of it. The new
 * ETR registers the EIDs with the map server and the old ETR solicits fresh
 * Map-Requests from the ITRs that cache them (lisp-control-plane.ts).
 *
 * Traffic leaves at the new site: its ITR encapsulates straight to the peer's
 * RLOC. It enters at the new site from LISP sites, whose ITRs encapsulate to
 * the new RLOC (R8); from sites without LISP and from outside it enters at a
 * proxy ITR (RFC 6832 §5), which advertises the EID prefixes and encapsulates
 * on: a detour through the proxy ITR's site (R17). An ITR that misses its SMR
 * keeps the old RLOC until the map-cache entry's TTL runs out: the window of
 * possible loss the report shows.
 */
import { addressAnnouncements } from '../addressing/announcements.ts';
import { mapCacheTtlMinutes } from '../model/lisp.ts';
import type { Device } from '../model/device.ts';
import type { Tunnel } from '../impact/report.ts';
import { durationText } from '../util/duration-text.ts';
import { changedOn, emptyOutcome, reachability, tunnel } from './common.ts';
import { mappingUpdate, nonLispEntrySite } from './lisp-control-plane.ts';
import type { MobilityStrategy } from './types.ts';

/** The RLOCs' common family for the outer header, IPv4 first (20 bytes less); null when they share none. */
function outerFamily(itr: Device, etr: Device): 'ipv4' | 'ipv6' | null {
  if (itr.ipv4 && etr.ipv4) return 'ipv4';
  if (itr.ipv6 && etr.ipv6) return 'ipv6';
  return null;
}

export const lisp: MobilityStrategy = {
  name: 'lisp',
  title: 'Locator/ID separation (LISP)',
  requirement: 'R8',
  description:
    'Keep the address as an EID; the new xTR registers it with the map server and ITRs re-resolve its RLOC.',
  notApplicable(move, ctx) {
    const deployment = ctx.engine.index.estate.lisp;
    if (!deployment) return 'the estate runs no LISP';
    if (move.fromSite.id === move.toSite.id)
      return 'the VM stays in its site: its RLOC does not change';
    for (const site of [move.fromSite.id, move.toSite.id])
      if (!deployment.xtrSiteIds.includes(site)) return `${site} is not a LISP site (no xTR)`;
    const gw = ctx.engine.index.gatewayBySite;
    if (!gw.get(move.fromSite.id) || !gw.get(move.toSite.id))
      return 'both sites need a gateway to act as their xTR';
    return null;
  },
  apply(move, ctx) {
    const out = emptyOutcome(move);
    const deployment = ctx.engine.index.estate.lisp!;
    const { vm } = move;
    const gw = ctx.engine.index.gatewayBySite;
    const oldEtr = gw.get(move.fromSite.id)!;
    const newEtr = gw.get(move.toSite.id)!;
    out.ipv4After = vm.ipv4 ?? null;
    out.ipv6After = vm.ipv6 ?? null;
    const eids = [vm.ipv4, vm.ipv6].filter((a): a is string => Boolean(a));
    const entrySite = nonLispEntrySite(deployment, move);
    out.anchor = {
      exitSiteId: move.toSite.id,
      entrySiteId: entrySite,
      directEntrySiteIds: deployment.xtrSiteIds,
      tunnelEnd: 'gateway',
      domain: null,
    };

    const update = mappingUpdate(ctx, move, deployment);
    for (const pair of update.unreachable)
      out.blocking.push({
        code: 'lisp-unreachable',
        message: `no path ${pair} for the LISP control plane of ${vm.id}`,
        vmId: vm.id,
      });
    const tunnels: Tunnel[] = [];
    for (const { itr } of update.itrs) {
      const outer = outerFamily(itr, newEtr);
      if (outer)
        tunnels.push(
          tunnel('lisp', itr, newEtr, `EID ${eids.join(', ')}`, { kind: 'lisp', outer }),
        );
      else
        out.blocking.push({
          code: 'no-common-stack',
          message: `ITR ${itr.id} (${itr.stack}) and ETR ${newEtr.id} (${newEtr.stack}) share no IP family for LISP encapsulation`,
          vmId: vm.id,
        });
    }
    out.tunnelsCreated = tunnels;
    out.tunnelsCreatedCount = tunnels.length;
    const mapServer = gw.get(deployment.mapServerSiteId);
    out.tables = [
      ...changedOn(
        update.itrs.map((i) => i.itr.id),
        'map-cache',
        eids.length,
      ),
      ...(mapServer ? changedOn([mapServer.id], 'map-server', eids.length) : []),
    ];

    // The VM's own announcements on the new link let the new xTR detect its EIDs.
    out.announcements = addressAnnouncements(
      move.network,
      { vmId: vm.id, mac: vm.mac, ipv4: out.ipv4After, ipv6: out.ipv6After },
      { domain: 1, nextHop: move.toHost.id },
    ).filter((a) => a.kind === 'garp' || a.kind === 'unsolicited-na');
    const family = vm.ipv4 ? ('ipv4' as const) : vm.ipv6 ? ('ipv6' as const) : null;
    out.announcements.push(
      {
        kind: 'lisp-map-register',
        vmId: vm.id,
        address: eids[0] ?? null,
        family,
        detail: `Map-Register ${eids.join(', ')} → RLOC ${newEtr.id}, to the map server in ${deployment.mapServerSiteId}`,
        receivers: 1,
        atMs: [update.registerMs],
      },
      {
        kind: 'lisp-smr',
        vmId: vm.id,
        address: eids[0] ?? null,
        family,
        detail: `SMR from ${oldEtr.id} to ${update.itrs.length} ITR(s)${update.itrs.length ? `: ${update.itrs.map((i) => i.itr.id).join(', ')}` : ''}; each re-resolves through the map resolver`,
        receivers: update.itrs.length,
        atMs: update.itrs.map((i) => i.totalMs),
      },
    );
    out.reachability = reachability({
      mechanisms: ['announce', 'lisp'],
      mappingUpdateMs: update.totalMs,
    });

    const ttlMinutes = mapCacheTtlMinutes(deployment);
    out.staleMappingWindowMs = ttlMinutes * 60_000;
    out.warnings.push({
      code: 'lisp-stale-map-cache',
      message: `an ITR that misses its SMR keeps sending ${vm.id}'s traffic to the old RLOC ${oldEtr.id} for up to the map-cache TTL, ${ttlMinutes} min (${durationText(ttlMinutes * 60)}): a window of possible loss`,
      vmId: vm.id,
    });
    const widest = tunnels.reduce<Tunnel | undefined>(
      (w, t) => (!w || t.overheadBytes > w.overheadBytes ? t : w),
      undefined,
    );
    if (widest)
      out.warnings.push({
        code: 'lisp-encapsulation',
        message: `LISP encapsulation adds ${widest.overheadBytes} bytes: packets to ${vm.id} across the WAN must fit ${widest.vmMtu} bytes`,
        vmId: vm.id,
      });
    if (update.nonLispPeers.length && entrySite !== move.toSite.id)
      out.warnings.push({
        code: 'lisp-proxy-detour',
        message: `traffic to ${vm.id} from ${update.nonLispPeers.join(', ')} (no LISP there) detours through ${entrySite} (${deployment.proxyItrSiteIds.length ? 'proxy ITR' : 'home prefix'})`,
        vmId: vm.id,
      });

    out.switchover = [
      `${newEtr.id} registers ${eids.join(', ')} with the map server in ${deployment.mapServerSiteId}`,
      ...(update.itrs.length
        ? [
            `${oldEtr.id} sends SMRs to ${update.itrs.map((i) => i.itr.id).join(', ')}; they map ${vm.id} to ${newEtr.id}`,
          ]
        : []),
    ];
    return out;
  },
};
