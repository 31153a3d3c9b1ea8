/** Fetch a NetBox and map it to an estate: what the CLI's `import netbox` and `estate.importNetbox` share. */
import {
  MappedRoleSchema,
  netboxToEstate,
  type NetboxImportOptions,
  type NetboxImportResult,
} from '@vmmi/shared';
import { z } from 'zod';
import type { NetboxConnection } from './client.ts';
import { fetchSnapshot, type ProgressCallback } from './fetch.ts';

/** What a caller gives: NetBox's URL and token, and roles over the default mapping. */
export const NetboxImportInputSchema = z.object({
  url: z.string().url(),
  token: z.string().min(1),
  roleMap: z.record(z.string().regex(/^[a-z0-9_-]+$/i), MappedRoleSchema).optional(),
  dryRun: z.boolean().default(false),
});
export type NetboxImportInput = z.input<typeof NetboxImportInputSchema>;

export interface NetboxImportRun extends NetboxImportResult {
  /** Milliseconds spent reading NetBox, and mapping. */
  timing: { fetchMs: number; mapMs: number };
}

export async function importFromNetbox(
  conn: NetboxConnection,
  options: NetboxImportOptions = {},
  onProgress?: ProgressCallback,
): Promise<NetboxImportRun> {
  const t0 = performance.now();
  const snapshot = await fetchSnapshot(conn, onProgress);
  const t1 = performance.now();
  const result = netboxToEstate(snapshot, options);
  return { ...result, timing: { fetchMs: t1 - t0, mapMs: performance.now() - t1 } };
}

/** One line per part of the report, for stderr. */
export function reportSummary(run: NetboxImportResult): string[] {
  const { report } = run;
  const made = Object.entries(report.made)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  const reasons = new Map<string, number>();
  for (const e of report.unmapped) {
    const key = `${e.object.model}: ${e.reason.replace(/#\d+|"[^"]*"/g, '…')}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  return [
    `made: ${made}`,
    `unmapped: ${report.unmapped.length} objects`,
    ...[...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `  ${n} × ${r}`),
    `assumed: ${report.assumed.length} objects (values NetBox does not hold)`,
    ...(run.estate
      ? []
      : [
          `refused: ${report.issues.length} issues`,
          ...report.issues.slice(0, 20).map((i) => `  ${i.path}: ${i.message}`),
        ]),
  ];
}
