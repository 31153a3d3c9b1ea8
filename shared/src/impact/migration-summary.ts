/**
 * The migration estimate of one VM's move (R14): its max-min fair share of the
 * path between the two hosts with the other VMs moving at once, taken as
 * crossing the same links (migrationBandwidths), then
 * the migration model (docs/migration-model.md): disk mirror when the disk is
 * local, memory pre-copy with auto-converge, stop-and-copy.
 */
import { migrationBandwidths } from '../migration/bandwidth.ts';
import { estimateMigration } from '../migration/estimate.ts';
import { pathLinks } from '../migration/path-links.ts';
import { ENGINE_DEFAULTS, type ImpactEngine } from './engine.ts';
import type { VmMove } from './move-context.ts';
import type { MigrationSummary } from './report.ts';

const GiB = 2 ** 30;

/** One VM's migration, copied at once with the `concurrent` VMs of its group (itself included). */
export function summariseMigration(
  engine: ImpactEngine,
  move: VmMove,
  live: boolean,
  concurrent: number,
): MigrationSummary {
  const { vm, fromHost, toHost } = move;
  const path = engine.routing.hostPath(fromHost.id, toHost.id, `migration:${vm.id}`);
  const storageBytes = vm.disk.kind === 'local' ? vm.disk.sizeGiB * GiB : 0;
  const base = { vmId: vm.id, storageBytes };
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
  const crossesWan = path.wanLinks.length > 0;
  const links = pathLinks(engine.index.estate, path.links);
  const demands = Array.from({ length: Math.max(1, concurrent) }, (_, i) => ({
    id: `${i}`,
    cap: ENGINE_DEFAULTS.maxMigrationBandwidth,
    links: links.map((l) => l.id),
  }));
  const capacity = new Map(links.map((l) => [l.id, l.freeBytesPerSecond]));
  const shares = migrationBandwidths(demands, capacity);
  const est = estimateMigration({ vm, bandwidth: shares.get('0')!, fallback: 'auto-converge' });
  const bandwidth = est.bandwidth.bytesPerSecond;
  if (!live) {
    // A parallel run copies no memory: the new instance boots and syncs application state (R5); a local disk is still copied.
    const seconds = storageBytes / Math.max(1, bandwidth);
    return {
      ...base,
      converges: true,
      mode: 'parallel-run',
      rounds: 0,
      totalBytes: storageBytes,
      totalSeconds: seconds,
      downtimeMs: 0,
      bandwidthBytesPerSecond: bandwidth,
      wanBytes: crossesWan ? storageBytes : 0,
      remedies: [],
    };
  }
  return {
    ...base,
    converges: est.converges && est.feasible,
    mode: est.mode,
    rounds: est.memory.rounds.length,
    totalBytes: est.totalBytes,
    totalSeconds: est.totalSeconds,
    downtimeMs: est.downtimeMs,
    bandwidthBytesPerSecond: bandwidth,
    wanBytes: crossesWan ? est.totalBytes : 0,
    remedies: [...est.blocking, ...est.remedies],
  };
}
