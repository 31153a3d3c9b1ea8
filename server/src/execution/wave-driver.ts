/**
 * The wave driver (docs/execution.md, "Wave runs"): on every supervisor tick,
 * each running wave run takes its next step. A wave that has not begun is
 * begun: each move is previewed on the estate as it is now (earlier waves
 * have moved VMs), accepted as a plan in the name of the wave run's creator,
 * and started as ordinary runs with the wave's change window, under
 * `migrations.execute`'s checks and admission (plan-execute.ts); a refusal
 * halts the wave run, saying why. A begun wave whose runs have all ended
 * is judged by `waveVerdict` (shared): the next wave begins at once through
 * an `auto` gate, waits for approval through an `approval` gate, and none
 * begins after a run that did not succeed. Every step is a conditional
 * update of the wave run (wave-run-repo.ts `transition`): of several
 * instances one makes it, and a wave's runs are started once.
 */
import { TRPCError } from '@trpc/server';
import {
  waveVerdict,
  type EventRecord,
  type MoveRequest,
  type SafetyConfig,
  type WaveRun,
  type WaveRunHistoryEntry,
} from '@vmmi/shared';
import type { Kysely } from 'kysely';
import { appendAudit } from '../db/audit-repo.ts';
import type { Db } from '../db/db.ts';
import type { Database } from '../db/schema.ts';
import { createEstateRepo } from '../db/estate-repo.ts';
import { createPlanRepo } from '../db/plan-repo.ts';
import * as runRepo from '../db/run-repo.ts';
import * as waveRepo from '../db/wave-run-repo.ts';
import { refusalOf, staleEstate } from '../errors.ts';
import { feasibleReport } from '../plans/feasible-report.ts';
import { engineFor } from '../impact/engine-cache.ts';
import {
  assertVmsFree,
  isVmBusyRace,
  planRuns,
  storeRuns,
  type PlannedRuns,
  type RunStarter,
} from './plan-execute.ts';

/** What the driver needs of the supervisor: runs it creates become its own. */
export interface WaveRunStarter extends RunStarter {
  supervisor: RunStarter['supervisor'] & {
    abandon(ids: readonly string[]): void;
    adopt(records: readonly EventRecord[]): void;
  };
}

type FailedRuns = Extract<WaveRunHistoryEntry, { type: 'wave-ended' }>['failed'];

const now = () => new Date().toISOString();

/**
 * The audit log's record of a wave begun, in the transaction that stores its
 * runs: each plan accepted and executed, as `plans.accept` and
 * `migrations.execute` record theirs, in the name of the wave run's creator
 * (who created and approved it are the wave run's own entries); the source
 * names the wave run and the wave.
 */
async function auditWaveBegun(
  trx: Kysely<Database>,
  run: WaveRun,
  wave: number,
  planned: readonly PlannedRuns[],
): Promise<void> {
  const by = {
    actor: run.createdBy,
    actorKind: 'wave-run',
    outcome: 'ok',
    requestId: null,
    source: `wave run ${run.id}, wave ${wave}`,
  } as const;
  const window = run.waves[wave - 1]?.window;
  for (const { plan, runs } of planned) {
    const { estateId, estateVersion, request } = plan;
    await appendAudit(trx, {
      ...by,
      action: 'plan.accept',
      target: plan.id,
      after: { estateId, estateVersion, request },
    });
    await appendAudit(trx, {
      ...by,
      action: 'migration.execute',
      target: plan.id,
      after: {
        estateId,
        migrations: runs.map((r) => ({ id: r.id, vmId: r.spec.vmId })),
        ...run.options,
        ...(window && { window }),
      },
    });
  }
}

/**
 * How often an instance with no running wave run looks for one, real ms. While
 * one runs it looks on every tick, so an `auto` gate opens in the tick that
 * finds its wave ended; a wave run created or approved through this instance
 * wakes it at once (`wake`).
 */
export const WAVE_IDLE_POLL_MS = 1_000;

export class WaveDriver {
  /** Real time (performance.now) of the next look when none was running. */
  private nextLook = 0;

  constructor(
    private readonly db: Db,
    private readonly starter: WaveRunStarter,
    private readonly safety: SafetyConfig,
    private readonly log: {
      info(obj: object, msg: string): void;
      error(obj: object, msg: string): void;
    },
  ) {}

  /** The next tick looks for running wave runs, however recently it last did. */
  wake(): void {
    this.nextLook = 0;
  }

  /** One step of every running wave run; one that fails is tried again next tick. */
  async drive(now = performance.now()): Promise<void> {
    if (now < this.nextLook) return;
    const running = await waveRepo.runningWaveRuns(this.db.kysely);
    this.nextLook = running.length === 0 ? now + WAVE_IDLE_POLL_MS : 0;
    for (const run of running) {
      try {
        await this.step(run);
      } catch (err) {
        this.log.error({ err, waveRunId: run.id }, 'wave run step failed; tried again next tick');
      }
    }
  }

