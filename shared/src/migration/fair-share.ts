/**
 * The one computation of migration bandwidth shares (R14, R19): max-min fair
 * shares over every link of every path, by progressive filling (Bertsekas &
 * Gallager, "Data Networks", §6.5.2): all migrations grow together; one stops
 * growing at its own cap or when a link it crosses is full. The preview (one
 * VM or a group) and the executor's every tick both call it, so what a plan
 * promises and what a run gets come from the same arithmetic. On one link with
 * caps c₁ ≤ … ≤ c_n it is water filling, min(c_k, F_left / (n − k + 1)); with
 * one cap c, min(c, F / n) (docs/migration-model.md §1).
 */

/** One migration that wants bandwidth: its own cap and the links of its path. */
export interface BandwidthDemand {
  id: string;
  /** Its own cap (QEMU's max-bandwidth), bytes/s. */
  cap: number;
  /** Link ids of its path. */
  links: readonly string[];
}

/**
 * Each migration's share, bytes/s. `capacity` holds each link's free
 * capacity, bytes/s (linkFreeBytesPerSecond); a link missing from it is taken
 * as unlimited, so a migration crossing none gets its cap.
 */
export function fairShares(
  demands: readonly BandwidthDemand[],
  capacity: ReadonlyMap<string, number>,
): Map<string, number> {
  const share = new Map<string, number>(demands.map((d) => [d.id, 0]));
  const left = new Map<string, number>();
  for (const d of demands)
    for (const l of d.links) if (capacity.has(l)) left.set(l, Math.max(0, capacity.get(l)!));
  let active = demands.filter((d) => d.cap > 0 && d.links.every((l) => left.get(l) !== 0));
  // Each round freezes at least one run or fills at least one link, so it ends.
  while (active.length > 0) {
    const onLink = new Map<string, number>();
    for (const d of active)
      for (const l of d.links) if (left.has(l)) onLink.set(l, (onLink.get(l) ?? 0) + 1);
    let step = Infinity;
    for (const [l, n] of onLink) step = Math.min(step, left.get(l)! / n);
    for (const d of active) step = Math.min(step, d.cap - share.get(d.id)!);
    if (!Number.isFinite(step)) break;
    for (const d of active) share.set(d.id, share.get(d.id)! + step);
    for (const [l, n] of onLink) left.set(l, left.get(l)! - step * n);
    const eps = 1e-6;
    active = active.filter(
      (d) =>
        d.cap - share.get(d.id)! > eps && d.links.every((l) => !left.has(l) || left.get(l)! > eps),
    );
  }
  return share;
}
