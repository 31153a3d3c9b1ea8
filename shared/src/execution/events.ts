/**
 * What a migration run records (DESIGN.md, "Execution"; R13, R18, R19): an
 * append-only sequence of events from which its state is derived
 * (state.ts). The server stores each event before it publishes it; clients
 * fold the same events into the same state. The shapes are a contract between
 * the server, the web app and the CLI: bump EXECUTION_EVENTS_VERSION on any
 * incompatible change.
 */
import { z } from 'zod';
import { PlanStepSchema, StrategyNameSchema } from '../impact/report.ts';
import { ChangeWindowSchema } from './change-window.ts';

export const EXECUTION_EVENTS_VERSION = 1;

/** Where a migration is. Terminal: succeeded, rolled-back, failed. */
export const MigrationStatusSchema = z.enum([
  /** Waiting for a free slot under the concurrency limits. */
  'queued',
  'running',
  'succeeded',
  /** Stopped before switchover; the VM is where it was (the source never gave up authority). */
  'rolled-back',
  /** Stopped after switchover, or the source itself was lost: the VM is on the host the state names, needing an operator. */
  'failed',
]);
export type MigrationStatus = z.infer<typeof MigrationStatusSchema>;
export const TERMINAL_STATUSES: readonly MigrationStatus[] = ['succeeded', 'rolled-back', 'failed'];

/** Faults an operator or a test can inject; docs/execution.md gives each outcome. */
export const FaultSchema = z.discriminatedUnion('kind', [
  /** A WAN (or fabric) link stops carrying traffic: migrations whose path crosses it get no bandwidth. */
  z.object({ kind: z.literal('link-down'), linkId: z.string().min(1) }),
  /** A host stops: as a destination before switchover it rolls the migration back; after, the migration fails on it. */
  z.object({ kind: z.literal('host-down'), hostId: z.string().min(1) }),
  /** A link's usable capacity drops to `factor` of itself (all links when linkId is absent). */
  z.object({
    kind: z.literal('bandwidth-collapse'),
    linkId: z.string().min(1).optional(),
    factor: z.number().gt(0).lt(1).default(0.01),
  }),
  /** The copy of one migration stops making progress (a hung QEMU, a blocked socket). */
  z.object({ kind: z.literal('stuck-progress'), migrationId: z.string().min(1) }),
  /** The executor running one migration crashes; the crash rule (recovery.ts) decides what follows. */
  z.object({ kind: z.literal('executor-crash'), migrationId: z.string().min(1) }),
]);
export type Fault = z.infer<typeof FaultSchema>;
export type FaultInput = z.input<typeof FaultSchema>;
export type FaultKind = Fault['kind'];

/** Why a migration stopped: a stable code for machines and a sentence for people. */
export const OutcomeSchema = z.object({ code: z.string(), message: z.string() });
export type Outcome = z.infer<typeof OutcomeSchema>;

/** A link on the migration's path, with the capacity it has when nothing else uses it. */
export const PathLinkSchema = z.object({
  id: z.string(),
  /** capacity × (1 − background utilisation), bytes/s. */
  freeBytesPerSecond: z.number().nonnegative(),
  wan: z.boolean(),
});
export type PathLink = z.infer<typeof PathLinkSchema>;

/** A plan's answer to a copy that does not converge (R14). */
export const ConvergenceSchema = z.enum(['auto-converge', 'post-copy', 'none']);
export type Convergence = z.infer<typeof ConvergenceSchema>;

