/** The readable text form of an impact report, for `vmmi preview` without --json. */
import {
  coldDowntimeParts,
  coldStepsOf,
  staleWindowText,
  type ColdSteps,
  type FlowDirection,
  type ImpactReport,
  type Interruption,
  type PathSummary,
} from '@vmmi/shared';

const ms = (v: number | null | undefined) =>
  v === null || v === undefined
    ? '—'
    : v < 1000
      ? `${v.toFixed(0)} ms`
      : `${(v / 1000).toFixed(1)} s`;
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
const added = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : ''}${v} ms`);
/** A cold move's downtime in its parts, in ms as the live downtime line gives them (R15). */
const coldDowntime = (i: Interruption, steps: ColdSteps) =>
  `${i.totalMs} ms = ${coldDowntimeParts(i, steps)
    .map(([part, v]) => `${part} ${v} ms`)
    .join(' + ')}`;

export function formatReportText(r: ImpactReport): string {
  const lines: string[] = [];
  if (r.vne) {
    const v = r.vne;
    lines.push(
      `Move VNE ${v.vneId} (${v.kind}): ${v.fromHost} → ${v.toHost} — ${r.feasible ? 'FEASIBLE' : 'BLOCKED'}`,
    );
    for (const b of r.blocking) lines.push(`  ✗ ${b.code}: ${b.message}`);
    for (const w of r.warnings) lines.push(`  ! ${w.code}: ${w.message}`);
    lines.push(
      `Snapshot: ${v.routes} routes, ${v.sessions} sessions, ${(v.snapshotBytes / 2 ** 20).toFixed(1)} MiB, copied in ${ms(v.copySeconds * 1000)}`,
    );
    lines.push('', 'Plan');
    r.plan.forEach((s, i) =>
      lines.push(`  ${i + 1}. [${s.phase}] ${s.title} (${ms(s.expectedMs)}); undo: ${s.undo}`),
    );
    return `${lines.join('\n')}\n`;
  }
  const p = r.placements.map(
    (x) => `${x.vmId}: ${x.fromHost} (${x.fromSite}) → ${x.toHost} (${x.toSite})`,
  );
  lines.push(`Move ${p.join('; ')}`);
  lines.push(`Strategy: ${r.strategy ?? 'none applies'} — ${r.feasible ? 'FEASIBLE' : 'BLOCKED'}`);
  if (r.choice) lines.push(`  why: ${r.choice.text}`);
  const cold = coldStepsOf(r);
  if (r.interruption && cold)
    lines.push(`  downtime (cold migration) ${coldDowntime(r.interruption, cold)}`);
  else if (r.interruption)
    lines.push(
      `  downtime ${r.interruption.totalMs} ms = stop-and-copy ${r.interruption.stopAndCopyMs} ms + announcements ${r.interruption.announceMs} ms + network switch ${r.interruption.networkSwitchMs} ms`,
    );
  if (r.staleMappingWindowMs !== null)
    lines.push(`  then ${staleWindowText(r.staleMappingWindowMs)} (${r.staleMappingWindowMs} ms)`);
  for (const b of r.blocking) lines.push(`  ✗ ${b.code}: ${b.message}`);
  for (const w of r.warnings) lines.push(`  ! ${w.code}: ${w.message}`);
  if (r.coldOption)
    lines.push(
      `  cold migration possible (${r.coldOption.because}): downtime ${coldDowntime(r.coldOption.interruption, r.coldOption.steps)} with ${r.coldOption.strategy}; preview it with --cold`,
    );

  lines.push('', 'Addressing');
  for (const a of r.addressing) {
    const v4 =
      a.ipv4.before || a.ipv4.after ? ` IPv4 ${a.ipv4.before ?? '—'} → ${a.ipv4.after ?? '—'}` : '';
    const v6 =
      a.ipv6.before || a.ipv6.after ? ` IPv6 ${a.ipv6.before ?? '—'} → ${a.ipv6.after ?? '—'}` : '';
    lines.push(`  ${a.vmId}: ${a.kept ? 'kept' : 'renumbered'};${v4}${v6}; MAC ${a.mac}`);
    for (const c of a.conflicts)
      lines.push(`    conflict: ${c.kind} ${c.address} with ${c.otherVmId}`);
    for (const s of a.stackIssues) lines.push(`    gateway: ${s}`);
    for (const an of a.announcements)
      lines.push(`    announce ${an.kind}: ${an.detail} (${an.receivers} receivers)`);
  }

  lines.push('', `Tunnels: ${r.tunnels.createdCount} created, ${r.tunnels.removedCount} removed`);
  for (const t of r.tunnels.created.slice(0, 5))
    lines.push(
      `  + ${t.kind} ${t.a} ⇄ ${t.b} (${t.segment}), ${t.overheadBytes} B overhead, VM MTU ${t.vmMtu}`,
    );

  const dir = (name: string, d: ImpactReport['traffic']['outbound']) =>
    `${name} ${added(d.meanAddedMs)} mean (worst ${added(d.maxAddedMs)}, ×${d.latencyRatio ?? '—'}), ${d.trombonedFlows} tromboned`;
  lines.push(
    '',
    `Traffic: ${r.flows.length} flow(s); ${dir('outbound', r.traffic.outbound)}; ${dir('inbound', r.traffic.inbound)}; WAN ${r.traffic.wanMbpsBefore} → ${r.traffic.wanMbpsAfter} Mbit/s`,
  );
  for (const f of r.flows.slice(0, 8)) {
    const path = (s: PathSummary | null) =>
      s ? `${s.hops} hops ${s.latencyMs} ms ECMP×${s.ecmpWidth}` : 'no path';
    const way = (d: FlowDirection) =>
      `${path(d.before)} → ${path(d.after)} (${added(d.addedMs)})${d.tromboneVia ? ` trombones via ${d.tromboneVia}` : ''}`;
    const fam = (x: readonly string[]) => x.join('+') || 'none';
    lines.push(
      `  ${f.flowId} ${f.vmId} ↔ ${f.peer} [${fam(f.families.before)} → ${fam(f.families.after)}]`,
      `    out: ${way(f.outbound)}`,
      `    in:  ${way(f.inbound)}`,
    );
  }

  lines.push('', 'Migration');
  for (const m of r.migrations)
    if (m.cold)
      lines.push(
        `  ${m.vmId}: cold, disk ${gib(m.cold.diskBytes)} at ${(m.bandwidthBytesPerSecond / 2 ** 20).toFixed(0)} MiB/s, ${gib(m.wanBytes)} over the WAN, down (shutdown + disk copy + boot) ${ms(m.downtimeMs)}`,
      );
    else
      lines.push(
        `  ${m.vmId}: ${m.mode}, ${m.rounds} round(s), ${gib(m.totalBytes)} at ${(m.bandwidthBytesPerSecond / 2 ** 20).toFixed(0)} MiB/s, ${gib(m.wanBytes)} over the WAN, total ${ms(m.totalSeconds === null ? null : m.totalSeconds * 1000)}, paused (stop-and-copy) ${ms(m.downtimeMs)}${m.wave !== undefined && (m.wave > 1 || (m.sharers ?? 1) > 1) ? ` (wave ${m.wave}, ${m.sharers ?? 1} sharing the path)` : ''}${m.converges ? '' : ` — does not converge: ${m.remedies.join('; ')}`}`,
      );

  lines.push('', 'Load');
  for (const l of r.load)
    lines.push(
      `  ${l.kind} ${l.id}: vCPU ${l.vcpu.before} → ${l.vcpu.after} / ${l.vcpu.capacity}, memory ${l.memoryGiB.before} → ${l.memoryGiB.after} / ${l.memoryGiB.capacity} GiB${l.over ? ' OVER' : ''}`,
    );

  lines.push('', 'Plan');
  r.plan.forEach((s, i) =>
    lines.push(`  ${i + 1}. [${s.phase}] ${s.title} (${ms(s.expectedMs)}); undo: ${s.undo}`),
  );

  if (r.comparison.length) {
    lines.push('', 'Comparison (cost = sum of points; docs/strategies.md)');
    for (const c of r.comparison) {
      if (!c.applicable) {
        lines.push(`  ${c.strategy.padEnd(14)} n/a: ${c.notApplicableBecause}`);
        continue;
      }
      const parts = c.costParts
        .filter((p) => p.value !== 0)
        .map((p) => `${p.part} ${p.value} ${p.unit} (${p.points})`)
        .join(' + ');
      lines.push(
        `  ${c.strategy.padEnd(14)} ${c.feasible ? 'feasible' : 'blocked '} cost ${c.cost} = ${parts || '0'}${c.feasible ? '' : ` (${c.blocking.map((b) => b.code).join(', ')})`}${c.staleMappingWindowMs === null ? '' : `; ${staleWindowText(c.staleMappingWindowMs)}`}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
