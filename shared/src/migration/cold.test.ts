/** The cold migration's downtime (R15), worked by hand. */
import { describe, expect, it } from 'vitest';
import { COLD_MIGRATION_DEFAULTS, estimateColdMigration } from './cold.ts';

const GiB = 2 ** 30;

describe('cold migration (R15)', () => {
  it('is shutdown + one pass of the disk at the share + boot', () => {
    // 100 GiB at 1.25e9 bytes/s (10 Gbit/s) = 107,374,182,400 / 1.25e9 = 85.89934592 s.
    const e = estimateColdMigration({ diskBytes: 100 * GiB, bandwidthBytesPerSecond: 1.25e9 });
    expect(e.shutdownMs).toBe(10_000);
    expect(e.bootMs).toBe(30_000);
    expect(e.diskCopyMs).toBeCloseTo(85_899.34592, 4);
    expect(e.downtimeMs).toBeCloseTo(125_899.34592, 4);
  });

  it('copies nothing on shared storage, with or without bandwidth', () => {
    const e = estimateColdMigration({ diskBytes: 0, bandwidthBytesPerSecond: 0 });
    expect(e.diskCopyMs).toBe(0);
    expect(e.downtimeMs).toBe(COLD_MIGRATION_DEFAULTS.shutdownMs + COLD_MIGRATION_DEFAULTS.bootMs);
  });

  it('takes the given shutdown and boot times', () => {
    const e = estimateColdMigration({
      diskBytes: GiB,
      bandwidthBytesPerSecond: GiB / 2,
      shutdownMs: 3_000,
      bootMs: 12_000,
    });
    expect(e.downtimeMs).toBe(3_000 + 2_000 + 12_000);
  });

  it('has no downtime figure for a disk and no bandwidth', () => {
    const e = estimateColdMigration({ diskBytes: GiB, bandwidthBytesPerSecond: 0 });
    expect(e.diskCopyMs).toBeNull();
    expect(e.downtimeMs).toBeNull();
  });
});
