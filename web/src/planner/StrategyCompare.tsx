/**
 * The mobility strategies side by side for one move (R4–R9), and the
 * selector: why the chosen one was chosen, each one's verdict with its reasons
 * as text, what it measures in units (downtime in its parts and bytes over the
 * WAN, R14; table entries, R20; tunnels; how long stale mappings may last) and
 * its cost in parts.
 * Every figure comes from the engine's report; nothing is computed here.
 */
import {
  StrategyNameSchema,
  staleWindowText,
  type CostPart,
  type ImpactReport,
  type StrategyScore,
} from '@vmmi/shared';
import { countOf, fmtAddedMs, fmtBytes, fmtInterruption, fmtMs, fmtMsPart } from './format.ts';
import type { StrategyChoice } from './types.ts';

const LABELS: Record<StrategyChoice, string> = {
  best: 'Best (lowest cost)',
  'same-l2': 'Same L2 domain',
  'l2-overlay': 'L2 overlay (VXLAN/Geneve, EVPN)',
  renumber: 'Renumber (new address)',
  pmip: 'PMIP redirection',
  'agent-overlay': 'Communications agents',
  lisp: 'LISP (EID kept, new RLOC)',
};

export function StrategySelect({
  value,
  onChange,
  id = 'strategy-select',
}: {
  value: StrategyChoice;
  onChange: (s: StrategyChoice) => void;
  id?: string;
}) {
  return (
    <label className="strategy-select" htmlFor={id}>
      <span className="muted small">Strategy</span>
      <select
        id={id}
        data-testid="strategy-select"
        value={value}
        onChange={(e) => onChange(e.target.value as StrategyChoice)}
      >
        {(['best', ...StrategyNameSchema.options] as StrategyChoice[]).map((s) => (
          <option key={s} value={s}>
            {LABELS[s]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** How a part reads in the breakdown line: its value with its unit, as a person would write it. */
const PART_TEXT: Record<CostPart['part'], (v: number) => string> = {
  interruption: (v) => `interruption ${fmtMsPart(v)}`,
  'added-latency-out': (v) => `out ${fmtAddedMs(v)}`,
  'added-latency-in': (v) => `in ${fmtAddedMs(v)}`,
  renumbered: (v) => `${countOf(v, 'VM')} renumbered`,
  tunnels: (v) => countOf(v, 'tunnel'),
  'table-entries': (v) => countOf(v, 'table entry', 'table entries'),
};

/**
 * The cost as the sum of its parts on one line under the strategy: each part
 * with its value and the points it adds (docs/strategies.md), so "best" can
 * be checked by adding them up. Parts that add nothing are left out.
 */
function CostParts({ parts, columns }: { parts: readonly CostPart[]; columns: number }) {
  const shown = parts.filter((p) => p.points > 0);
  if (shown.length === 0) return null;
  return (
    <tr className="cost-parts">
      <td colSpan={columns} className="small muted">
        cost ={' '}
        {shown.map((p, i) => (
          <span key={p.part} title={`${p.weight} point(s) per ${p.unit.replace(/s$/, '')}`}>
            {i > 0 && ' + '}
            {PART_TEXT[p.part](p.value)}: <strong>{p.points}</strong> pts
          </span>
        ))}
      </td>
    </tr>
  );
}

/** Why a strategy cannot be used, as text in the table (never only a tooltip). */
function Why({ score, columns }: { score: StrategyScore; columns: number }) {
  if (score.notApplicableBecause)
    return (
      <tr className="compare-why" data-testid={`why-${score.strategy}`}>
        <td colSpan={columns} className="small muted">
          Does not apply: {score.notApplicableBecause}
        </td>
      </tr>
    );
  if (score.blocking.length === 0) return null;
  return (
    <tr className="compare-why" data-testid={`why-${score.strategy}`}>
      <td colSpan={columns} className="small">
        <ul className="reasons">
          {score.blocking.map((b, i) => (
            <li key={i} className="reason blocking" data-code={b.code}>
              <strong>{b.code}</strong> {b.message}
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}

/** What the strategy measures, each with its unit: the downtime in parts, WAN bytes, network state. */
function Measures({ score, columns }: { score: StrategyScore; columns: number }) {
  if (!score.applicable) return null;
  const value = (part: CostPart['part']) =>
    score.costParts.find((p) => p.part === part)?.value ?? null;
  const tunnels = value('tunnels');
  const entries = value('table-entries');
  const facts = [
    score.interruption
      ? `downtime ${fmtInterruption(score.interruption)}`
      : `downtime ${fmtMs(score.downtimeMs)} (its parts were not computed for this stored plan)`,
    score.wanBytes === null ? null : `${fmtBytes(score.wanBytes)} over the WAN`,
    entries === null ? null : countOf(entries, 'table entry', 'table entries'),
    tunnels === null ? null : countOf(tunnels, 'tunnel'),
    score.staleMappingWindowMs === null ? null : staleWindowText(score.staleMappingWindowMs),
  ].filter((f) => f !== null);
  return (
    <tr className="compare-measures" data-testid={`measures-${score.strategy}`}>
      <td colSpan={columns} className="small">
        {facts.join(' · ')}
      </td>
    </tr>
  );
}

export function StrategyCompare({
  report,
  onPick,
}: {
  report: ImpactReport;
  onPick?: (s: StrategyChoice) => void;
}) {
  if (report.comparison.length === 0) return null;
  const columns = 5;
  return (
    <>
      {report.choice && (
        <p className="small best-because" data-testid="best-because">
          <strong>Why {report.strategy}:</strong> {report.choice.text}
        </p>
      )}
      <table className="compare" data-testid="strategy-compare">
        <caption className="visually-hidden">Strategies compared for this move</caption>
        <thead>
          <tr>
            <th scope="col">Strategy</th>
            <th scope="col">Verdict</th>
            <th scope="col">Cost</th>
            <th scope="col">Downtime</th>
            <th scope="col">Latency out / in</th>
          </tr>
        </thead>
        {report.comparison.map((c) => {
          const verdict = !c.applicable ? 'n/a' : c.feasible ? 'feasible' : 'blocked';
          return (
            <tbody
              key={c.strategy}
              className={c.strategy === report.strategy ? 'chosen' : undefined}
            >
              <tr data-testid={`compare-${c.strategy}`}>
                <th scope="row">
                  {onPick && c.applicable ? (
                    <button type="button" className="link-btn" onClick={() => onPick(c.strategy)}>
                      {c.strategy}
                    </button>
                  ) : (
                    c.strategy
                  )}
                </th>
                <td className={`verdict verdict-${verdict}`}>
                  {verdict}
                  {c.blocking.length > 0 && (
                    <span className="small">
                      {' '}
                      ({[...new Set(c.blocking.map((b) => b.code))].join(', ')})
                    </span>
                  )}
                </td>
                <td data-testid={`cost-${c.strategy}`}>{c.cost ?? '—'}</td>
                <td>{c.downtimeMs === null ? '—' : fmtMsPart(c.downtimeMs)}</td>
                <td>
                  {c.addedLatencyMs
                    ? `${fmtAddedMs(c.addedLatencyMs.outbound)} / ${fmtAddedMs(c.addedLatencyMs.inbound)}`
                    : '—'}
                </td>
              </tr>
              <Why score={c} columns={columns} />
              <Measures score={c} columns={columns} />
              <CostParts parts={c.costParts} columns={columns} />
            </tbody>
          );
        })}
      </table>
    </>
  );
}
