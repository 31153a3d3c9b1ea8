/**
 * A wave run (docs/execution.md, "Wave runs"): a wave plan carried out by the
 * server, its waves one after another. Each wave's moves start as ordinary
 * migration runs when the wave begins, every run carrying the wave's change
 * window if it has one (the copies start at once, each switchover only inside
 * the window); when they have all ended, the next wave begins at once if its
 * gate is `auto`, waits for an operator if it is `approval`, and none begins
 * after a wave with a run that did not succeed. The schemas of the record
 * and the rule that decides the next step; the server stores and drives it.
 */
import { z } from 'zod';
import { MoveModeSchema, StrategyNameSchema } from '../impact/report.ts';
import { IdSchema } from '../model/primitives.ts';
import { ChangeWindowSchema } from './change-window.ts';
import { ConvergenceSchema, MigrationStatusSchema, type MigrationStatus } from './events.ts';
import { isTerminal } from './state.ts';

/** What comes before a wave: it begins by itself, or when an operator approves it. */
export const WaveRunGateSchema = z.enum(['auto', 'approval']);

/** One VM's move in a wave: the move request of its plan, made when the wave begins. */
export const WaveRunMoveSchema = z.object({
  vmId: IdSchema,
  toHost: IdSchema,
  strategy: z.union([StrategyNameSchema, z.literal('best')]).optional(),
  mode: MoveModeSchema.optional(),
});
export type WaveRunMove = z.infer<typeof WaveRunMoveSchema>;

export const WaveRunWaveInputSchema = z.object({
  moves: z.array(WaveRunMoveSchema).min(1).max(1000),
  /** Before the first wave too: `approval` there makes the run wait for an operator to begin. */
  gate: WaveRunGateSchema,
  window: ChangeWindowSchema.optional(),
});
export type WaveRunWaveInput = z.infer<typeof WaveRunWaveInputSchema>;

/** How every run of a wave run is executed (migrations.execute's options). */
export const WaveRunOptionsSchema = z.object({
  executor: IdSchema.default('simulated'),
  /** Simulated seconds per second. */
  timeScale: z.number().min(0.01).max(100_000).default(1),
  convergence: ConvergenceSchema.default('auto-converge'),
});
export type WaveRunOptions = z.infer<typeof WaveRunOptionsSchema>;

/** The waves of a new wave run: at most 100, no VM in two of them. */
export const WaveRunWavesSchema = z
  .array(WaveRunWaveInputSchema)
  .min(1)
  .max(100)
  .superRefine((waves, ctx) => {
    const seen = new Map<string, number>();
    waves.forEach((wave, w) =>
      wave.moves.forEach((move, m) => {
        const first = seen.get(move.vmId);
        if (first !== undefined)
          ctx.addIssue({
            code: 'custom',
            message: `VM ${move.vmId} is moved twice (also in wave ${first + 1})`,
            path: [w, 'moves', m, 'vmId'],
          });
        else seen.set(move.vmId, w);
      }),
    );
  });

export const WaveRunStatusSchema = z.enum([
  'running',
  'awaiting-approval',
  'succeeded',
  'halted',
  'cancelled',
]);
export type WaveRunStatus = z.infer<typeof WaveRunStatusSchema>;

/** The statuses in which the server may still take a step of a wave run (begin a wave, judge it, wait for approval). */
export const ACTIVE_WAVE_RUN_STATUSES: readonly WaveRunStatus[] = ['running', 'awaiting-approval'];

export const isWaveRunActive = (run: { status: WaveRunStatus }): boolean =>
  ACTIVE_WAVE_RUN_STATUSES.includes(run.status);

/** A wave's run as the wave run remembers it: which run carries which VM. */
export const WaveRunRunSchema = z.object({
  vmId: IdSchema,
  migrationId: IdSchema,
  planId: IdSchema,
});

export const WaveRunWaveSchema = WaveRunWaveInputSchema.extend({
  /** Its runs, once it has begun (empty before). */
  runs: z.array(WaveRunRunSchema),
});
export type WaveRunWave = z.infer<typeof WaveRunWaveSchema>;

const At = z.iso.datetime({ offset: true });
/** A run that did not succeed, as a halt names it. */
const EndedRunSchema = z.object({
  migrationId: IdSchema,
  vmId: IdSchema,
  status: MigrationStatusSchema,
});

