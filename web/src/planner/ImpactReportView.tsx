/**
 * The whole impact report in sections: feasibility,
 * addressing, routing, tunnels, traffic, migration estimate, load, tables and
 * plan steps. Sections are <details>, so a keyboard user opens and closes
 * them like any other control; the first ones start open.
 */
import {
  coldStepsOf,
  staleWindowText,
  type FlowDirection,
  type ImpactReport,
  type MoveMode,
  type PathSummary,
  type TrafficDirection,
} from '@vmmi/shared';
import type { ReactNode } from 'react';
import { ColdModeControl } from './ColdModeControl.tsx';
import {
  countOf,
  fmtAddedMs,
  fmtBytes,
  fmtColdDowntime,
  fmtInterruption,
  fmtMbps,
  fmtMs,
  fmtMsPart,
  fmtSeconds,
  fmtStretch,
} from './format.ts';

function Section({
  id,
  title,
  summary,
  open = false,
  children,
}: {
  id: string;
  title: string;
  summary?: string;
  open?: boolean;
  children: ReactNode;
}) {
  return (
    <details className="impact-section" open={open} data-testid={`impact-${id}`}>
      <summary>
        <span className="impact-section-title">{title}</span>
        {summary && <span className="muted small"> {summary}</span>}
      </summary>
      {children}
    </details>
  );
}

const pathText = (p: PathSummary | null) =>
  p ? `${p.hops} hops, ${p.latencyMs.toFixed(2)} ms, ECMP×${p.ecmpWidth}` : '—';

function FlowRow({
  peer,
  way,
  d,
  families,
}: {
  peer: string;
  way: 'outbound' | 'inbound';
  d: FlowDirection;
  families: string | null;
}) {
  return (
    <tr className={d.tromboneVia ? 'trombone' : undefined} data-way={way}>
      <td>
        {peer}
        {families && <span className="reason warning"> {families}</span>}
      </td>
      <td>{way === 'outbound' ? 'out' : 'in'}</td>
      <td>{pathText(d.before)}</td>
      <td>
        {pathText(d.after)}
        {d.tromboneVia && <span className="reason warning"> via {d.tromboneVia}</span>}
      </td>
      <td>
        {fmtAddedMs(d.addedMs)}{' '}
        {d.stretch !== null && <span className="muted">{fmtStretch(d.stretch)}</span>}
      </td>
    </tr>
  );
}

function TrafficLine({ name, d }: { name: string; d: TrafficDirection }) {
  return (
    <li>
      {name}: {fmtAddedMs(d.meanAddedMs)} on average (weighted by rate), worst{' '}
      {fmtAddedMs(d.maxAddedMs)}, latency {fmtStretch(d.latencyRatio)} overall; {d.trombonedFlows}{' '}
      tromboned
    </li>
  );
}

