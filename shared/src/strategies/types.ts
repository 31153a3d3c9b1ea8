/** What a mobility strategy is: when it applies, and what it does to one VM's move (DESIGN.md, "Mobility strategies"). */
import type { VmMove, MoveContext } from '../impact/move-context.ts';
import type { Reachability } from './common.ts';
import type { Announcement, Reason, StrategyName, TableChange, Tunnel } from '../impact/report.ts';

/**
 * Where the moved VM's routed traffic leaves and enters the network after the
 * move (R6, R8, R17). Outbound traffic leaves at the site of its first-hop
 * router; inbound traffic from outside its L2 domain (external prefixes,
 * other networks) enters where the route to its address is advertised, which
 * stays the old site's prefix until a host route, an EVPN type-5 route, a new
 * address or a mobility binding moves it.
 */
export interface TrafficAnchor {
  /** The site whose gateway routes the VM's outbound traffic. */
  exitSiteId: string;
  /** The site whose gateway advertises the route that attracts traffic to the VM. */
  entrySiteId: string;
  /**
   * Sources whose traffic reaches the VM's own site directly instead of
   * entering at entrySiteId, by the site where it leaves its source (its exit
   * site; traffic from outside the estate is never among them). LISP: the ITR
   * of an xTR site encapsulates straight to the VM's new RLOC, while sites
   * without LISP and the outside come through the proxy ITR. Absent: every
   * source enters at entrySiteId.
   */
  directEntrySiteIds?: readonly string[];
  /**
   * Where a tunnel from a remote anchor ends on the VM's side: its site's
   * gateway (PMIP's mobile access gateway routes the VM's packets itself), or
   * its host (an agent or a stretched L2 segment carries them to the host).
   */
  tunnelEnd: 'gateway' | 'host';
  /**
   * The L2 domain (`l2DomainKey`) the VM is in after the move: peers in the
   * same domain reach it host to host, bridged or agent-tunnelled, without a
   * router. Null when it has none (PMIP: everything goes through the anchor).
   */
  domain: string | null;
}

/**
 * Where traffic to a VM anchored so enters, when it leaves its source at
 * `sourceExitSiteId` (undefined: from outside the estate). The one rule for
 * every strategy's anchor (R8, R17).
 */
export function entrySiteFor(
  anchor: TrafficAnchor,
  vmSiteId: string,
  sourceExitSiteId: string | undefined,
): string {
  return sourceExitSiteId !== undefined && anchor.directEntrySiteIds?.includes(sourceExitSiteId)
    ? vmSiteId
    : anchor.entrySiteId;
}

export interface StrategyOutcome {
  kept: boolean;
  ipv4After: string | null;
  ipv6After: string | null;
  announcements: Announcement[];
  tunnelsCreated: Tunnel[];
  tunnelsRemoved: Tunnel[];
  /** Tunnels created before the cap on listed tunnels. */
  tunnelsCreatedCount: number;
  tunnelsRemovedCount: number;
  tables: TableChange[];
  anchor: TrafficAnchor;
  /**
   * After the copy the source resumes and serves its existing sessions while the copy
   * takes new ones at its new address (R5), rather than stopping for good at the
   * switchover. Either way the VM's memory and disk are copied the same way.
   */
  parallelRun: boolean;
  /** Time after switchover until the network reaches the VM at its new place, in its parts. */
  reachability: Reachability;
  /**
   * The longest a device that missed the update may keep sending to the old
   * place, ms (LISP: the map-cache TTL); null when nothing caches it longer
   * than the switch. A window of possible loss: reported, not in the cost.
   */
  staleMappingWindowMs: number | null;
  /** Plan lines for setting the network up before the copy, and switching it at switchover. */
  prepare: string[];
  switchover: string[];
  blocking: Reason[];
  warnings: Reason[];
}

export interface MobilityStrategy {
  name: StrategyName;
  title: string;
  /** The draft's requirement it meets. */
  requirement: string;
  description: string;
  /** Why it does not apply to this move, or null when it does. */
  notApplicable(move: VmMove, ctx: MoveContext): string | null;
  apply(move: VmMove, ctx: MoveContext): StrategyOutcome;
}
