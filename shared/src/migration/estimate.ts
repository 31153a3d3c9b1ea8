/**
 * One estimate for one VM's migration (R14, R19), joining the parts in the
 * order they happen: the usable bandwidth (bandwidth.ts); the disk mirror
 * when the disk is local (storage.ts), which once ready keeps its write rate
 * of the bandwidth; the memory pre-copy on what is left (precopy.ts), with
 * auto-converge or post-copy when it does not converge; and the network's
 * reconvergence after the switchover (reconvergence.ts).
 *
 * It never throws: bad numbers or a move that cannot converge come back as
 * blocking reasons in a record that MigrationEstimateSchema accepts.
 */
import type { Vm } from '../model/vm.ts';
import {
  migrationBandwidth,
  type MigrationBandwidth,
  type MigrationBandwidthInput,
} from './bandwidth.ts';
import { MIGRATION_ESTIMATE_VERSION, type MigrationEstimate } from './estimate-schema.ts';
import { estimatePrecopy, PRECOPY_DEFAULTS, type PrecopyInput } from './precopy.ts';
import { estimatePrecopyGeometric } from './precopy-geometric.ts';
import { estimateReconvergence, type ReconvergenceInput } from './reconvergence.ts';
import { estimateStorageCopy, STORAGE_COPY_DEFAULTS } from './storage.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

export interface MigrationEstimateInput {
  vm: Pick<Vm, 'memoryGiB' | 'dirtyRateMiBps' | 'disk' | 'workingSetGiB' | 'nonZeroShare'>;
  /**
   * The usable bandwidth: what to compute it from for a migration alone on
   * its path (max-bandwidth and the path's free capacities), or its share
   * already computed with the migrations copying at once (migrationBandwidths).
   */
  bandwidth?: MigrationBandwidthInput | MigrationBandwidth;
  /** QEMU's downtime-limit, ms (default 300). */
  downtimeLimitMs?: number;
  /** When memory does not converge: auto-converge (default), post-copy, or nothing. */
  fallback?: PrecopyInput['fallback'];
  maxRounds?: number;
  /** Guest disk write rate for a local disk, bytes/s (default STORAGE_COPY_DEFAULTS). */
  diskWriteBytesPerSecond?: number;
  reconvergence?: ReconvergenceInput;
  /**
   * The memory model: `qemu` (default), model v2 calibrated on real QEMU (zero pages,
   * working set, QEMU's sync rule, an uncapped stop-and-copy) with the VM's workingSetGiB
   * and nonZeroShare and the default host costs, as the simulated executor walks it; or
   * `geometric`, the textbook rounds (precopy-geometric.ts).
   */
  precopyModel?: 'geometric' | 'qemu';
  /**
   * Model v2's stop-and-copy rate: the path's (default), since QEMU lifts max-bandwidth
   * for it; or `bandwidth`, the pre-copy's, as the simulated executor gets it (its
   * supervisor hands a run its capped share of the path every tick).
   */
  stopCopyRate?: 'path' | 'bandwidth';
}

const finite = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);

export function estimateMigration(input: MigrationEstimateInput): MigrationEstimate {
  try {
    return estimate(input);
  } catch (e) {
    // The parts throw RangeError on numbers out of range; the caller gets a reason instead.
    if (e instanceof RangeError) return invalid(input, `invalid input: ${e.message}`);
    throw e;
  }
}

