/**
 * Wave runs (docs/execution.md, "Wave runs"): a wave plan the server carries
 * out, its waves one after another with a gate between them. `create` stores
 * the waves as the caller planned them (planWaves in the browser or the CLI,
 * on the estate version it names); the supervisor's wave driver begins them
 * (execution/wave-driver.ts). `approve` opens the gate of the wave awaiting
 * it, `cancel` ends the wave run so no later wave begins. Every refusal is a
 * typed error and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import {
  ACTIVE_WAVE_RUN_STATUSES,
  IdSchema,
  vmsHeldByWaveRun,
  WaveRunOptionsSchema,
  WaveRunWavesSchema,
  type WaveRun,
  type WaveRunHistoryEntry,
} from '@vmmi/shared';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { actorName, seesEstate } from '../auth/principal.ts';
import { assertEstateVisible, assertMayMove, seesMove } from '../auth/scope.ts';
import type { Context } from '../context.ts';
import { createEstateRepo } from '../db/estate-repo.ts';
import type { Database } from '../db/schema.ts';
import * as waveRepo from '../db/wave-run-repo.ts';
import { refuse, staleEstate } from '../errors.ts';
import { assertExecutor } from '../execution/plan-execute.ts';
import { engineFor } from '../impact/engine-cache.ts';
import { operatorProcedure, router, viewerProcedure } from '../trpc.ts';

const notFound = (message: string) => new TRPCError({ code: 'NOT_FOUND', message });
const vmIdsOf = (run: Pick<WaveRun, 'waves'>) =>
  run.waves.flatMap((w) => w.moves.map((m) => m.vmId));

/** The wave run, if the caller may see its estate and every VM it moves. */
async function visibleWaveRun(ctx: Context, id: string): Promise<WaveRun> {
  const run = await waveRepo.getWaveRun(ctx.db.kysely, id);
  const seen =
    run !== undefined &&
    seesEstate(ctx.principal, run.estateId) &&
    seesMove(ctx.principal, (await ctx.estates.get(run.estateId))?.estate, {
      vmIds: vmIdsOf(run),
    });
  if (!run || !seen) throw notFound(`no wave run "${id}"`);
  return run;
}

const notAwaiting = (run: WaveRun, wave: number) =>
  refuse(
    {
      kind: 'wave-not-awaiting',
      waveRunId: run.id,
      wave,
      status: run.status,
      awaitingWave: run.status === 'awaiting-approval' ? run.currentWave : null,
    },
    run.status === 'awaiting-approval'
      ? `wave run ${run.id} awaits approval of wave ${run.currentWave}, not wave ${wave}`
      : `wave run ${run.id} is ${run.status}: no wave awaits approval`,
  );

/** Most active wave runs of an estate looked through for VMs they hold (one a tenant team, at most). */
const ACTIVE_SCAN_LIMIT = 1_000;

/**
 * Refuses waves that move a VM an active wave run of the estate may still
 * move (its current wave or a later one), naming both. Called in the
 * transaction that inserts the new wave run, with the estate's row locked:
 * two creates for one estate take turns, so both cannot find a VM free.
 */
async function assertVmsNotInWaveRuns(
  db: Kysely<Database>,
  estateId: string,
  waves: readonly { moves: readonly { vmId: string }[] }[],
): Promise<void> {
  const active = await waveRepo.listWaveRuns(db, estateId, {
    active: true,
    limit: ACTIVE_SCAN_LIMIT,
  });
  const holders = active.map((run) => ({ run, held: vmsHeldByWaveRun(run) }));
  for (const { vmId } of waves.flatMap((w) => w.moves))
    for (const { run, held } of holders) {
      const wave = held.get(vmId);
      if (wave !== undefined)
        throw refuse(
          { kind: 'vm-in-wave-run', vmId, waveRunId: run.id, wave },
          `VM "${vmId}" is in wave ${wave} of wave run ${run.id} (${run.status}): cancel that wave run, or leave the VM out`,
        );
    }
}

