/**
 * The runs of an accepted plan: one per VM it moves, each with everything it
 * needs fixed up front, so a run resumed after a restart
 * works from the same inputs as the one that started.
 */
import { ENGINE_DEFAULTS, type ImpactEngine } from '../impact/engine.ts';
import type { ImpactReport } from '../impact/report.ts';
import { PRECOPY_DEFAULTS } from '../migration/precopy.ts';
import { pathLinks } from '../migration/path-links.ts';
import type { ChangeWindow } from './change-window.ts';
import type { Convergence, MigrationSpec } from './events.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

export interface RunOptions {
  planId: string;
  estateVersion: number;
  executor: string;
  timeScale: number;
  /** When a copy does not converge (default: auto-converge). */
  convergence?: Convergence;
  /** When the switchovers may happen (default: as soon as each copy is ready). */
  window?: ChangeWindow;
}

export type SpecsResult = { ok: true; specs: MigrationSpec[] } | { ok: false; message: string };

export function specsOfReport(
  report: ImpactReport,
  engine: ImpactEngine,
  opts: RunOptions,
): SpecsResult {
  if (!report.strategy) return { ok: false, message: 'the plan has no strategy' };
  if (report.vne) return { ok: false, message: 'VNE moves are previewed, not executed (yet)' };

  const specs: MigrationSpec[] = [];
  for (const p of report.placements) {
    const vm = engine.index.vms.get(p.vmId);
    if (!vm) return { ok: false, message: `VM ${p.vmId} is not in the estate` };
    const path = engine.routing.hostPath(p.fromHost, p.toHost, `migration:${vm.id}`);
    if (!path) return { ok: false, message: `no path from ${p.fromHost} to ${p.toHost}` };
    const summary = report.migrations.find((m) => m.vmId === vm.id);
    const addressing = report.addressing.find((a) => a.vmId === vm.id);
    specs.push({
      planId: opts.planId,
      estateId: report.estateId,
      estateVersion: opts.estateVersion,
      vmId: vm.id,
      fromHost: p.fromHost,
      toHost: p.toHost,
      fromSite: p.fromSite,
      toSite: p.toSite,
      strategy: report.strategy,
      // A cold move (R15) copies no memory: its plan shuts the VM down, copies the disk, boots it.
      live: summary?.mode !== 'parallel-run' && report.request.mode !== 'cold',
      executor: opts.executor,
      timeScale: opts.timeScale,
      memoryBytes: vm.memoryGiB * GiB,
      dirtyBytesPerSecond: vm.dirtyRateMiBps * MiB,
      // The pre-copy model v2's inputs, as the preview's estimate took them (estimate.ts).
      workingSetBytes: Math.min(vm.workingSetGiB ?? vm.memoryGiB, vm.memoryGiB) * GiB,
      nonZeroShare: vm.nonZeroShare ?? 1,
      storageBytes: vm.disk.kind === 'local' ? vm.disk.sizeGiB * GiB : 0,
      downtimeLimitMs: PRECOPY_DEFAULTS.downtimeLimitMs,
      convergence: opts.convergence ?? 'auto-converge',
      maxBandwidthBytesPerSecond: ENGINE_DEFAULTS.maxMigrationBandwidth,
      vcpu: vm.vcpu,
      memoryGiB: vm.memoryGiB,
      addressAfter: {
        ipv4: addressing ? addressing.ipv4.after : (vm.ipv4 ?? null),
        ipv6: addressing ? addressing.ipv6.after : (vm.ipv6 ?? null),
      },
      path: pathLinks(engine.index.estate, path.links),
      steps: report.plan.filter((s) => s.id.startsWith(`${vm.id}:`)),
      estimate: {
        totalSeconds: summary?.totalSeconds ?? null,
        downtimeMs: summary?.downtimeMs ?? null,
      },
      ...(opts.window && { window: opts.window }),
    });
  }
  return { ok: true, specs };
}
