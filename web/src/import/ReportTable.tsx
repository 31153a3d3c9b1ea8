/** An import's report: what was refused, left out or assumed, and why; long reports scroll. */
import type { ReportRow } from './import-report.ts';
import { reportSummary } from './import-report.ts';

export function ReportTable({ rows }: { rows: readonly ReportRow[] }) {
  return (
    <section aria-label="Import report" data-testid="import-report">
      <p className="small" data-testid="import-report-summary">
        Report: {reportSummary(rows)}
      </p>
      {rows.length > 0 && (
        <div className="import-report-scroll" tabIndex={0} aria-label="Report entries">
          <table className="import-report-table">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Object</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} data-kind={r.kind}>
                  <td className={r.kind === 'refused' ? 'reason blocking' : undefined}>{r.kind}</td>
                  <td>{r.object}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
