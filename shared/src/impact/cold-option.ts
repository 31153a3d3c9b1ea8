/**
 * When the preview offers a cold migration beside a live one (R15;
 * docs/strategies.md, "Stateful and stateless VMs"; docs/policy.md,
 * "Compatibility"): when the live move is blocked by something only a live
 * migration needs (a CPU feature, a release of the same family, a memory copy
 * that never converges), or when every VM moved is stateless (a cold move
 * loses nothing of it, so the operator may prefer it). It is offered only if
 * the cold preview of the same request is feasible, with that preview's
 * downtime, so the option shown is the move a cold request makes.
 */
import type { ColdOption, ColdSteps, ImpactReport, Interruption } from './report.ts';
import type { MoveContext } from './move-context.ts';

/** Blocking reasons a cold move does not have: no memory crosses, no CPU state is kept. */
const LIVE_ONLY: ReadonlySet<string> = new Set([
  'incompatible-cpu',
  'incompatible-hypervisor',
  'migration-non-convergent',
]);

/** Why to try the cold preview of a live one, or null when no cold option is looked for. */
export function coldOfferReason(ctx: MoveContext, live: ImpactReport): string | null {
  if (ctx.mode === 'cold') return null;
  const lifted = [...new Set(live.blocking.map((b) => b.code).filter((c) => LIVE_ONLY.has(c)))];
  if (!live.feasible && lifted.length) return `live migration is blocked (${lifted.join(', ')})`;
  if (ctx.moves.every((m) => m.vm.state === 'stateless'))
    return `${ctx.moves.length > 1 ? 'the VMs are' : `${ctx.moves[0]!.vm.id} is`} stateless: a cold move loses nothing`;
  return null;
}

/** The option a feasible cold preview makes; null when it is not feasible. */
export function coldOptionOf(cold: ImpactReport, because: string): ColdOption | null {
  const { strategy, interruption } = cold;
  if (!cold.feasible || !strategy || !interruption) return null;
  const steps = cold.migrations.find((m) => m.vmId === interruption.vmId)?.cold;
  return steps ? { strategy, interruption, steps, because } : null;
}

/**
 * A cold move's downtime in its parts, for the CLI and the web to word alike:
 * shutdown, disk copy and boot (what the interruption's stop-and-copy part
 * holds for a cold move), then the announcements and the network switch.
 */
export function coldDowntimeParts(i: Interruption, steps: ColdSteps): [string, number][] {
  return [
    ['shutdown', steps.shutdownMs],
    ['disk copy', Math.round(steps.diskCopyMs * 100) / 100],
    ['boot', steps.bootMs],
    ['announcements', i.announceMs],
    ['network switch', i.networkSwitchMs],
  ];
}

/** The steps of a cold report's worst VM (its interruption's), or undefined for a live report. */
export function coldStepsOf(report: ImpactReport): ColdSteps | undefined {
  const vmId = report.interruption?.vmId;
  return report.migrations.find((m) => m.vmId === vmId)?.cold;
}