export function ImpactReportView({
  report,
  onMode,
}: {
  report: ImpactReport;
  /** Plans the move live or cold (the offer's button); absent where the move cannot be changed. */
  onMode?: ((mode: MoveMode) => void) | undefined;
}) {
  const created = report.tunnels.created;
  const cold = coldStepsOf(report);
  return (
    <div className="impact-report">
      <Section
        id="feasibility"
        title="Feasibility"
        summary={`${report.blocking.length} blocking, ${countOf(report.warnings.length, 'warning')}`}
        open
      >
        {report.blocking.length === 0 && report.warnings.length === 0 && (
          <p className="small">Nothing blocks this move.</p>
        )}
        <ul className="reasons">
          {report.blocking.map((r, i) => (
            <li key={`b${i}`} className="reason blocking" data-code={r.code}>
              <strong>{r.code}</strong> {r.message}
            </li>
          ))}
          {report.warnings.map((r, i) => (
            <li key={`w${i}`} className="reason warning" data-code={r.code}>
              <strong>{r.code}</strong> {r.message}
            </li>
          ))}
        </ul>
        <ColdModeControl report={report} onMode={onMode} />
      </Section>

      <Section id="addressing" title="Addressing" open>
        {report.addressing.map((a) => (
          <div key={a.vmId} className="small">
            <p>
              <code>{a.vmId}</code> {a.kept ? 'keeps its address' : 'is renumbered'}: IPv4{' '}
              {a.ipv4.before ?? '—'} → {a.ipv4.after ?? '—'}, IPv6 {a.ipv6.before ?? '—'} →{' '}
              {a.ipv6.after ?? '—'}
            </p>
            {a.conflicts.map((c, i) => (
              <p key={i} className="reason blocking" data-testid="address-conflict">
                {c.kind.replace('-', ' ')} {c.address}: already used by <code>{c.otherVmId}</code>
              </p>
            ))}
            {a.stackIssues.map((s, i) => (
              <p key={`s${i}`} className="reason warning">
                {s}
              </p>
            ))}
            {a.announcements.length > 0 && (
              <ul className="muted announcements" data-testid="announcements">
                {a.announcements.map((n, i) => (
                  <li key={i} data-kind={n.kind}>
                    {n.kind} {n.address ?? ''} → {n.receivers} receiver(s)
                    {n.atMs.length > 0 && <> at {n.atMs.map((t) => `${t} ms`).join(', ')}</>}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </Section>

      <Section
        id="tunnels"
        title="Tunnels"
        summary={`+${report.tunnels.createdCount} / −${report.tunnels.removedCount}`}
        open
      >
        <ul className="small tunnel-list">
          {created.slice(0, 8).map((t, i) => (
            <li key={i} data-testid="tunnel-created">
              + {t.kind} {t.a} ⇄ {t.b} ({t.segment}), {t.overheadBytes} B overhead, VM MTU {t.vmMtu}
            </li>
          ))}
          {report.tunnels.createdCount > 8 && (
            <li className="muted">…and {report.tunnels.createdCount - 8} more</li>
          )}
          {report.tunnels.removed.slice(0, 4).map((t, i) => (
            <li key={`r${i}`}>
              − {t.kind} {t.a} ⇄ {t.b}
            </li>
          ))}
        </ul>
      </Section>

      <Section
        id="routing"
        title="Routing"
        summary={`${countOf(report.flows.length, 'flow')}: out ${fmtAddedMs(report.traffic.outbound.meanAddedMs)}, in ${fmtAddedMs(report.traffic.inbound.meanAddedMs)}`}
      >
        <table className="flows small">
          <thead>
            <tr>
              <th scope="col">Peer</th>
              <th scope="col">Way</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
              <th scope="col">Added</th>
            </tr>
          </thead>
          <tbody>
            {report.flows.flatMap((f) =>
              (['outbound', 'inbound'] as const).map((way) => (
                <FlowRow
                  key={`${f.flowId}:${way}`}
                  peer={way === 'outbound' ? f.peer : ''}
                  way={way}
                  d={f[way]}
                  families={
                    way === 'outbound' && f.families.issues.length > 0
                      ? `${f.families.before.join('+') || 'none'} → ${f.families.after.join('+') || 'none'}`
                      : null
                  }
                />
              )),
            )}
          </tbody>
        </table>
      </Section>

      <Section
        id="traffic"
        title="Traffic"
        summary={`${report.traffic.outbound.trombonedFlows} out / ${report.traffic.inbound.trombonedFlows} in tromboned`}
      >
        <ul className="small">
          <TrafficLine name="Outbound (VM → peers)" d={report.traffic.outbound} />
          <TrafficLine name="Inbound (peers → VM)" d={report.traffic.inbound} />
        </ul>
        <p className="small">
          WAN {fmtMbps(report.traffic.wanMbpsBefore)} → {fmtMbps(report.traffic.wanMbpsAfter)}; the
          migration sends {fmtBytes(report.traffic.migrationWanBytes)} over the WAN.
        </p>
      </Section>

      <Section
        id="migration"
        title="Migration estimate"
        summary={
          report.interruption ? `downtime ${fmtMsPart(report.interruption.totalMs)}` : undefined
        }
        open
      >
        {report.interruption && cold ? (
          <p className="small" data-testid="interruption">
            Downtime users see (cold migration: the VM is off):{' '}
            <strong>{fmtColdDowntime(report.interruption, cold)}</strong>
            {report.migrations.length > 1 && <> (the worst VM, {report.interruption.vmId})</>}.
          </p>
        ) : report.interruption ? (
          <p className="small" data-testid="interruption">
            Downtime users see: <strong>{fmtInterruption(report.interruption)}</strong>
            {report.migrations.length > 1 && <> (the worst VM, {report.interruption.vmId})</>}. The
            stop-and-copy is the VM&apos;s pause below; the comparison gives the same figure.
            {report.staleMappingWindowMs !== null && (
              <> Beyond it, {staleWindowText(report.staleMappingWindowMs)} (see the warnings).</>
            )}
          </p>
        ) : (
          report.strategy && (
            <p className="small muted" data-testid="interruption">
              The downtime&apos;s parts were not computed for this stored plan: the pauses below
              leave out the network switch.
            </p>
          )
        )}
        {report.migrations.map((m) => (
          <p key={m.vmId} className="small" data-testid="migration-estimate">
            <code>{m.vmId}</code>: {m.mode}, {countOf(m.rounds, 'round')}, {fmtBytes(m.totalBytes)}{' '}
            at {fmtBytes(m.bandwidthBytesPerSecond)}/s, {fmtBytes(m.wanBytes)} over the WAN; total{' '}
            {fmtSeconds(m.totalSeconds)}, paused (stop-and-copy){' '}
            <strong>{fmtMs(m.downtimeMs)}</strong>
            {m.wave !== undefined && (m.wave > 1 || (m.sharers ?? 1) > 1) && (
              <span className="muted">
                {' '}
                (wave {m.wave}, sharing the path with {(m.sharers ?? 1) - 1} other(s))
              </span>
            )}
            {!m.converges && <span className="reason blocking"> does not converge</span>}
            {m.storageBytes > 0 && <>; storage {fmtBytes(m.storageBytes)}</>}
            {m.remedies.length > 0 && <span className="muted"> ({m.remedies.join('; ')})</span>}
          </p>
        ))}
      </Section>

      <Section id="load" title="Load">
        <ul className="small">
          {report.load.map((l) => (
            <li key={`${l.kind}:${l.id}`} className={l.over ? 'reason blocking' : undefined}>
              {l.kind} {l.id}: vCPU {l.vcpu.before} → {l.vcpu.after} / {l.vcpu.capacity}, memory{' '}
              {l.memoryGiB.before} → {l.memoryGiB.after} / {l.memoryGiB.capacity} GiB
            </li>
          ))}
        </ul>
      </Section>

      <Section id="tables" title="Device tables" summary={countOf(report.tables.length, 'device')}>
        <ul className="small">
          {report.tables.slice(0, 12).map((t) => (
            <li key={`${t.deviceId}:${t.table}`}>
              {t.deviceId} {t.table}: +{t.added} ~{t.changed} −{t.removed}
            </li>
          ))}
          {report.tables.length > 12 && (
            <li className="muted">…and {report.tables.length - 12} more</li>
          )}
        </ul>
      </Section>

      <Section id="plan" title="Plan steps" summary={countOf(report.plan.length, 'step')}>
        <ol className="small plan-steps">
          {report.plan.map((s) => (
            <li key={s.id}>
              <strong>{s.title}</strong>{' '}
              <span className="muted">
                ({fmtMs(s.expectedMs)}, {s.phase})
              </span>
              <br />
              <span className="muted">Undo: {s.undo}</span>
            </li>
          ))}
        </ol>
      </Section>
    </div>
  );
}
