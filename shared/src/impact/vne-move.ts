/**
 * Moving a virtual network element (R20): the VNE's tables (routes, sessions)
 * are snapshotted, copied to an idle VNE of the same kind on the target host,
 * deltas replayed, and traffic switched; the old VNE is released once the new
 * one is confirmed. The snapshot must fit the idle VNE's tables.
 */
import { migrationBandwidth } from '../migration/bandwidth.ts';
import { pathLinks } from '../migration/path-links.ts';
import { ENGINE_DEFAULTS, type ImpactEngine } from './engine.ts';
import type { ImpactReport, PlanStep, PreviewResult, Reason, VneMove } from './report.ts';
import { REPORT_SCHEMA_VERSION, type MoveRequestSchema } from './report.ts';
import { trafficDirection } from './traffic-summary.ts';
import type { z } from 'zod';

/** Documented snapshot sizes: a route entry and a session (connection-tracking) entry, bytes. */
export const VNE_SNAPSHOT = {
  routeBytes: 64,
  sessionBytes: 256,
  replayMs: 200,
  switchMs: 100,
} as const;

export function previewVneMove(
  engine: ImpactEngine,
  req: z.output<typeof MoveRequestSchema>,
): PreviewResult {
  const { index } = engine;
  const vne = index.vnes.get(req.vneId ?? '');
  if (!vne) return { ok: false, error: { code: 'unknown-vne', message: `no VNE "${req.vneId}"` } };
  const target =
    req.target.kind === 'host'
      ? index.devices.get(req.target.hostId)
      : (index.hostsBySite.get(req.target.siteId) ?? []).find(
          (h) => h.state === 'up' && h.id !== vne.hostId,
        );
  if (!target)
    return { ok: false, error: { code: 'unknown-target', message: 'no such target host' } };
  if (target.role !== 'host')
    return {
      ok: false,
      error: { code: 'target-not-a-host', message: `"${target.id}" is a ${target.role}` },
    };
  if (target.state !== 'up')
    return {
      ok: false,
      error: { code: 'target-host-down', message: `host "${target.id}" is down` },
    };
  if (target.id === vne.hostId)
    return {
      ok: false,
      error: { code: 'same-host', message: `VNE "${vne.id}" already runs on "${target.id}"` },
    };
  const from = index.devices.get(vne.hostId)!;
  const path = engine.routing.hostPath(from.id, target.id, `vne:${vne.id}`);
  // The same fair-share bandwidth model as a VM's migration; a saturated path still gets a trickle.
  const bandwidth = Math.max(
    1,
    migrationBandwidth({
      maxBandwidthBytesPerSecond: ENGINE_DEFAULTS.maxMigrationBandwidth,
      pathFreeBytesPerSecond: pathLinks(index.estate, path?.links ?? []).map(
        (l) => l.freeBytesPerSecond,
      ),
    }).bytesPerSecond,
  );
  const { routes, sessions, routeLimit, sessionLimit } = vne.tables;
  const snapshotBytes = routes * VNE_SNAPSHOT.routeBytes + sessions * VNE_SNAPSHOT.sessionBytes;
  const copySeconds = snapshotBytes / bandwidth;
  const blocking: Reason[] = [];
  const warnings: Reason[] = [];
  if (!path) blocking.push({ code: 'no-path', message: `no path from ${from.id} to ${target.id}` });
  // The idle VNE is of the same kind and size; a table already near its limit leaves no room for the replayed deltas.
  if (routes >= routeLimit)
    blocking.push({
      code: 'table-overflow',
      message: `${vne.id}: ${routes} routes fill the ${routeLimit}-entry table`,
    });
  if (sessions >= sessionLimit)
    blocking.push({
      code: 'table-overflow',
      message: `${vne.id}: ${sessions} sessions fill the ${sessionLimit}-entry table`,
    });
  else if (sessions >= 0.9 * sessionLimit)
    warnings.push({
      code: 'table-headroom',
      message: `${vne.id}: sessions at ${Math.round((100 * sessions) / sessionLimit)} % of the table`,
    });
  const networksToExtend = vne.networkIds.filter(
    (n) => !index.networks.get(n)?.siteIds.includes(target.siteId),
  );
  for (const n of networksToExtend)
    warnings.push({
      code: 'network-extended',
      message: `network ${n} must be extended to ${target.siteId}`,
    });
  const move: VneMove = {
    vneId: vne.id,
    kind: vne.kind,
    fromHost: from.id,
    toHost: target.id,
    routes,
    sessions,
    snapshotBytes,
    copySeconds,
    networksToExtend,
  };
  const step = (
    kind: PlanStep['kind'],
    title: string,
    expectedMs: number,
    undo: string,
    phase: PlanStep['phase'],
    changes: string[],
  ): PlanStep => ({ id: `${vne.id}:${kind}`, kind, title, changes, expectedMs, undo, phase });
  const plan: PlanStep[] = [
    step(
      'reserve',
      `Start an idle ${vne.kind} on ${target.id}`,
      1000,
      'stop the idle VNE',
      'before-switchover',
      [`idle ${vne.kind} on ${target.id}`],
    ),
    step(
      'pre-copy',
      `Snapshot ${routes} routes and ${sessions} sessions (${(snapshotBytes / 2 ** 20).toFixed(1)} MiB) and copy them`,
      copySeconds * 1000,
      'discard the copy',
      'before-switchover',
      ['tables copied to the idle VNE'],
    ),
    step(
      'stop-and-copy',
      'Replay the table changes made during the copy',
      VNE_SNAPSHOT.replayMs,
      'discard the copy',
      'switchover',
      ['deltas replayed'],
    ),
    step(
      'switch-network',
      `Steer ${vne.networkIds.join(', ')} to ${target.id}`,
      VNE_SNAPSHOT.switchMs,
      'steer traffic back',
      'switchover',
      [`next hop of ${vne.networkIds.length} network(s) moves to ${target.id}`],
    ),
    step(
      'confirm',
      'Keep the old VNE until the new one is confirmed',
      5000,
      'steer traffic back to the old VNE',
      'after-switchover',
      ['health checks'],
    ),
    step(
      'decommission',
      `Release the old ${vne.kind} on ${from.id}`,
      500,
      'none: the old VNE is gone',
      'after-switchover',
      [`${vne.id} removed from ${from.id}`],
    ),
  ];
  const report: ImpactReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    estateId: index.estate.id,
    request: req,
    placements: [],
    strategy: null,
    choice: null,
    feasible: blocking.length === 0,
    interruption: null,
    staleMappingWindowMs: null,
    blocking,
    warnings,
    addressing: [],
    flows: [],
    tables: [
      { deviceId: target.id, table: 'fib', added: routes, changed: 0, removed: 0 },
      { deviceId: from.id, table: 'fib', added: 0, changed: 0, removed: routes },
    ],
    tunnels: { created: [], removed: [], createdCount: 0, removedCount: 0 },
    traffic: {
      outbound: trafficDirection([], (f) => f.outbound),
      inbound: trafficDirection([], (f) => f.inbound),
      wanMbpsBefore: 0,
      wanMbpsAfter: 0,
      migrationWanBytes: path && path.wanLinks.length ? snapshotBytes : 0,
    },
    migrations: [],
    load: [],
    plan,
    comparison: [],
    vne: move,
    coldOption: null,
  };
  return { ok: true, report };
}
