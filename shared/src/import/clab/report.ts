/** What an import says about the file: errors refuse it, warnings drop a part of it, notes state assumptions. */
import { z } from 'zod';

export const ClabReportEntrySchema = z.object({
  /**
   * `error`: the import is refused; `warning`: a node or link was left out, and why;
   * `assumed`: a value containerlab files do not hold was given its documented default.
   */
  severity: z.enum(['error', 'warning', 'assumed']),
  /** What the entry is about: `file`, `node "leaf1"`, `links[3]`, `devices[2].siteId`, ... */
  object: z.string(),
  reason: z.string(),
});
export type ClabReportEntry = z.infer<typeof ClabReportEntrySchema>;

export class ClabReport {
  readonly entries: ClabReportEntry[] = [];
  error(object: string, reason: string): void {
    this.entries.push({ severity: 'error', object, reason });
  }
  warning(object: string, reason: string): void {
    this.entries.push({ severity: 'warning', object, reason });
  }
  assumed(object: string, reason: string): void {
    this.entries.push({ severity: 'assumed', object, reason });
  }
  get failed(): boolean {
    return this.entries.some((e) => e.severity === 'error');
  }
}

/** Formats entries one a line for CLIs and logs. */
export function formatClabReport(entries: readonly ClabReportEntry[]): string {
  return entries.map((e) => `${e.severity}: ${e.object}: ${e.reason}`).join('\n');
}
