/** The audit log, read-only (admin): nothing in the API writes, changes or deletes an entry. */
import { plainText } from '@vmmi/shared';
import { z } from 'zod';
import { listAudit } from '../db/audit-repo.ts';
import { adminProcedure, router } from '../trpc.ts';

export const auditRouter = router({
  list: adminProcedure
    .input(
      z
        .object({
          beforeId: z
            .string()
            .regex(/^\d{1,19}$/)
            .optional(),
          limit: z.number().int().min(1).max(500).default(100),
          /** A prefix: `estate.` finds every estate change. */
          action: plainText(64).optional(),
          actor: plainText(200).optional(),
          target: plainText(200).optional(),
        })
        .default({ limit: 100 }),
    )
    .query(({ ctx, input }) => listAudit(ctx.db.kysely, input)),
});