/** What happened to a wave run, in order; waves are numbered from 1. */
export const WaveRunHistoryEntrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('created'), at: At, by: z.string() }),
  z.object({ type: z.literal('awaiting-approval'), at: At, wave: z.number().int().positive() }),
  z.object({
    type: z.literal('approved'),
    at: At,
    wave: z.number().int().positive(),
    by: z.string(),
  }),
  z.object({
    type: z.literal('wave-started'),
    at: At,
    wave: z.number().int().positive(),
    migrationIds: z.array(IdSchema),
  }),
  z.object({
    type: z.literal('wave-ended'),
    at: At,
    wave: z.number().int().positive(),
    outcome: z.enum(['succeeded', 'failed']),
    failed: z.array(EndedRunSchema),
  }),
  z.object({
    type: z.literal('halted'),
    at: At,
    wave: z.number().int().positive(),
    reason: z.string(),
  }),
  z.object({ type: z.literal('cancelled'), at: At, by: z.string() }),
  z.object({ type: z.literal('succeeded'), at: At }),
]);
export type WaveRunHistoryEntry = z.infer<typeof WaveRunHistoryEntrySchema>;

export const WaveRunSchema = z.object({
  id: IdSchema,
  estateId: IdSchema,
  /** The estate version the waves were planned on (later waves run on the versions earlier ones made). */
  estateVersion: z.number().int().positive(),
  createdBy: z.string(),
  /** ISO 8601. */
  createdAt: z.string(),
  updatedAt: z.string(),
  status: WaveRunStatusSchema,
  /** The wave running, or awaiting approval; from 1. The last one once the run has ended. */
  currentWave: z.number().int().positive(),
  /** Whether the current wave's runs have been started. */
  waveStarted: z.boolean(),
  options: WaveRunOptionsSchema,
  waves: z.array(WaveRunWaveSchema).min(1),
  history: z.array(WaveRunHistoryEntrySchema),
});
export type WaveRun = z.infer<typeof WaveRunSchema>;

/**
 * The VMs a wave run may still move, each with the wave (from 1) that holds
 * it: those of its current wave (begun or not: a begun wave's runs may still
 * be going) and of every wave after it; none once it has ended. A second wave
 * run may not take them: two plans would move one VM at once.
 */
export function vmsHeldByWaveRun(
  run: Pick<WaveRun, 'status' | 'currentWave' | 'waves'>,
): Map<string, number> {
  const held = new Map<string, number>();
  if (!isWaveRunActive(run)) return held;
  run.waves.forEach((wave, i) => {
    if (i + 1 >= run.currentWave) for (const m of wave.moves) held.set(m.vmId, i + 1);
  });
  return held;
}

/** What follows a begun wave whose runs have the statuses given. */
export type WaveVerdict =
  /** Some run has not ended. */
  | { kind: 'wait' }
  /** A run did not succeed: no later wave begins. */
  | { kind: 'halt'; failed: z.infer<typeof EndedRunSchema>[]; reason: string }
  /** Every wave succeeded. */
  | { kind: 'done' }
  /** The next wave (from 1) begins now, or waits for approval. */
  | { kind: 'next'; wave: number; gate: z.infer<typeof WaveRunGateSchema> };

/**
 * The rule between waves: wait while any of the current wave's runs has not
 * ended; halt, naming them, if any ended other than succeeded; else the next
 * wave through its gate, or done after the last. `statuses` by migration id.
 */
export function waveVerdict(
  run: Pick<WaveRun, 'currentWave' | 'waves'>,
  statuses: ReadonlyMap<string, MigrationStatus>,
): WaveVerdict {
  const wave = run.waves[run.currentWave - 1];
  if (!wave) throw new Error(`wave ${run.currentWave} of ${run.waves.length} does not exist`);
  const ended = wave.runs.map((r) => ({ ...r, status: statuses.get(r.migrationId) }));
  if (ended.some((r) => r.status === undefined || !isTerminal(r.status))) return { kind: 'wait' };
  const failed = ended
    .filter((r) => r.status !== 'succeeded')
    .map((r) => ({ migrationId: r.migrationId, vmId: r.vmId, status: r.status! }));
  if (failed.length > 0)
    return {
      kind: 'halt',
      failed,
      reason: `wave ${run.currentWave}: ${failed
        .map((f) => `${f.migrationId} (VM ${f.vmId}) ${f.status}`)
        .join(', ')}`,
    };
  const next = run.waves[run.currentWave];
  if (!next) return { kind: 'done' };
  return { kind: 'next', wave: run.currentWave + 1, gate: next.gate };
}