  private async step(run: WaveRun): Promise<void> {
    if (!run.waveStarted) return this.begin(run);
    const wave = run.waves[run.currentWave - 1]!;
    const statuses = await runRepo.runStatuses(
      this.db.kysely,
      wave.runs.map((r) => r.migrationId),
    );
    const verdict = waveVerdict(run, statuses);
    if (verdict.kind === 'wait') return;
    const from = { status: ['running'] as const, wave: run.currentWave, started: true };
    const at = now();
    const ended = (
      outcome: 'succeeded' | 'failed',
      failed: FailedRuns = [],
    ): WaveRunHistoryEntry => ({
      type: 'wave-ended',
      at,
      wave: run.currentWave,
      outcome,
      failed,
    });
    if (verdict.kind === 'halt') {
      await waveRepo.transition(this.db.kysely, run.id, from, { status: 'halted' }, [
        ended('failed', verdict.failed),
        { type: 'halted', at, wave: run.currentWave, reason: verdict.reason },
      ]);
      return;
    }
    if (verdict.kind === 'done') {
      await waveRepo.transition(this.db.kysely, run.id, from, { status: 'succeeded' }, [
        ended('succeeded'),
        { type: 'succeeded', at },
      ]);
      return;
    }
    const next = { currentWave: verdict.wave, waveStarted: false };
    if (verdict.gate === 'approval') {
      await waveRepo.transition(
        this.db.kysely,
        run.id,
        from,
        { ...next, status: 'awaiting-approval' },
        [ended('succeeded'), { type: 'awaiting-approval', at, wave: verdict.wave }],
      );
      return;
    }
    if (await waveRepo.transition(this.db.kysely, run.id, from, next, [ended('succeeded')]))
      await this.begin({ ...run, ...next });
  }

  /**
   * Begins the current wave: its plans and runs are stored in one transaction
   * that first claims the wave (so no other instance begins it too) and locks
   * the estate; a refusal of any move halts the wave run and starts none.
   */
  private async begin(run: WaveRun): Promise<void> {
    const number = run.currentWave;
    const wave = run.waves[number - 1]!;
    const from = { status: ['running'] as const, wave: number, started: false };
    let planned: PlannedRuns[] = [];
    let records: EventRecord[] | null;
    try {
      const stored = await createEstateRepo(this.db.kysely).get(run.estateId);
      if (!stored) return; // Deleting the estate deletes its wave runs.
      const engine = engineFor(this.db, stored);
      const reports = wave.moves.map((move) => {
        const request: MoveRequest = {
          vmIds: [move.vmId],
          target: { kind: 'host', hostId: move.toHost },
          ...(move.strategy && { strategy: move.strategy }),
          ...(move.mode && { mode: move.mode }),
        };
        return feasibleReport(
          engine,
          request,
          { migrationLimits: this.safety },
          `the move of ${move.vmId} to ${move.toHost}`,
        );
      });
      records = await this.db.kysely.transaction().execute(async (trx) => {
        if (!(await waveRepo.transition(trx, run.id, from, { waveStarted: true }, []))) return null;
        await createEstateRepo(trx).lock(run.estateId);
        const plans = createPlanRepo(trx);
        for (const report of reports) {
          const inserted = await plans.insert({
            estateId: stored.id,
            estateVersion: stored.version,
            report,
            status: 'accepted',
            createdBy: run.createdBy,
          });
          if (!inserted.stored)
            throw staleEstate(stored.id, stored.version, inserted.currentVersion ?? stored.version);
          const window = wave.window;
          planned.push(
            planRuns(this.starter.executors, engine, inserted.plan, { ...run.options, window }),
          );
        }
        await assertVmsFree(trx, run.estateId, planned);
        const created = await storeRuns(trx, this.starter, engine, planned);
        await auditWaveBegun(trx, run, number, planned);
        const runs = planned.flatMap((p) =>
          p.runs.map((r) => ({ vmId: r.spec.vmId, migrationId: r.id, planId: p.plan.id })),
        );
        await waveRepo.transition(trx, run.id, { ...from, started: true }, { runs }, [
          {
            type: 'wave-started',
            at: now(),
            wave: number,
            migrationIds: runs.map((r) => r.migrationId),
          },
        ]);
        return created;
      });
    } catch (err) {
      this.starter.supervisor.abandon(planned.flatMap((p) => p.runs.map((r) => r.id)));
      planned = [];
      const reason = this.refusalReason(err);
      // The estate moved on between the read and the lock (a switchover): begin again next tick.
      if (reason === null) return;
      await waveRepo.transition(this.db.kysely, run.id, from, { status: 'halted' }, [
        {
          type: 'halted',
          at: now(),
          wave: number,
          reason: `wave ${number} not started: ${reason}`,
        },
      ]);
      return;
    }
    if (records) this.starter.supervisor.adopt(records);
  }

  /** Why a wave could not begin, for its halt; null to try again; anything unexpected is thrown on. */
  private refusalReason(err: unknown): string | null {
    if (isVmBusyRace(err)) return 'a VM of this wave is already migrating';
    if (!(err instanceof TRPCError)) throw err;
    if (refusalOf(err)?.kind === 'stale-estate') return null;
    return err.message;
  }
}