/** Everything the run needs, fixed when it is created (so a restart resumes with the same inputs). */
export const MigrationSpecSchema = z.object({
  planId: z.string(),
  estateId: z.string(),
  /** The estate version the plan was accepted on. */
  estateVersion: z.number().int().positive(),
  vmId: z.string(),
  fromHost: z.string(),
  toHost: z.string(),
  fromSite: z.string(),
  toSite: z.string(),
  strategy: StrategyNameSchema,
  /** Live migration (memory pre-copied), or not: a cold move (R15) or a stored parallel run (R5). */
  live: z.boolean(),
  executor: z.string(),
  /** Simulated ms per real ms: 1 runs in real time, 60 runs a minute per second (demos, tests). */
  timeScale: z.number().min(0.01).max(100_000),
  memoryBytes: z.number().nonnegative(),
  dirtyBytesPerSecond: z.number().nonnegative(),
  /** Memory the guest writes to (pre-copy model v2); absent in older specs: all of it. */
  workingSetBytes: z.number().nonnegative().optional(),
  /** Share of memory that is not zero pages, 0..1; absent in older specs: 1. */
  nonZeroShare: z.number().min(0).max(1).optional(),
  storageBytes: z.number().nonnegative(),
  downtimeLimitMs: z.number().positive(),
  /**
   * What the copy does when its rounds stop shrinking: throttle the guest
   * (QEMU's auto-converge, the default), switch over and fetch the rest from
   * the source on demand (post-copy), or nothing, so the run rolls back.
   */
  convergence: ConvergenceSchema.default('auto-converge'),
  maxBandwidthBytesPerSecond: z.number().positive(),
  vcpu: z.number().int().positive(),
  memoryGiB: z.number().positive(),
  /** The VM's addresses after the move (null: none of that family); equal to before unless renumbered. */
  addressAfter: z.object({ ipv4: z.string().nullable(), ipv6: z.string().nullable() }),
  path: z.array(PathLinkSchema),
  steps: z.array(PlanStepSchema),
  /** The preview's estimate, to compare the run against. */
  estimate: z.object({ totalSeconds: z.number().nullable(), downtimeMs: z.number().nullable() }),
  /** When its switchover may happen (change-window.ts); absent: as soon as the copy is ready. */
  window: ChangeWindowSchema.optional(),
});
export type MigrationSpec = z.infer<typeof MigrationSpecSchema>;

export const RoundSchema = z.object({
  round: z.number().int().nonnegative(),
  sentBytes: z.number().nonnegative(),
  dirtiedBytes: z.number().nonnegative(),
  seconds: z.number().nonnegative(),
  throttle: z.number().min(0).max(1),
});
export type Round = z.infer<typeof RoundSchema>;

const StepRef = { stepId: z.string(), kind: PlanStepSchema.shape.kind };

/**
 * What a real executor read from the hypervisor with a progress sample
 * (QEMU's `query-migrate`); absent from simulated runs. Times in ms, null
 * where QEMU gives none in the migration's current status.
 */
export const MeasuredProgressSchema = z.object({
  /** The hypervisor's own migration status (QEMU: setup, active, device, completed, …). */
  status: z.string(),
  dirtyPagesPerSecond: z.number().nonnegative(),
  /** Dirty-bitmap syncs so far: one per pass over the guest's RAM, plus the final one. */
  dirtySyncCount: z.number().int().nonnegative(),
  /** Pages found all zero and sent as a marker only. */
  zeroPages: z.number().nonnegative(),
  /** Pages sent whole. */
  normalPages: z.number().nonnegative(),
  expectedDowntimeMs: z.number().nonnegative().nullable(),
  downtimeMs: z.number().nonnegative().nullable(),
  setupMs: z.number().nonnegative().nullable(),
  totalMs: z.number().nonnegative().nullable(),
  /** Bytes sent after the switch to post-copy (pages the destination pulled or was pushed); absent before that existed. */
  postcopyBytes: z.number().nonnegative().optional(),
});
export type MeasuredProgress = z.infer<typeof MeasuredProgressSchema>;

