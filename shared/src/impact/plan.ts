/**
 * The execution plan of a move (DESIGN.md, "Execution"; R5, R13): ordered
 * steps, each with what it changes, how long it should take and how it is
 * undone. The source stays the authority until switchover; from then on the
 * only way back is a move back.
 */
import { reachabilityMs } from '../strategies/common.ts';
import type { StrategyOutcome } from '../strategies/types.ts';
import type { VmMove } from './move-context.ts';
import type { MigrationSummary, PlanStep } from './report.ts';

/** Fixed step durations of the plan, ms (documented defaults). */
export const PLAN_DEFAULTS = {
  reserveMs: 100,
  tunnelSetupMs: 50,
  activateMs: 50,
  /** Health checks on the target before the source is released. */
  confirmMs: 5_000,
  decommissionMs: 500,
} as const;

export function buildPlan(
  move: VmMove,
  outcome: StrategyOutcome,
  migration: MigrationSummary,
): PlanStep[] {
  const { vm, toHost, fromHost } = move;
  const id = (kind: string) => `${vm.id}:${kind}`;
  const steps: PlanStep[] = [];
  const renumbered = !outcome.kept;
  const newAddress = [outcome.ipv4After, outcome.ipv6After].filter(Boolean).join(', ');

  steps.push({
    id: id('reserve'),
    kind: 'reserve',
    title: `Reserve ${vm.vcpu} vCPU and ${vm.memoryGiB} GiB on ${toHost.id}`,
    changes: [
      `capacity reserved on ${toHost.id}`,
      ...(renumbered ? [`address ${newAddress} taken from the destination pool`] : []),
    ],
    expectedMs: PLAN_DEFAULTS.reserveMs,
    undo: 'release the reservation (and the address)',
    phase: 'before-switchover',
  });
  if (outcome.prepare.length)
    steps.push({
      id: id('prepare-network'),
      kind: 'prepare-network',
      title: 'Prepare the network at the destination',
      changes: outcome.prepare,
      expectedMs:
        PLAN_DEFAULTS.tunnelSetupMs * Math.max(1, Math.min(outcome.tunnelsCreatedCount, 20)),
      undo: 'tear down what was set up; nothing carried traffic yet',
      phase: 'before-switchover',
    });
  steps.push(
    ...(migration.cold ? coldCopySteps(move, migration) : liveCopySteps(move, outcome, migration)),
  );
  steps.push({
    id: id('switch-network'),
    kind: 'switch-network',
    title: 'Switch the network to the new location',
    changes: outcome.switchover,
    expectedMs: reachabilityMs(outcome.reachability),
    undo: 'announce the source location again',
    phase: 'switchover',
  });
  steps.push({
    id: id('activate'),
    kind: 'activate',
    title: `Activate ${vm.id} on ${toHost.id}`,
    changes: [`${vm.id} runs on ${toHost.id}`],
    expectedMs: PLAN_DEFAULTS.activateMs,
    undo: 'none once traffic flows: move back instead',
    phase: 'after-switchover',
  });
  steps.push({
    id: id('confirm'),
    kind: 'confirm',
    title: `Keep the source copy on ${fromHost.id} until the target is confirmed`,
    changes: ['health checks on the target'],
    expectedMs: PLAN_DEFAULTS.confirmMs,
    undo: 'move back to the kept source copy',
    phase: 'after-switchover',
  });
  steps.push({
    id: id('decommission'),
    kind: 'decommission',
    title: `Decommission the source on ${fromHost.id}`,
    changes: [
      `${vm.id} removed from ${fromHost.id}; its capacity released`,
      ...(renumbered
        ? [`old address ${[vm.ipv4, vm.ipv6].filter(Boolean).join(', ')} released`]
        : []),
      ...(outcome.tunnelsRemovedCount
        ? [`${outcome.tunnelsRemovedCount} tunnel(s) from ${fromHost.id} torn down`]
        : []),
    ],
    expectedMs: PLAN_DEFAULTS.decommissionMs,
    undo: 'none: the source copy is gone for good and can never be started again',
    phase: 'after-switchover',
  });
  return steps;
}

