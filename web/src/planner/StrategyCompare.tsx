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

const PART_LABEL: Record<CostPart['part'], string> = {
  interruption: 'interruption',
  'added-latency-out': 'latency out',
  'added-latency-in': 'latency in',
  renumbered: 'renumbered',
  tunnels: 'tunnels',
  'table-entries': 'table entries',
};

/** The cost as the sum of its parts, each with its value, unit and points (docs/strategies.md). */
function CostParts({ parts }: { parts: readonly CostPart[] }) {
  const shown = parts.filter((p) => p.points > 0);
  if (shown.length === 0) return null;
  return (
    <ul className="cost-parts small muted">
      {shown.map((p) => (
        <li
          key={p.part}
          title={`${p.weight} point(s) per ${p.unit === 'ms' ? 'ms' : p.unit.replace(/s$/, '')}`}
        >
          {PART_LABEL[p.part]} {p.value} {p.unit} → {p.points}
        </li>
      ))}
    </ul>
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
  return (
    <table className="compare" data-testid="strategy-compare">
      <caption className="visually-hidden">Strategies compared for this move</caption>
      <thead>
        <tr>
          <th scope="col">Strategy</th>
          <th scope="col">Verdict</th>
          <th scope="col">Cost</th>
          <th scope="col">Interruption</th>
          <th scope="col">Latency out / in</th>
          <th scope="col">Tunnels</th>
        </tr>
      </thead>
      <tbody>
        {report.comparison.map((c) => {
          const verdict = !c.applicable ? 'n/a' : c.feasible ? 'feasible' : 'blocked';
          const why = c.notApplicableBecause ?? c.blocking.map((b) => b.message).join('; ');
          return (
            <tr
              key={c.strategy}
              data-testid={`compare-${c.strategy}`}
              className={c.strategy === report.strategy ? 'chosen' : undefined}
              title={why || undefined}
            >
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
              <td data-testid={`cost-${c.strategy}`}>
                {c.cost ?? '—'}
                <CostParts parts={c.costParts} />
              </td>
              <td>{fmtMs(c.downtimeMs)}</td>
              <td>
                {c.addedLatencyMs
                  ? `${fmtAddedMs(c.addedLatencyMs.outbound)} / ${fmtAddedMs(c.addedLatencyMs.inbound)}`
                  : '—'}
              </td>
              <td>{c.applicable ? `+${c.tunnelsAdded}` : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
