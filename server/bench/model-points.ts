/**
 * What `pnpm bench:model` records of one migration (QEMU's own figures from
 * `query-migrate`), what model v2 predicts for it, and the table and errors
 * it prints. Shared by the bench and by the test that holds the model to the
 * recorded runs (server/test/bench/model-points.test.ts).
 */
import { estimatePrecopy, QEMU_TCG_LOOPBACK_COSTS, type PrecopyEstimate } from '@vmmi/shared';
import { z } from 'zod';

const MiB = 2 ** 20;
export const PAGE_BYTES = 4096;
/**
 * The stop-and-copy's rate on loopback under TCG, QEMU's rate limit lifted:
 * downtime-bytes over the downtime less the 5 ms switchover, about 1.0–1.4 GiB/s
 * in the recorded runs with more than 20 MiB left for it.
 */
export const LOOPBACK_STOP_COPY_BYTES_PER_SECOND = 1200 * MiB;
/** QEMU's default downtime-limit, which the bench leaves as it is. */
export const BENCH_DOWNTIME_LIMIT_MS = 300;

const syncSchema = z.object({
  ms: z.number(),
  count: z.number(),
  transferred: z.number(),
  remaining: z.number(),
});

export const measuredPointSchema = z.object({
  memoryMib: z.number(),
  wssMib: z.number(),
  dirtyPagesPerSecond: z.number(),
  capMib: z.number(),
  /**
   * Migrations of this guest before this one: 0 for the guest that booted here, whose host
   * has never backed its untouched (zero) pages; then each from the last destination.
   */
  hop: z.number(),
  /** Guest RAM as QEMU counts it (`ram.total`: the RAM block and the firmware's). */
  ramTotalBytes: z.number(),
  /** Non-zero guest memory: `ram.normal` × 4 KiB of an unthrottled migration of the same guest idle. */
  nonZeroBytes: z.number(),
  /** The host's 1-minute load average when the migration started. */
  loadAverage: z.number(),
  converged: z.boolean(),
  totalMs: z.number(),
  downtimeMs: z.number(),
  setupMs: z.number(),
  transferredBytes: z.number(),
  precopyBytes: z.number(),
  downtimeBytes: z.number(),
  normalPages: z.number(),
  duplicatePages: z.number(),
  dirtySyncCount: z.number(),
  /** Pages the guest dirtied per second during the migration (its heartbeats), when known. */
  achievedDirtyPagesPerSecond: z.number().nullable(),
  syncs: z.array(syncSchema),
});
export type MeasuredPoint = z.infer<typeof measuredPointSchema>;

export const recordingSchema = z.object({
  command: z.string(),
  date: z.string(),
  machine: z.string(),
  qemu: z.string(),
  /** Unthrottled migrations of idle guests, which give each guest its non-zero share. */
  calibrations: z.array(
    z.object({
      memoryMib: z.number(),
      wssMib: z.number(),
      totalMs: z.number(),
      setupMs: z.number(),
      downtimeMs: z.number(),
      transferredBytes: z.number(),
      downtimeBytes: z.number(),
      normalPages: z.number(),
      duplicatePages: z.number(),
    }),
  ),
  points: z.array(measuredPointSchema),
});
export type Recording = z.infer<typeof recordingSchema>;

/** Model v2 for one recorded point: the inputs a planner would know, none of the run's outcome. */
export function predictPoint(p: MeasuredPoint): PrecopyEstimate {
  return estimatePrecopy({
    memoryBytes: p.ramTotalBytes,
    nonZeroShare: Math.min(1, p.nonZeroBytes / p.ramTotalBytes),
    workingSetBytes: p.wssMib * MiB,
    dirtyBytesPerSecond: p.dirtyPagesPerSecond * PAGE_BYTES,
    bandwidthBytesPerSecond: p.capMib * MiB,
    downtimeLimitMs: BENCH_DOWNTIME_LIMIT_MS,
    fallback: 'none',
    stopCopyBytesPerSecond: LOOPBACK_STOP_COPY_BYTES_PER_SECOND,
    // The host faults in each page the guest never touched as QEMU reads it; a destination
    // has read every page of the stream already, so a later hop finds them backed.
    costs:
      p.hop === 0 ? QEMU_TCG_LOOPBACK_COSTS : { ...QEMU_TCG_LOOPBACK_COSTS, zeroPageSeconds: 0 },
  });
}

