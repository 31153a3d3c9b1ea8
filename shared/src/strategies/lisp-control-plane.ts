/**
 * The LISP control plane of one VM's move (RFC 9301), as a timeline of
 * one-way latencies between the site gateways that play its parts:
 *
 * 1. The new ETR sends a Map-Register for the VM's EIDs to the map server
 *    (§5.6, §8.2).
 * 2. The old ETR, whose EIDs changed, sends a Solicit-Map-Request (a
 *    Map-Request with the S bit, §6.1) to each ITR with a map-cache entry
 *    for them.
 * 3. Each such ITR sends a Map-Request to the map resolver (§8.1), here
 *    beside the map server, which forwards it to the ETR that registered the
 *    EID: the new one (§8.3).
 * 4. The new ETR answers the ITR with a Map-Reply (§5.4), and the ITR
 *    encapsulates to the new RLOC from then on.
 *
 * The steps are taken one after another: the old ETR solicits once the new
 * registration stands, so an ITR's time is the sum of its five legs; the VM
 * is reached by all once the slowest ITR has its answer. An ITR caches the
 * EID when it sends the VM traffic: the xTR of each peer's site (but the new
 * site's, which delivers locally), and, for peers without LISP and external
 * prefixes, the site where that traffic enters (`nonLispEntrySite`).
 */
import { flowPeer } from '../model/flow.ts';
import type { LispDeployment } from '../model/lisp.ts';
import type { Device } from '../model/device.ts';
import type { MoveContext, VmMove } from '../impact/move-context.ts';

/** One ITR that must learn the VM's new RLOC, and how long each leg of its update takes, ms. */
export interface ItrUpdate {
  siteId: string;
  itr: Device;
  /** `xtr`: a LISP site's own ITR; `proxy`: the ITR that sites without LISP and the outside come through. */
  role: 'xtr' | 'proxy';
  smrMs: number;
  mapRequestMs: number;
  forwardMs: number;
  mapReplyMs: number;
  /** From the switchover until it holds the new mapping: the Map-Register and its four legs. */
  totalMs: number;
}

export interface MappingUpdate {
  /** New ETR → map server. */
  registerMs: number;
  itrs: ItrUpdate[];
  /** Until the slowest ITR holds the new mapping (the Map-Register alone when none caches the EID). */
  totalMs: number;
  /** Peers (VM ids or prefixes) whose traffic to the VM comes through `nonLispEntrySite`. */
  nonLispPeers: string[];
  /** Site pairs with no path between their gateways: the update cannot reach there. */
  unreachable: string[];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Where traffic from sites without LISP and from outside enters after the
 * move: the first proxy ITR (RFC 6832 §5), which advertises the EID
 * prefixes; without one, the old site, whose gateway still advertises the
 * VM's home prefix and encapsulates what it attracts.
 */
export const nonLispEntrySite = (lisp: LispDeployment, move: VmMove): string =>
  lisp.proxyItrSiteIds[0] ?? move.fromSite.id;

export function mappingUpdate(ctx: MoveContext, move: VmMove, lisp: LispDeployment): MappingUpdate {
  const { index, routing } = ctx.engine;
  const gw = (siteId: string) => index.gatewayBySite.get(siteId);
  const unreachable: string[] = [];
  const oneWay = (fromSite: string, toSite: string): number => {
    if (fromSite === toSite) return 0;
    const a = gw(fromSite);
    const b = gw(toSite);
    const p = a && b && routing.hostPath(a.id, b.id, `lisp:${move.vm.id}`);
    if (!p) {
      unreachable.push(`${fromSite} → ${toSite}`);
      return 0;
    }
    return p.latencyMs;
  };
  const xtr = new Set(lisp.xtrSiteIds);
  const ms = lisp.mapServerSiteId;
  const newSite = move.toSite.id;
  const registerMs = oneWay(newSite, ms);

  const itrSites = new Map<string, ItrUpdate['role']>();
  const nonLispPeers: string[] = [];
  for (const flow of index.flowsByVm.get(move.vm.id) ?? []) {
    const peerId = flowPeer(flow, move.vm.id);
    const peer = peerId ? index.vms.get(peerId) : undefined;
    const peerHost = peer && (ctx.placement.get(peer.id) ?? peer.hostId);
    const peerSite = peerHost ? routing.siteOf(peerHost) : undefined;
    if (peerSite !== undefined && xtr.has(peerSite)) {
      if (peerSite !== newSite && !itrSites.has(peerSite)) itrSites.set(peerSite, 'xtr');
      continue;
    }
    nonLispPeers.push(peerId ?? (flow.dst.kind === 'prefix' ? flow.dst.prefix : flow.id));
  }
  const entry = nonLispEntrySite(lisp, move);
  if (nonLispPeers.length && entry !== newSite) itrSites.set(entry, 'proxy');

  const itrs: ItrUpdate[] = [];
  for (const [siteId, role] of itrSites) {
    const itr = gw(siteId);
    if (!itr) continue;
    const smrMs = oneWay(move.fromSite.id, siteId);
    const mapRequestMs = oneWay(siteId, ms);
    const forwardMs = oneWay(ms, newSite);
    const mapReplyMs = oneWay(newSite, siteId);
    itrs.push({
      siteId,
      itr,
      role,
      smrMs,
      mapRequestMs,
      forwardMs,
      mapReplyMs,
      totalMs: round3(registerMs + smrMs + mapRequestMs + forwardMs + mapReplyMs),
    });
  }
  const totalMs = Math.max(registerMs, ...itrs.map((i) => i.totalMs));
  return { registerMs, itrs, totalMs, nonLispPeers, unreachable: [...new Set(unreachable)] };
}
