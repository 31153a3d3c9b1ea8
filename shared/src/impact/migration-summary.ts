/**
 * The migration estimate of one VM's move (R14): the usable bandwidth on the
 * path between the two hosts, shared with the other VMs moving at once, then
 * the pre-copy model; a local disk adds a storage copy.
 */
import { estimatePrecopy } from '../migration/precopy.ts';
import { ENGINE_DEFAULTS, type ImpactEngine } from './engine.ts';
import type { VmMove } from './move-context.ts';
import type { MigrationSummary } from './report.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

export function summariseMigration(
  engine: ImpactEngine,
  move: VmMove,
  live: boolean,
  concurrent: number,
): MigrationSummary {
  const { vm, fromHost, toHost } = move;
  const path = engine.routing.hostPath(fromHost.id, toHost.id, `migration:${vm.id}`);
  const storageBytes = vm.disk.kind === 'local' ? vm.disk.sizeGiB * GiB : 0;
  const base = { vmId: vm.id, storageBytes, remedies: [] as string[] };
  if (!path) {
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
  const b = path.bottleneck;
  const free = b
    ? (b.capacityGbps * 1e9 * (1 - b.utilisation)) / 8
    : ENGINE_DEFAULTS.maxMigrationBandwidth;
  const bandwidth = Math.max(
    1,
    Math.min(ENGINE_DEFAULTS.maxMigrationBandwidth, free / Math.max(1, concurrent)),
  );
  const crossesWan = path.wanLinks.length > 0;
  if (!live) {
    // A parallel run copies no memory: the new instance boots and syncs application state (R5).
    return {
      ...base,
      converges: true,
      mode: 'parallel-run',
      rounds: 0,
      totalBytes: storageBytes,
      totalSeconds: storageBytes / bandwidth,
      downtimeMs: 0,
      bandwidthBytesPerSecond: bandwidth,
      wanBytes: crossesWan ? storageBytes : 0,
    };
  }
  const est = estimatePrecopy({
    memoryBytes: vm.memoryGiB * GiB,
    dirtyBytesPerSecond: vm.dirtyRateMiBps * MiB,
    bandwidthBytesPerSecond: bandwidth,
    fallback: 'auto-converge',
  });
  const storageSeconds = storageBytes / bandwidth;
  return {
    ...base,
    converges: est.converges,
    mode: est.mode,
    rounds: est.rounds.length,
    totalBytes: est.totalBytes,
    totalSeconds: est.converges ? est.totalSeconds + storageSeconds : null,
    downtimeMs: est.converges ? est.downtimeMs : null,
    bandwidthBytesPerSecond: bandwidth,
    wanBytes: crossesWan ? est.totalBytes + storageBytes : 0,
    remedies: est.remedies,
  };
}
