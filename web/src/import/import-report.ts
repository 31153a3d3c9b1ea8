/** The NetBox and containerlab import reports as one list of rows for the dialog. */
import type { ClabImport, NetboxImport } from '../api/import-api.ts';
import { fmtCount } from '../planner/format.ts';

export interface ReportRow {
  /** `refused`: why nothing was made; `left out`: what became nothing; `assumed`: a default given. */
  kind: 'refused' | 'left out' | 'assumed';
  object: string;
  reason: string;
}

export function netboxReportRows(result: NetboxImport): ReportRow[] {
  const r = result.report;
  const name = (o: { model: string; id: number; name: string }) => `${o.model} ${o.id} (${o.name})`;
  return [
    ...r.issues.map((i) => ({ kind: 'refused' as const, object: i.path, reason: i.message })),
    ...r.unmapped.map((e) => ({
      kind: 'left out' as const,
      object: name(e.object),
      reason: e.reason,
    })),
    ...r.assumed.map((e) => ({
      kind: 'assumed' as const,
      object: name(e.object),
      reason: e.reason,
    })),
  ];
}

export function clabReportRows(result: ClabImport): ReportRow[] {
  const kind = { error: 'refused', warning: 'left out', assumed: 'assumed' } as const;
  return result.report.map((e) => ({ kind: kind[e.severity], object: e.object, reason: e.reason }));
}

/** "3 refused, 180 left out, 25 assumed". */
export function reportSummary(rows: readonly ReportRow[]): string {
  const count = (k: ReportRow['kind']) => rows.filter((r) => r.kind === k).length;
  const parts = (['refused', 'left out', 'assumed'] as const)
    .map((k) => [k, count(k)] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${fmtCount(n)} ${k}`);
  return parts.length ? parts.join(', ') : 'nothing left out or assumed';
}
