/** The strategies side by side for one move, with each cost as its parts, and the selector (R6). */
import { StrategyNameSchema, type CostPart, type ImpactReport } from '@vmmi/shared';
import { fmtAddedMs, fmtMs } from './format.ts';
import type { StrategyChoice } from './types.ts';

const LABELS: Record<StrategyChoice, string> = {
  best: 'Best (lowest cost)',
  'same-l2': 'Same L2 domain',
  'l2-overlay': 'L2 overlay (VXLAN/Geneve, EVPN)',
  renumber: 'Renumber (new address)',
  pmip: 'PMIP redirection',
  'agent-overlay': 'Communications agents',
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
  interruption: (v) => `interruption ${fmtMs(v)}`,
  'added-latency-out': (v) => `out ${fmtAddedMs(v)}`,
  'added-latency-in': (v) => `in ${fmtAddedMs(v)}`,
  renumbered: (v) => `${v} renumbered`,
  tunnels: (v) => `${v} tunnel${v === 1 ? '' : 's'}`,
  'table-entries': (v) => `${v} table entr${v === 1 ? 'y' : 'ies'}`,
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
        ={' '}
        {shown.map((p, i) => (
          <span key={p.part} title={`${p.weight} point(s) per ${p.unit.replace(/s$/, '')}`}>
            {i > 0 && ' + '}
            {PART_TEXT[p.part](p.value)} <strong>{p.points}</strong>
          </span>
        ))}
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
  const columns = 4;
  return (
    <table className="compare" data-testid="strategy-compare">
      <caption className="visually-hidden">Strategies compared for this move</caption>
      <thead>
        <tr>
          <th scope="col">Strategy</th>
          <th scope="col">Verdict</th>
          <th scope="col">Cost</th>
          <th scope="col">Latency out / in</th>
        </tr>
      </thead>
      {report.comparison.map((c) => {
        const verdict = !c.applicable ? 'n/a' : c.feasible ? 'feasible' : 'blocked';
        const why = c.notApplicableBecause ?? c.blocking.map((b) => b.message).join('; ');
        return (
          <tbody key={c.strategy} className={c.strategy === report.strategy ? 'chosen' : undefined}>
            <tr data-testid={`compare-${c.strategy}`} title={why || undefined}>
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
              <td>
                {c.addedLatencyMs
                  ? `${fmtAddedMs(c.addedLatencyMs.outbound)} / ${fmtAddedMs(c.addedLatencyMs.inbound)}`
                  : '—'}
              </td>
            </tr>
            <CostParts parts={c.costParts} columns={columns} />
          </tbody>
        );
      })}
    </table>
  );
}
