/**
 * The bandwidth each copying run gets: max-min fair shares over every link of
 * their paths (shared/src/migration/fair-share.ts, the preview's function),
 * on the links' capacities as the faults leave them.
 */
import { fairShares } from '@vmmi/shared';
import type { StoredFault } from './fault-repo.ts';
import type { LiveRun } from './live-run.ts';

export class PathShares {
  /** The last shares and what they were computed for: the copying runs and the faults. */
  private last: { key: string; shares: Map<string, number> } | null = null;

  /**
   * The shares of the copying runs by run id. They depend only on which runs
   * copy and on the faults (paths, caps and capacities are fixed per run), so
   * they are computed again only when either changes, not every tick.
   */
  of(copying: readonly LiveRun[], faults: readonly StoredFault[]): Map<string, number> {
    const key = `${faults.map((f) => f.id).join(',')}#${copying.map((r) => r.id).join(',')}`;
    if (this.last?.key !== key)
      this.last = {
        key,
        shares: fairShares(
          copying.map((r) => ({
            id: r.id,
            cap: r.spec.maxBandwidthBytesPerSecond,
            links: r.linkKeys,
          })),
          linkCapacities(copying, faults),
        ),
      };
    return this.last.shares;
  }
}

/** Each path link's capacity for the runs, keyed as LiveRun.linkKeys, with the faults applied. */
export function linkCapacities(
  runs: readonly LiveRun[],
  faults: readonly StoredFault[],
): Map<string, number> {
  const cap = new Map<string, number>();
  for (const r of runs)
    r.spec.path.forEach((l, i) => cap.set(r.linkKeys[i]!, l.freeBytesPerSecond));
  for (const f of faults) {
    if (f.fault.kind === 'link-down') cap.set(`${f.estateId}|${f.fault.linkId}`, 0);
    if (f.fault.kind === 'bandwidth-collapse') {
      const { linkId, factor } = f.fault;
      for (const [key, value] of cap)
        if (
          key.startsWith(`${f.estateId}|`) &&
          (linkId === undefined || key.endsWith(`|${linkId}`))
        )
          cap.set(key, value * factor);
    }
  }
  return cap;
}
