/**
 * Starting accepted plans as migration runs: the checks and the admission
 * `migrations.execute` applies, shared with the wave driver, which starts a
 * wave's plans the same way (same admission, same refusals). Each refusal is
 * the typed TRPCError of errors.ts; nothing is changed before the last check.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import {
  admitPlacement,
  reasonOf,
  reservationOf,
  specsOfReport,
  windowVerdictBeforeStart,
  type ChangeWindow,
  type Convergence,
  type EventRecord,
  type ImpactEngine,
  type MigrationSpec,
} from '@vmmi/shared';
import type { Kysely } from 'kysely';
import { createEstateRepo } from '../db/estate-repo.ts';
import { createPlanRepo } from '../db/plan-repo.ts';
import * as runRepo from '../db/run-repo.ts';
import type { Database } from '../db/schema.ts';
import { refuse, staleEstate } from '../errors.ts';
import type { Plan } from '../plans/plan.ts';
import type { ExecutorRegistry } from './executor.ts';

export interface ExecuteOptions {
  executor: string;
  timeScale: number;
  convergence: Convergence;
  window?: ChangeWindow | undefined;
}

/** What starting runs needs of the execution service. */
export interface RunStarter {
  executors: ExecutorRegistry;
  supervisor: {
    create(
      trx: Kysely<Database>,
      runs: { id: string; spec: MigrationSpec }[],
    ): Promise<EventRecord[]>;
  };
}

/** A plan with the runs it will start, checked but not stored. */
export interface PlannedRuns {
  plan: Plan;
  runs: { id: string; spec: MigrationSpec }[];
}

const notFound = (message: string) => new TRPCError({ code: 'NOT_FOUND', message });

/** The executors that can hold a switchover for a change window, in words. */
function windowExecutors(executors: ExecutorRegistry): string {
  const names = executors
    .list()
    .filter((e) => executors.get(e.name)?.holdsSwitchover)
    .map((e) => `"${e.name}"`);
  return names.length ? names.join(', ') : 'no executor here';
}

/** BAD_REQUEST unless the executor exists here and, for runs with a change window, can hold a switchover. */
export function assertExecutor(executors: ExecutorRegistry, name: string, window: boolean): void {
  const executor = executors.get(name);
  if (executor && window && !executor.holdsSwitchover)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `executor "${executor.name}" cannot hold a switchover for a change window; ${windowExecutors(executors)} can`,
    });
  if (!executor)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `no executor "${name}"; there are: ${executors
        .list()
        .map((e) => e.name)
        .join(', ')}`,
    });
}

/**
 * The runs of an accepted plan on the engine of its estate version: the
 * executor exists (and can hold a switchover when there is a window), a cold
 * move runs simulated, every VM has a path, no window has closed already.
 */
export function planRuns(
  executors: ExecutorRegistry,
  engine: ImpactEngine,
  plan: Plan,
  options: ExecuteOptions,
): PlannedRuns {
  assertExecutor(executors, options.executor, options.window !== undefined);
  // The QEMU executor migrates a running guest; a cold move (R15) is simulated only.
  if (plan.report.request.mode === 'cold' && options.executor !== 'simulated')
    throw refuse(
      {
        kind: 'precheck-failed',
        reasons: [{ code: 'not-executable', message: 'cold moves run on the simulated executor' }],
      },
      `plan ${plan.id} is a cold move: the ${options.executor} executor migrates running guests only; run it on the simulated executor`,
    );
  const built = specsOfReport(plan.report, engine, {
    planId: plan.id,
    estateVersion: plan.estateVersion,
    executor: options.executor,
    timeScale: options.timeScale,
    convergence: options.convergence,
    ...(options.window && { window: options.window }),
  });
  if (!built.ok)
    throw refuse(
      { kind: 'precheck-failed', reasons: [{ code: 'not-executable', message: built.message }] },
      built.message,
    );
  for (const spec of built.specs) {
    const verdict = windowVerdictBeforeStart(spec, Date.now());
    if (verdict.kind === 'missed')
      throw refuse(
        {
          kind: 'window-closed',
          closesAt: spec.window!.closesAt,
          message: verdict.outcome.message,
        },
        `not started: ${verdict.outcome.message}`,
      );
  }
  return { plan, runs: built.specs.map((spec) => ({ id: `mig-${randomUUID()}`, spec })) };
}

/** CONFLICT vm-busy when a VM of these runs is in a run not ended. */
export async function assertVmsFree(
  db: Kysely<Database>,
  estateId: string,
  planned: readonly PlannedRuns[],
): Promise<void> {
  const vmIds = planned.flatMap((p) => p.runs.map((r) => r.spec.vmId));
  const busy = await runRepo.activeRunOf(db, estateId, vmIds);
  if (busy)
    throw refuse(
      { kind: 'vm-busy', vmId: busy.vm_id, migrationId: busy.id },
      `VM ${busy.vm_id} is already migrating (${busy.id})`,
    );
}

/**
 * Stores the plans' runs in the caller's transaction: the estate's row stays
 * locked until the runs are stored (another start of this estate waits, then
 * counts them as in flight; no switchover changes the estate meanwhile), the
 * estate must still be at the plans' version, each plan's placement is
 * admitted with what the runs in flight and the plans before it hold
 * (docs/policy.md, "Admission"), and each plan goes from accepted to running.
 */
export async function storeRuns(
  trx: Kysely<Database>,
  starter: RunStarter,
  engine: ImpactEngine,
  planned: readonly PlannedRuns[],
): Promise<EventRecord[]> {
  const first = planned[0];
  if (!first) return [];
  const { estateId, estateVersion } = first.plan;
  const version = await createEstateRepo(trx).lock(estateId);
  if (version === undefined) throw notFound(`no estate "${estateId}"`);
  if (version !== estateVersion) throw staleEstate(estateId, estateVersion, version);
  const reserved = (await runRepo.inFlightSpecs(trx, estateId)).map(reservationOf);
  const plans = createPlanRepo(trx);
  for (const { plan, runs } of planned) {
    const placement = new Map(runs.map((r) => [r.spec.vmId, r.spec.toHost]));
    const admission = admitPlacement(engine.index, placement, reserved, {
      cold: plan.report.request.mode === 'cold',
    });
    if (!admission.admitted) {
      const reasons = admission.reasons.map(reasonOf);
      throw refuse(
        { kind: 'precheck-failed', reasons },
        `prechecks failed: ${reasons.map((r) => r.message).join('; ')}`,
      );
    }
    reserved.push(...runs.map((r) => reservationOf(r.spec)));
    if (!(await plans.setStatus(plan.id, 'running', 'accepted')))
      throw refuse(
        { kind: 'plan-not-executable', planId: plan.id, status: 'running' },
        `plan ${plan.id} was started by another request`,
      );
  }
  return starter.supervisor.create(
    trx,
    planned.flatMap((p) => p.runs),
  );
}

/** The one-active-run-per-VM index refused a run: two starts raced past assertVmsFree. */
export function isVmBusyRace(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === '23505';
}
