// The combined migration estimate: bandwidth, disk mirror, pre-copy, reconvergence (R14, R19).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkFreeBytesPerSecond, migrationBandwidth, migrationBandwidths } from './bandwidth.ts';
import { estimateMigration, type MigrationEstimateInput } from './estimate.ts';
import { MigrationEstimateSchema } from './estimate-schema.ts';
import { estimatePrecopyGeometric as estimatePrecopy } from './precopy-geometric.ts';
import { estimatePrecopy as estimatePrecopyV2, PRECOPY_DEFAULTS } from './precopy.ts';
import { estimateReconvergence } from './reconvergence.ts';
import { estimateStorageCopy, STORAGE_COPY_DEFAULTS } from './storage.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

const vm = (over: Partial<MigrationEstimateInput['vm']> = {}): MigrationEstimateInput['vm'] => ({
  memoryGiB: 16,
  dirtyRateMiBps: 50,
  disk: { kind: 'shared', sizeGiB: 100 },
  ...over,
});
/** A path whose one link is 25 Gbps at 20 %: 2.5e9 bytes/s free. */
const path = [linkFreeBytesPerSecond({ capacityGbps: 25, utilisation: 0.2 })];

describe('migration estimate', () => {
  it('is the pre-copy estimate (model v2 by default) at the usable bandwidth when the disk is shared', () => {
    // No path given: the stop-and-copy has only the capped bandwidth too.
    const est = estimateMigration({ vm: vm(), bandwidth: { maxBandwidthBytesPerSecond: GiB } });
    const pre = estimatePrecopyV2({
      memoryBytes: 16 * GiB,
      dirtyBytesPerSecond: 50 * MiB,
      bandwidthBytesPerSecond: GiB,
    });
    expect(est.feasible).toBe(true);
    expect(est.storage).toBeNull();
    expect(est.totalBytes).toBe(pre.totalBytes);
    expect(est.totalSeconds).toBe(pre.totalSeconds);
    expect(est.downtimeMs).toBe(pre.downtimeMs);
    expect(est.memory.rounds).toHaveLength(pre.rounds.length);
    expect(MigrationEstimateSchema.parse(est)).toEqual(est);
  });

  it('takes the textbook model on request, and model v2 with the stop-and-copy at the capped bandwidth', () => {
    const bandwidth = { maxBandwidthBytesPerSecond: GiB, pathFreeBytesPerSecond: path };
    const input = { memoryBytes: 16 * GiB, dirtyBytesPerSecond: 50 * MiB };
    const geo = estimateMigration({ vm: vm(), bandwidth, precopyModel: 'geometric' });
    const textbook = estimatePrecopy({ ...input, bandwidthBytesPerSecond: GiB });
    expect(geo.totalSeconds).toBe(textbook.totalSeconds);
    expect(geo.downtimeMs).toBe(textbook.downtimeMs);
    // As the simulated executor runs it (the preview's choice): the stop-and-copy at 1 GiB/s.
    const capped = estimateMigration({ vm: vm(), bandwidth, stopCopyRate: 'bandwidth' });
    const v2 = estimatePrecopyV2({ ...input, bandwidthBytesPerSecond: GiB });
    expect(capped.totalSeconds).toBe(v2.totalSeconds);
    expect(capped.downtimeMs).toBe(v2.downtimeMs);
    // The path's 2.5e9 B/s takes the same bytes faster.
    const uncapped = estimateMigration({ vm: vm(), bandwidth });
    expect(uncapped.downtimeMs!).toBeLessThan(capped.downtimeMs!);
    expect(uncapped.totalBytes).toBe(capped.totalBytes);
  });

  it('uses model v2 with the VM working set and non-zero share, and the path rate for the stop-and-copy', () => {
    // Alone on a 2.5e9 B/s path with a 1 GiB/s cap: the pre-copy at the cap, the stop-and-copy at
    // the path's 2.5e9 B/s, since QEMU lifts max-bandwidth for it.
    const est = estimateMigration({
      vm: vm({ workingSetGiB: 2, nonZeroShare: 0.5 }),
      bandwidth: { maxBandwidthBytesPerSecond: GiB, pathFreeBytesPerSecond: path },
      precopyModel: 'qemu',
    });
    const pre = estimatePrecopyV2({
      memoryBytes: 16 * GiB,
      dirtyBytesPerSecond: 50 * MiB,
      bandwidthBytesPerSecond: GiB,
      workingSetBytes: 2 * GiB,
      nonZeroShare: 0.5,
      stopCopyBytesPerSecond: 2.5e9,
    });
    expect(est.totalSeconds).toBe(pre.totalSeconds);
    expect(est.downtimeMs).toBe(pre.downtimeMs);
    expect(est.totalBytes).toBe(pre.totalBytes);
    // Half of 16 GiB is zero pages: well under the 16 GiB the textbook model sends.
    expect(est.totalBytes).toBeLessThan(9 * GiB);
    expect(MigrationEstimateSchema.parse(est)).toEqual(est);
  });

  it('copies a local disk first; the ready mirror then keeps its write rate of the bandwidth', () => {
    const B = 1000 * MiB;
    const W = STORAGE_COPY_DEFAULTS.writeBytesPerSecond;
    const est = estimateMigration({
      vm: vm({ disk: { kind: 'local', sizeGiB: 200 } }),
      bandwidth: { maxBandwidthBytesPerSecond: B },
    });
    const disk = estimateStorageCopy({ diskBytes: 200 * GiB, bandwidthBytesPerSecond: B });
    const mem = estimatePrecopyV2({
      memoryBytes: 16 * GiB,
      dirtyBytesPerSecond: 50 * MiB,
      bandwidthBytesPerSecond: B - W,
    });
    expect(est.memory.bandwidthBytesPerSecond).toBe(B - W);
    expect(est.storage).toMatchObject({ converges: true, seconds: disk.seconds });
    expect(est.storage!.syncBytes).toBeCloseTo(W * mem.totalSeconds, 3);
    expect(est.totalSeconds).toBeCloseTo(disk.seconds + mem.totalSeconds, 9);
    expect(est.totalBytes).toBeCloseTo(disk.totalBytes + mem.totalBytes + W * mem.totalSeconds, 0);
    expect(MigrationEstimateSchema.parse(est)).toEqual(est);
  });

  it('adds the time to reachability to the downtime as the interruption users see', () => {
    const reconvergence = { mechanisms: ['evpn'] as const, announceLoss: 0.1, pathLatencyMs: 2 };
    const est = estimateMigration({
      vm: vm(),
      bandwidth: { pathFreeBytesPerSecond: path },
      reconvergence,
    });
    const rec = estimateReconvergence(reconvergence);
    expect(est.reconvergence.timeToReachabilityMs).toBe(rec.timeToReachabilityMs);
    expect(est.interruptionMs).toBeCloseTo(est.downtimeMs! + rec.timeToReachabilityMs, 9);
  });

  it('runs on a share computed with others, and takes longer with more migrations sharing the bottleneck', () => {
    /** The share of each of n migrations with a 4 GiB/s cap on the one link of `path`. */
    const shareOf = (n: number) =>
      migrationBandwidths(
        Array.from({ length: n }, (_, i) => ({ id: `m${i}`, cap: 4 * GiB, links: ['x'] })),
        new Map([['x', path[0]!]]),
      ).get('m0')!;
    // Five on 2.5e9 B/s: 5e8 each, below the cap; the estimate reports that share and its sharers.
    const five = estimateMigration({ vm: vm(), bandwidth: shareOf(5) });
    expect(five.bandwidth).toMatchObject({ bytesPerSecond: 5e8, limitedBy: 'path', sharers: 5 });
    expect(five.memory.bandwidthBytesPerSecond).toBe(5e8);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 31 }), (a, b) => {
        const [fewer, more] = a < b ? [a, b] : [b, a];
        const t = (n: number) =>
          estimateMigration({ vm: vm({ dirtyRateMiBps: 5 }), bandwidth: shareOf(n) }).totalSeconds!;
        expect(t(fewer)).toBeLessThanOrEqual(t(more) * (1 + 1e-9));
      }),
    );
  });

  it('blocks, with remedies, a memory copy that never converges when no fallback is allowed', () => {
    const input = { vm: vm({ dirtyRateMiBps: 400 }), bandwidth: {}, fallback: 'none' as const };
    const est = estimateMigration(input);
    expect(est).toMatchObject({ feasible: false, converges: false, mode: 'non-convergent' });
    expect(est.downtimeMs).toBeNull();
    expect(est.blocking[0]).toMatch(/memory never converges/);
    expect(est.remedies.join(' ')).toMatch(/post-copy/);
    expect(estimateMigration({ ...input, fallback: 'auto-converge' }).mode).toBe('auto-converge');
    expect(estimateMigration({ ...input, fallback: 'post-copy' }).downtimeMs).toBe(
      PRECOPY_DEFAULTS.switchoverMs,
    );
  });

  it('blocks a disk whose writes outrun the path, and a saturated path', () => {
    const disk = estimateMigration({
      vm: vm({ disk: { kind: 'local', sizeGiB: 10 } }),
      diskWriteBytesPerSecond: 200 * MiB,
    });
    expect(disk.feasible).toBe(false);
    expect(disk.blocking[0]).toMatch(/disk mirror never converges/);
    expect(disk.remedies.join(' ')).toMatch(/write-blocking/);
    const full = estimateMigration({
      vm: vm(),
      bandwidth: {
        pathFreeBytesPerSecond: [linkFreeBytesPerSecond({ capacityGbps: 100, utilisation: 1 })],
      },
    });
    expect(full.blocking[0]).toMatch(/no bandwidth/);
    expect(MigrationEstimateSchema.parse(full)).toEqual(full);
  });

  it('never throws on bad numbers: it reports them, in a record that survives JSON', () => {
    for (const input of [
      { vm: vm({ memoryGiB: -1 }) },
      { vm: vm(), downtimeLimitMs: 0 },
      { vm: vm(), bandwidth: { maxBandwidthBytesPerSecond: NaN } },
      { vm: vm(), bandwidth: { ...migrationBandwidth(), bytesPerSecond: -1 } },
      { vm: vm(), reconvergence: { announceLoss: 3 } },
    ]) {
      const est = estimateMigration(input);
      expect(est.feasible).toBe(false);
      expect(est.blocking[0]).toMatch(/^invalid input/);
      expect(MigrationEstimateSchema.parse(JSON.parse(JSON.stringify(est)))).toEqual(est);
    }
  });
});