function estimate(input: MigrationEstimateInput): MigrationEstimate {
  const { vm } = input;
  const limitMs = input.downtimeLimitMs ?? PRECOPY_DEFAULTS.downtimeLimitMs;
  const W = input.diskWriteBytesPerSecond ?? STORAGE_COPY_DEFAULTS.writeBytesPerSecond;
  const figures = [vm.memoryGiB, vm.dirtyRateMiBps, vm.disk.sizeGiB, W, limitMs];
  if (figures.some((x) => !Number.isFinite(x) || x < 0) || limitMs === 0)
    throw new RangeError('memory, dirty rate, disk, write rate must be >= 0, downtime limit > 0');
  const M = vm.memoryGiB * GiB;
  const D = vm.dirtyRateMiBps * MiB;
  const bw = bandwidthOf(input.bandwidth);
  const rec = estimateReconvergence(input.reconvergence);
  const blocking: string[] = [];
  const remedies: string[] = [];
  const base = baseRecord(input, bw, rec);
  if (bw.bytesPerSecond <= 0) {
    blocking.push('no bandwidth for the migration: the path is saturated or max-bandwidth is 0');
    return {
      ...base,
      blocking,
      remedies: ['free capacity on the path', 'a max-bandwidth above 0'],
    };
  }
  const B = bw.bytesPerSecond;

  const local = vm.disk.kind === 'local' && vm.disk.sizeGiB > 0;
  const disk = local
    ? estimateStorageCopy({
        diskBytes: vm.disk.sizeGiB * GiB,
        writeBytesPerSecond: W,
        bandwidthBytesPerSecond: B,
        readyWithinMs: limitMs,
      })
    : undefined;
  if (disk && !disk.converges) {
    blocking.push(`the disk mirror never converges: writes of ${mib(W)} MiB/s on ${mib(B)} MiB/s`);
    remedies.push(...disk.remedies);
  }
  // A ready mirror keeps copying the guest's writes, so memory gets what is left.
  const memB = disk ? B - disk.syncBytesPerSecond : B;
  const memInput: PrecopyInput = {
    memoryBytes: M,
    dirtyBytesPerSecond: D,
    bandwidthBytesPerSecond: memB,
    downtimeLimitMs: limitMs,
    ...(input.maxRounds !== undefined && { maxRounds: input.maxRounds }),
    ...(input.fallback !== undefined && { fallback: input.fallback }),
  };
  const mem =
    memB <= 0
      ? undefined
      : input.precopyModel === 'geometric'
        ? estimatePrecopyGeometric(memInput)
        : estimatePrecopy({
            ...memInput,
            ...(vm.workingSetGiB !== undefined && { workingSetBytes: vm.workingSetGiB * GiB }),
            ...(vm.nonZeroShare !== undefined && { nonZeroShare: vm.nonZeroShare }),
            stopCopyBytesPerSecond:
              input.stopCopyRate === 'bandwidth' ? memB : stopCopyRate(bw, memB),
          });
  if (mem && !mem.converges) {
    blocking.push(`memory never converges: dirtied at ${mib(D)} MiB/s on ${mib(memB)} MiB/s`);
    remedies.push(...mem.remedies);
  }
  const converges = (!disk || disk.converges) && !!mem?.converges;
  const memSeconds = finite(mem?.totalSeconds ?? null);
  const syncBytes = disk?.converges && memSeconds !== null ? W * memSeconds : 0;
  const storageSeconds = disk ? finite(disk.seconds) : 0;
  const downtimeMs = converges ? finite(mem.downtimeMs) : null;
  return {
    ...base,
    feasible: blocking.length === 0,
    converges,
    mode: converges ? mem.mode : 'non-convergent',
    memory: {
      ...base.memory,
      bandwidthBytesPerSecond: Math.max(0, memB),
      rounds: (mem?.rounds ?? []).map(({ round, sentBytes, seconds, throttle }) => ({
        round,
        sentBytes,
        seconds,
        throttle,
      })),
      totalBytes: mem?.totalBytes ?? 0,
      seconds: memSeconds,
      downtimeMs: finite(mem?.downtimeMs ?? null),
    },
    storage: disk
      ? {
          diskBytes: vm.disk.sizeGiB * GiB,
          writeBytesPerSecond: W,
          passes: disk.passes.length,
          converges: disk.converges,
          totalBytes: disk.totalBytes,
          seconds: finite(disk.seconds),
          syncBytes,
        }
      : null,
    totalBytes: (disk?.totalBytes ?? 0) + (mem?.totalBytes ?? 0) + syncBytes,
    totalSeconds:
      converges && storageSeconds !== null && memSeconds !== null
        ? storageSeconds + memSeconds
        : null,
    downtimeMs,
    interruptionMs: downtimeMs === null ? null : downtimeMs + rec.timeToReachabilityMs,
    blocking,
    remedies,
  };
}

function bandwidthOf(input: MigrationEstimateInput['bandwidth']): MigrationBandwidth {
  if (!input || !('bytesPerSecond' in input)) return migrationBandwidth(input);
  const figures = [input.bytesPerSecond, input.maxBandwidthBytesPerSecond];
  if (figures.some((x) => !Number.isFinite(x) || x < 0))
    throw new RangeError('the bandwidth share must be finite and >= 0');
  return { ...input };
}

/**
 * QEMU lifts max-bandwidth for the stop-and-copy, so the last pass runs at the
 * path's rate: its share of the bottleneck's free capacity, never below the pre-copy's.
 */
function stopCopyRate(bw: MigrationBandwidth, memB: number): number {
  const path = bw.pathFreeBytesPerSecond;
  return path === null ? memB : Math.max(memB, path / Math.max(1, bw.sharers));
}

function mib(bytesPerSecond: number): string {
  return (bytesPerSecond / MiB).toFixed(0);
}

/** The record with nothing copied yet: what a blocked or invalid estimate reports. */
function baseRecord(
  input: MigrationEstimateInput,
  bw: MigrationEstimate['bandwidth'],
  rec: Omit<MigrationEstimate['reconvergence'], 'mechanisms'>,
): MigrationEstimate {
  const nonNeg = (x: number) => (Number.isFinite(x) && x > 0 ? x : 0);
  return {
    version: MIGRATION_ESTIMATE_VERSION,
    feasible: false,
    converges: false,
    mode: 'non-convergent',
    bandwidth: bw,
    memory: {
      bytes: nonNeg(input.vm.memoryGiB * GiB),
      dirtyBytesPerSecond: nonNeg(input.vm.dirtyRateMiBps * MiB),
      bandwidthBytesPerSecond: 0,
      rounds: [],
      totalBytes: 0,
      seconds: null,
      downtimeMs: null,
    },
    storage: null,
    reconvergence: { mechanisms: [...(input.reconvergence?.mechanisms ?? ['announce'])], ...rec },
    totalBytes: 0,
    totalSeconds: null,
    downtimeMs: null,
    interruptionMs: null,
    blocking: [],
    remedies: [],
  };
}

function invalid(input: MigrationEstimateInput, reason: string): MigrationEstimate {
  const noBandwidth = {
    bytesPerSecond: 0,
    limitedBy: 'max-bandwidth' as const,
    maxBandwidthBytesPerSecond: 0,
    pathFreeBytesPerSecond: null,
    sharers: 1,
  };
  const noNetwork = {
    announcementsMs: [],
    announceMs: 0,
    evpnMs: null,
    agentMs: null,
    pmipMs: null,
    lispMs: null,
    timeToReachabilityMs: 0,
  };
  return { ...baseRecord(input, noBandwidth, noNetwork), blocking: [reason] };
}
