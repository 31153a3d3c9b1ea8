/**
 * The interruption users see when a move switches over (R14's "uninterrupted";
 * docs/migration-model.md §5, docs/strategies.md "Downtime"): per VM, the
 * stop-and-copy pause of its migration estimate, then the wait for its first
 * announcement to be received, then the network switch (EVPN routes, agent
 * tables, a PMIP binding). The comparison, the cost and the report's own
 * figure all come from here, so they cannot disagree.
 */
import { reachabilityMs } from '../strategies/common.ts';
import type { StrategyOutcome } from '../strategies/types.ts';
import type { Interruption, MigrationSummary } from './report.ts';

const round2 = (x: number) => Math.round(x * 100) / 100;

/** One VM's interruption: its migration's pause, then the strategy's time to reachability. */
export function vmInterruption(
  migration: MigrationSummary,
  outcome: StrategyOutcome,
): Interruption {
  const stopAndCopyMs = round2(migration.downtimeMs ?? 0);
  const { announceMs, networkSwitchMs } = outcome.reachability;
  return {
    vmId: migration.vmId,
    stopAndCopyMs,
    announceMs,
    networkSwitchMs,
    totalMs: round2(stopAndCopyMs + reachabilityMs(outcome.reachability)),
  };
}

/** The move's interruption: its worst VM's (the first of equals); null without outcomes (a strategy that does not apply). */
export function moveInterruption(
  migrations: readonly MigrationSummary[],
  outcomes: readonly StrategyOutcome[],
): Interruption | null {
  let worst: Interruption | null = null;
  outcomes.forEach((o, i) => {
    const m = migrations[i];
    if (!m) return;
    const x = vmInterruption(m, o);
    if (!worst || x.totalMs > worst.totalMs) worst = x;
  });
  return worst;
}