export const waveRunsRouter = router({
  /**
   * Stores a wave run and lets the supervisor begin it: wave 1 at once when
   * its gate is `auto`, else when approved. NOT_FOUND no estate; CONFLICT
   * stale-estate; BAD_REQUEST an unknown VM or host (preview-error), a VM in
   * two waves, an unknown executor or one that cannot hold a window;
   * CONFLICT vm-in-wave-run a VM that an active wave run may still move;
   * FORBIDDEN a VM of a tenant the caller does not act for.
   */
  create: operatorProcedure
    .input(
      WaveRunOptionsSchema.extend({
        estateId: IdSchema,
        /** The estate version the waves were planned on. */
        expectedVersion: z.number().int().positive(),
        waves: WaveRunWavesSchema,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      assertEstateVisible(ctx.principal, input.estateId);
      const stored = await ctx.estates.get(input.estateId);
      if (!stored) throw notFound(`no estate "${input.estateId}"`);
      if (stored.version !== input.expectedVersion)
        throw staleEstate(input.estateId, input.expectedVersion, stored.version);
      const execution = ctx.execution;
      if (!execution)
        throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'no executor runs here' });
      assertExecutor(
        execution.executors,
        input.executor,
        input.waves.some((w) => w.window !== undefined),
      );
      const { index } = engineFor(ctx.db, stored);
      for (const move of input.waves.flatMap((w) => w.moves)) {
        assertMayMove(ctx.principal, stored.estate, {
          vmIds: [move.vmId],
          target: { kind: 'host', hostId: move.toHost },
        });
        if (!index.vms.has(move.vmId))
          throw refuse(
            { kind: 'preview-error', code: 'unknown-vm', message: `no VM "${move.vmId}"` },
            `no VM "${move.vmId}" in estate "${stored.id}"`,
          );
        if (!index.devices.has(move.toHost))
          throw refuse(
            { kind: 'preview-error', code: 'unknown-target', message: `no host "${move.toHost}"` },
            `no host "${move.toHost}" in estate "${stored.id}"`,
          );
      }
      const by = actorName(ctx.principal);
      const at = new Date().toISOString();
      const gated = input.waves[0]!.gate === 'approval';
      const history: WaveRunHistoryEntry[] = [{ type: 'created', at, by }];
      if (gated) history.push({ type: 'awaiting-approval', at, wave: 1 });
      const run = await ctx.db.kysely.transaction().execute(async (trx) => {
        const version = await createEstateRepo(trx).lock(stored.id);
        if (version !== input.expectedVersion)
          throw staleEstate(stored.id, input.expectedVersion, version ?? stored.version);
        await assertVmsNotInWaveRuns(trx, stored.id, input.waves);
        return waveRepo.insertWaveRun(trx, {
          id: `waves-${randomUUID()}`,
          estateId: stored.id,
          estateVersion: stored.version,
          createdBy: by,
          status: gated ? 'awaiting-approval' : 'running',
          options: {
            executor: input.executor,
            timeScale: input.timeScale,
            convergence: input.convergence,
          },
          waves: input.waves.map((w) => ({ ...w, runs: [] })),
          history,
        });
      });
      execution.supervisor.wakeWaveDriver();
      await ctx.audit({
        action: 'wave-run.create',
        target: run.id,
        outcome: 'ok',
        after: {
          estateId: run.estateId,
          estateVersion: run.estateVersion,
          options: run.options,
          waves: run.waves.map((w) => ({
            moves: w.moves,
            gate: w.gate,
            ...(w.window && { window: w.window }),
          })),
        },
      });
      return run;
    }),

  /** One wave run: its waves (with their runs once begun), status and history. */
  get: viewerProcedure
    .input(z.object({ id: IdSchema }))
    .query(({ ctx, input }) => visibleWaveRun(ctx, input.id)),

  /** An estate's wave runs, newest first (or only those not ended). */
  list: viewerProcedure
    .input(
      z.object({
        estateId: IdSchema,
        active: z.boolean().default(false),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      assertEstateVisible(ctx.principal, input.estateId);
      const runs = await waveRepo.listWaveRuns(ctx.db.kysely, input.estateId, input);
      if (ctx.principal.tenants === null) return runs;
      const estate = (await ctx.estates.get(input.estateId))?.estate;
      return runs.filter((r) => seesMove(ctx.principal, estate, { vmIds: vmIdsOf(r) }));
    }),

  /**
   * Opens the gate of the wave awaiting approval: the supervisor begins it on
   * its next tick. PRECONDITION_FAILED wave-not-awaiting for any other wave,
   * or when none awaits (error.data.refusal names the one that does).
   */
  approve: operatorProcedure
    .input(z.object({ id: IdSchema, wave: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      const run = await visibleWaveRun(ctx, input.id);
      if (run.status !== 'awaiting-approval' || run.currentWave !== input.wave)
        throw notAwaiting(run, input.wave);
      const by = actorName(ctx.principal);
      const approved = await waveRepo.transition(
        ctx.db.kysely,
        run.id,
        { status: ['awaiting-approval'], wave: input.wave },
        { status: 'running' },
        [{ type: 'approved', at: new Date().toISOString(), wave: input.wave, by }],
      );
      // Another approval or a cancel came first.
      if (!approved) throw notAwaiting(await visibleWaveRun(ctx, run.id), input.wave);
      ctx.execution?.supervisor.wakeWaveDriver();
      await ctx.audit({
        action: 'wave-run.approve',
        target: run.id,
        outcome: 'ok',
        after: { estateId: run.estateId, wave: input.wave },
      });
      return visibleWaveRun(ctx, run.id);
    }),

  /**
   * Ends a wave run: no later wave begins. The runs of a wave already begun
   * are left to finish (abort them one by one with migrations.abort).
   * PRECONDITION_FAILED wave-run-ended when it has ended.
   */
  cancel: operatorProcedure.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
    const run = await visibleWaveRun(ctx, input.id);
    const by = actorName(ctx.principal);
    const cancelled = await waveRepo.transition(
      ctx.db.kysely,
      run.id,
      { status: ACTIVE_WAVE_RUN_STATUSES },
      { status: 'cancelled' },
      [{ type: 'cancelled', at: new Date().toISOString(), by }],
    );
    if (!cancelled) {
      const now = await visibleWaveRun(ctx, run.id);
      throw refuse(
        { kind: 'wave-run-ended', waveRunId: run.id, status: now.status },
        `wave run ${run.id} has ended (${now.status}); there is nothing to cancel`,
      );
    }
    await ctx.audit({
      action: 'wave-run.cancel',
      target: run.id,
      outcome: 'ok',
      before: { status: run.status, currentWave: run.currentWave },
    });
    return visibleWaveRun(ctx, run.id);
  }),
});
