/**
 * The migration estimate of one VM's move (R14), whatever the strategy: its share of the bandwidth
 * while its wave of the group copies (migration-waves.ts), then the migration
 * model (docs/migration-model.md): disk mirror when the disk is local, memory
 * pre-copy with auto-converge (model v2, §2b), stop-and-copy.
 */
import { estimateColdMigration, type ColdMigrationConfig } from '../migration/cold.ts';
import { estimateMigration } from '../migration/estimate.ts';
import type { MigrationCopy } from './migration-waves.ts';
import type { VmMove } from './move-context.ts';
import type { MigrationSummary } from './report.ts';

const GiB = 2 ** 30;

/**
 * One VM's migration, copied as `copy` says (migrationWaves); `copy` is undefined when its
 * hosts have no path between them. Every strategy copies memory and a local disk the same
 * way: a parallel run (R5) clones the running VM, so it sends what a live migration sends.
 */
export function summariseMigration(
  move: VmMove,
  copy: MigrationCopy | undefined,
): MigrationSummary {
  const { vm } = move;
  const storageBytes = vm.disk.kind === 'local' ? vm.disk.sizeGiB * GiB : 0;
  const base = { vmId: vm.id, storageBytes };
  if (!copy) {
    return {
      ...base,
      converges: false,
      mode: 'no-path',
      rounds: 0,
      totalBytes: 0,
      totalSeconds: null,
      downtimeMs: null,
      bandwidthBytesPerSecond: 0,
      wanBytes: 0,
      remedies: ['a working path between the hosts'],
    };
  }
  const crossesWan = copy.path.wanLinks.length > 0;
  // Model v2 with the default host costs, its stop-and-copy at the run's share as the
  // simulated executor gets it, so that a simulated run takes what the preview says.
  const est = estimateMigration({
    vm,
    bandwidth: copy.bandwidth,
    fallback: 'auto-converge',
    precopyModel: 'qemu',
    stopCopyRate: 'bandwidth',
  });
  const bandwidth = est.bandwidth.bytesPerSecond;
  const sharing = { sharers: copy.bandwidth.sharers, wave: copy.wave };
  return {
    ...base,
    converges: est.converges && est.feasible,
    mode: est.mode,
    rounds: est.memory.rounds.length,
    totalBytes: est.totalBytes,
    totalSeconds: est.totalSeconds,
    downtimeMs: est.downtimeMs,
    bandwidthBytesPerSecond: bandwidth,
    ...sharing,
    wanBytes: crossesWan ? est.totalBytes : 0,
    remedies: [...est.blocking, ...est.remedies],
  };
}

/**
 * One VM's cold migration (R15): shut down, its local disk copied at the share its live copy
 * would get (`copy`, so a group's waves are the same), booted at the target. All of it is
 * downtime; no memory is sent. Without a path only a VM on shared storage can go cold.
 */
export function summariseColdMigration(
  move: VmMove,
  copy: MigrationCopy | undefined,
  config: ColdMigrationConfig = {},
): MigrationSummary {
  const { vm } = move;
  const storageBytes = vm.disk.kind === 'local' ? vm.disk.sizeGiB * GiB : 0;
  const bandwidth = copy?.bandwidth.bytesPerSecond ?? 0;
  const est = estimateColdMigration({
    ...config,
    diskBytes: storageBytes,
    bandwidthBytesPerSecond: bandwidth,
  });
  const sharing = copy && { sharers: copy.bandwidth.sharers, wave: copy.wave };
  const base = {
    vmId: vm.id,
    rounds: 0,
    storageBytes,
    bandwidthBytesPerSecond: bandwidth,
    ...sharing,
  };
  if (est.diskCopyMs === null || est.downtimeMs === null)
    return {
      ...base,
      converges: false,
      mode: copy ? 'cold' : 'no-path',
      totalBytes: 0,
      totalSeconds: null,
      downtimeMs: null,
      wanBytes: 0,
      remedies: [copy ? 'bandwidth for the disk copy' : 'a working path between the hosts'],
    };
  return {
    ...base,
    converges: true,
    mode: 'cold',
    totalBytes: storageBytes,
    totalSeconds: est.downtimeMs / 1000,
    downtimeMs: est.downtimeMs,
    wanBytes: copy && copy.path.wanLinks.length > 0 ? storageBytes : 0,
    remedies: [],
    cold: {
      shutdownMs: est.shutdownMs,
      diskBytes: storageBytes,
      diskCopyMs: est.diskCopyMs,
      bootMs: est.bootMs,
    },
  };
}
