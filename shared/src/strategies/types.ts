/** What a mobility strategy is: when it applies, and what it does to one VM's move (DESIGN.md, "Mobility strategies"). */
import type { VmMove, MoveContext } from '../impact/move-context.ts';
import type { Announcement, Reason, StrategyName, TableChange, Tunnel } from '../impact/report.ts';

/** Where the moved VM's traffic enters and leaves the network after the move. */
export type TrafficAnchor =
  /** Straight from the new host (the network learned the new location). */
  | { kind: 'direct' }
  /** Through the home site's gateway and a tunnel to the foreign gateway (PMIP). */
  | { kind: 'home-gateway'; homeSiteId: string };

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
  /** Live migration (memory copied while running), or a parallel run with a new instance (R5). */
  live: boolean;
  /** Time after switchover until the network reaches the VM at its new place. */
  reconvergenceMs: number;
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
