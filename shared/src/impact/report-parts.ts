/** Parts of the impact report (report.ts) that depend on nothing else of it. */
import { z } from 'zod';

/** A VNE move (R20): the snapshot of its tables, copied to an idle VNE on the target host. */
export const VneMoveSchema = z.object({
  vneId: z.string(),
  kind: z.enum(['router', 'firewall', 'load-balancer']),
  fromHost: z.string(),
  toHost: z.string(),
  routes: z.number().int(),
  sessions: z.number().int(),
  snapshotBytes: z.number(),
  copySeconds: z.number(),
  /** Networks of the VNE that do not exist at the target site yet (they must be extended first). */
  networksToExtend: z.array(z.string()),
});
export type VneMove = z.infer<typeof VneMoveSchema>;