export interface PointComparison {
  point: MeasuredPoint;
  predicted: PrecopyEstimate;
  /** |predicted − measured| / measured of the total time, when both converged. */
  totalError: number | null;
  convergenceAgrees: boolean;
}

export function compare(points: MeasuredPoint[]): PointComparison[] {
  return points.map((point) => {
    const predicted = predictPoint(point);
    const both = point.converged && predicted.converges;
    return {
      point,
      predicted,
      totalError: both
        ? Math.abs(predicted.totalSeconds * 1000 - point.totalMs) / point.totalMs
        : null,
      convergenceAgrees: point.converged === predicted.converges,
    };
  });
}

export interface ErrorSummary {
  points: number;
  convergedBoth: number;
  meanTotalError: number;
  maxTotalError: number;
  convergenceAgreement: number;
}

export function summarise(rows: PointComparison[]): ErrorSummary {
  const errors = rows.flatMap((r) => (r.totalError === null ? [] : [r.totalError]));
  return {
    points: rows.length,
    convergedBoth: errors.length,
    meanTotalError: errors.reduce((a, b) => a + b, 0) / Math.max(1, errors.length),
    maxTotalError: Math.max(0, ...errors),
    convergenceAgreement: rows.filter((r) => r.convergenceAgrees).length,
  };
}

const fmt = (x: number, digits = 0) =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits }) : '—';

/** The per-point table as Markdown (what docs/performance.md shows). */
export function markdownTable(rows: PointComparison[]): string {
  const head = [
    '| memory MiB | WSS MiB | dirty pages/s (achieved) | cap MiB/s | total ms pred / meas | error | downtime ms pred / meas | syncs pred / meas | MiB sent pred / meas |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const lines = rows.map(({ point: p, predicted: e, totalError }) => {
    const achieved = p.achievedDirtyPagesPerSecond;
    const rate = `${fmt(p.dirtyPagesPerSecond)}${achieved === null ? '' : ` (${fmt(achieved)})`}`;
    const total = `${e.converges ? fmt(e.totalSeconds * 1000) : 'never'} / ${p.converged ? fmt(p.totalMs) : `none in ${fmt(p.totalMs / 1000)} s`}`;
    const down = `${e.converges ? fmt(e.downtimeMs) : '—'} / ${p.converged ? fmt(p.downtimeMs) : '—'}`;
    const syncs = `${e.converges ? e.dirtySyncs : '—'} / ${p.converged ? p.dirtySyncCount : `≥ ${p.dirtySyncCount}`}`;
    const bytes = `${e.converges ? fmt(e.totalBytes / MiB, 1) : '—'} / ${p.converged ? fmt(p.transferredBytes / MiB, 1) : '—'}`;
    const err =
      totalError === null
        ? e.converges === p.converged
          ? 'both never'
          : 'verdict differs'
        : `${fmt(totalError * 100, 1)} %`;
    return `| ${p.memoryMib} | ${p.wssMib} | ${rate} | ${p.capMib} | ${total} | ${err} | ${down} | ${syncs} | ${bytes} |`;
  });
  return [...head, ...lines].join('\n');
}

export function summaryLine(s: ErrorSummary): string {
  return `total-time error over the ${s.convergedBoth} points that converged: mean ${fmt(s.meanTotalError * 100, 1)} %, max ${fmt(s.maxTotalError * 100, 1)} %; convergence verdict right on ${s.convergenceAgreement} of ${s.points}`;
}