/** The events of one migration; `simMs` on the record says when they happened in simulated time. */
export const MigrationEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('created'), spec: MigrationSpecSchema }),
  z.object({ type: z.literal('queued'), reason: z.string() }),
  z.object({
    type: z.literal('started'),
    instance: z.string(),
    /**
     * The wall-clock instant its simulated time counts from: the run's clock reads this plus
     * a record's simMs (what a change window is held against); absent in older runs.
     */
    clockOrigin: z.string().optional(),
  }),
  z.object({ type: z.literal('step-started'), ...StepRef }),
  z.object({ type: z.literal('step-completed'), ...StepRef, ms: z.number().nonnegative() }),
  z.object({
    type: z.literal('progress'),
    kind: PlanStepSchema.shape.kind,
    /** Bytes sent so far (disk and memory). */
    transferredBytes: z.number().nonnegative(),
    /** Memory dirtied so far while it was being copied. */
    dirtiedBytes: z.number().nonnegative(),
    /** What is left to send in the current copy step. */
    remainingBytes: z.number().nonnegative(),
    bandwidthBytesPerSecond: z.number().nonnegative(),
    round: z.number().int().nonnegative(),
    throttle: z.number().min(0).max(1),
    /** Estimated simulated ms to the end of the run, null when nothing moves. */
    etaMs: z.number().nonnegative().nullable(),
    measured: MeasuredProgressSchema.optional(),
  }),
  z.object({ type: z.literal('round-completed'), round: RoundSchema }),
  /**
   * Ready to switch over before its change window opens: the copy holds (re-sending what the
   * guest dirties) until `until`, the window's opening.
   */
  z.object({ type: z.literal('switchover-held'), until: z.string() }),
  /** The point of no return: the target runs the VM; the estate places it there in the same transaction. */
  z.object({
    type: z.literal('switched-over'),
    downtimeMs: z.number().nonnegative(),
    estateVersion: z.number().int().positive().nullable(),
  }),
  z.object({ type: z.literal('abort-requested'), by: z.string() }),
  /** An abort that came too late (after switchover) or for a finished run: recorded, with why. */
  z.object({ type: z.literal('abort-refused'), reason: z.string() }),
  z.object({ type: z.literal('fault'), fault: FaultSchema }),
  /** A new owner picked the run up after its previous owner stopped (crash, restart, lost lease). */
  z.object({
    type: z.literal('recovered'),
    rule: z.enum([
      'rollback-before-switchover',
      'resume-after-switchover',
      'requeue-not-started',
      'ask-executor',
    ]),
    instance: z.string(),
    previousOwner: z.string().nullable(),
  }),
  z.object({ type: z.literal('rolling-back'), ...OutcomeSchema.shape }),
  z.object({ type: z.literal('rolled-back'), ...OutcomeSchema.shape }),
  z.object({
    type: z.literal('succeeded'),
    totalMs: z.number().nonnegative(),
    downtimeMs: z.number().nonnegative(),
    transferredBytes: z.number().nonnegative(),
  }),
  z.object({ type: z.literal('failed'), ...OutcomeSchema.shape, vmOn: z.string() }),
]);
export type MigrationEvent = z.infer<typeof MigrationEventSchema>;
export type MigrationEventType = MigrationEvent['type'];

/** Events about the estate as a whole rather than one migration (the ticker shows them too). */
export const SystemEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('fault-injected'),
    faultId: z.string(),
    estateId: z.string().nullable(),
    fault: FaultSchema,
  }),
  z.object({
    type: z.literal('fault-cleared'),
    faultId: z.string(),
    estateId: z.string().nullable(),
    fault: FaultSchema,
  }),
]);
export type SystemEvent = z.infer<typeof SystemEventSchema>;

/**
 * A stored event. `id` is global and strictly increasing in commit order
 * (a decimal string: it outgrows 2^53 long before a bigint column does);
 * `seq` counts a migration's own events from 1 with no gaps.
 */
export const EventRecordSchema = z.discriminatedUnion('scope', [
  z.object({
    scope: z.literal('migration'),
    id: z.string().regex(/^\d+$/),
    migrationId: z.string(),
    seq: z.number().int().positive(),
    /** ISO 8601 wall-clock time of the write. */
    at: z.string(),
    /** Simulated ms since the run was created. */
    simMs: z.number().nonnegative(),
    event: MigrationEventSchema,
  }),
  z.object({
    scope: z.literal('system'),
    id: z.string().regex(/^\d+$/),
    at: z.string(),
    event: SystemEventSchema,
  }),
]);
export type EventRecord = z.infer<typeof EventRecordSchema>;
export type MigrationEventRecord = Extract<EventRecord, { scope: 'migration' }>;

/** What a subscription delivers at once: the events written together, in id order. */
export interface EventFrame {
  events: EventRecord[];
  /**
   * When the serving instance published these events to its subscribers
   * (after they were stored), on its clock; live frames only, not those
   * replayed from the table. A client's lag behind live is its clock minus this.
   */
  publishedAt?: string;
}