/** A live move's copy (R14): the disk mirror, the memory pre-copy, the pause for the rest. */
function liveCopySteps(
  move: VmMove,
  outcome: StrategyOutcome,
  migration: MigrationSummary,
): PlanStep[] {
  const { vm, toHost, fromHost } = move;
  const id = (kind: string) => `${vm.id}:${kind}`;
  const steps: PlanStep[] = [];
  const newAddress = [outcome.ipv4After, outcome.ipv6After].filter(Boolean).join(', ');
  const storageMs =
    (migration.storageBytes / Math.max(1, migration.bandwidthBytesPerSecond)) * 1000;
  if (migration.storageBytes > 0)
    steps.push({
      id: id('storage-copy'),
      kind: 'storage-copy',
      title: `Copy the local disk (${(migration.storageBytes / 2 ** 30).toFixed(0)} GiB) to ${toHost.id}`,
      changes: [`disk mirrored to ${toHost.id}`],
      expectedMs: storageMs,
      undo: "delete the target's copy; the source disk is untouched",
      phase: 'before-switchover',
    });
  const downtime = migration.downtimeMs ?? 0;
  // The total covers the disk mirror too, which has its own step above.
  const total = (migration.totalSeconds ?? 0) * 1000 - storageMs;
  const memoryGiB = ((migration.totalBytes - migration.storageBytes) / 2 ** 30).toFixed(1);
  // A parallel run (R5) copies the running VM as a live migration does; the copy then
  // starts with its new address and the source resumes for the sessions it holds.
  const parallel = outcome.parallelRun;
  steps.push({
    id: id('pre-copy'),
    kind: 'pre-copy',
    title: parallel
      ? `Copy memory to a parallel instance with ${newAddress} (R5): ${migration.rounds} round(s), ${memoryGiB} GiB (${migration.mode})`
      : `Pre-copy memory: ${migration.rounds} round(s), ${memoryGiB} GiB (${migration.mode})`,
    changes: [
      'memory pages copied while the VM keeps running on the source',
      ...(parallel ? [`new instance of ${vm.id} prepared on ${toHost.id}`] : []),
    ],
    expectedMs: Math.max(0, total - downtime),
    undo: parallel
      ? 'stop the new instance; the source never stopped'
      : 'cancel the migration; the source never stopped',
    phase: 'before-switchover',
  });
  steps.push({
    id: id('stop-and-copy'),
    kind: 'stop-and-copy',
    title: parallel
      ? `Pause the source, copy the last dirty pages and device state (${downtime.toFixed(0)} ms), resume it`
      : `Pause, copy the last dirty pages and device state (${downtime.toFixed(0)} ms downtime)`,
    changes: [
      `${vm.id} paused on ${fromHost.id}`,
      ...(parallel ? ['the source resumes and keeps serving its existing sessions'] : []),
    ],
    expectedMs: downtime,
    undo: 'resume the source',
    phase: 'switchover',
  });
  return steps;
}

/**
 * A cold move's copy (R15): the VM shut down, its local disk copied (the guest writes
 * nothing, so one pass), booted at the target. The source's disk stays as it was, so
 * until the network switches a failure boots the source again.
 */
function coldCopySteps(move: VmMove, migration: MigrationSummary): PlanStep[] {
  const { vm, toHost, fromHost } = move;
  const id = (kind: string) => `${vm.id}:${kind}`;
  const cold = migration.cold!;
  const steps: PlanStep[] = [
    {
      id: id('shutdown'),
      kind: 'shutdown',
      title: `Shut ${vm.id} down on ${fromHost.id} (cold migration: downtime starts)`,
      changes: [`${vm.id} stopped on ${fromHost.id}; its memory state is gone`],
      expectedMs: cold.shutdownMs,
      undo: 'boot the VM again on the source',
      phase: 'switchover',
    },
  ];
  if (cold.diskBytes > 0)
    steps.push({
      id: id('storage-copy'),
      kind: 'storage-copy',
      title: `Copy the disk (${(cold.diskBytes / 2 ** 30).toFixed(0)} GiB) of the stopped VM to ${toHost.id}`,
      changes: [`disk copied to ${toHost.id}`],
      expectedMs: cold.diskCopyMs,
      undo: "delete the target's copy and boot the source; its disk is untouched",
      phase: 'switchover',
    });
  steps.push({
    id: id('boot'),
    kind: 'boot',
    title: `Boot ${vm.id} on ${toHost.id}`,
    changes: [`${vm.id} started on ${toHost.id}`],
    expectedMs: cold.bootMs,
    undo: 'stop the target instance and boot the source',
    phase: 'switchover',
  });
  return steps;
}
