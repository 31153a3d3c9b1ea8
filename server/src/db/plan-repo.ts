/**
 * Storage of plans: one row each, request and report in jsonb. What is read
 * back is parsed with the plan schemas (src/plans/plan.ts), so a row an older
 * build wrote is checked, and comes back with key order restored, before the
 * executor acts on it.
 */
import { randomUUID } from 'node:crypto';
import type { ImpactReport } from '@vmmi/shared';
import { sql, type Kysely, type Selectable } from 'kysely';
import {
  PlanSchema,
  PlanSummarySchema,
  type Plan,
  type PlanStatus,
  type PlanSummary,
} from '../plans/plan.ts';
import type { Database, PlansTable } from './schema.ts';

export interface NewPlan {
  estateId: string;
  /** The estate version the report was computed on; the plan is stored only if the estate is still at it. */
  estateVersion: number;
  report: ImpactReport;
  status: PlanStatus;
  /** Who accepted it (auth/principal.ts actorName). */
  createdBy: string | null;
}

/** Stored, or not because the estate is gone (currentVersion null) or has moved on since the report. */
export type InsertPlanResult =
  { stored: true; plan: Plan } | { stored: false; currentVersion: number | null };

export interface PlanRepo {
  /**
   * Stores the plan if its estate is still at `estateVersion`. The version is
   * read under a share lock on the estate row, in the insert's transaction:
   * an estate write in flight is waited for (and then seen), and none can
   * commit until the plan has, so no plan is ever stored for a version that
   * was already replaced.
   */
  insert(plan: NewPlan): Promise<InsertPlanResult>;
  get(id: string): Promise<Plan | undefined>;
  /** The estate's plans, newest first. */
  listByEstate(estateId: string, limit: number): Promise<PlanSummary[]>;
  /** Sets the plan's status, only from `from` when given; whether it changed. */
  setStatus(id: string, status: PlanStatus, from?: PlanStatus): Promise<boolean>;
}

/** The row as the plan record; parsing checks it and restores the schemas' key order. */
function toPlan(row: Selectable<PlansTable>): Plan {
  return PlanSchema.parse({
    id: row.id,
    estateId: row.estate_id,
    estateVersion: row.estate_version,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    request: row.request,
    report: row.report,
  });
}

/** Pass a transaction to make these calls part of a larger unit of work (as with the estate repo). */
export function createPlanRepo(db: Kysely<Database>): PlanRepo {
  const inTransaction = <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    db.isTransaction ? work(db) : db.transaction().execute(work);

  return {
    insert(plan) {
      return inTransaction(async (trx) => {
        const estate = await trx
          .selectFrom('estates')
          .select('version')
          .where('id', '=', plan.estateId)
          .forShare()
          .executeTakeFirst();
        if (!estate) return { stored: false, currentVersion: null };
        if (estate.version !== plan.estateVersion)
          return { stored: false, currentVersion: estate.version };
        const row = await trx
          .insertInto('plans')
          .values({
            id: `plan-${randomUUID()}`,
            estate_id: plan.estateId,
            estate_version: plan.estateVersion,
            request: JSON.stringify(plan.report.request),
            report: JSON.stringify(plan.report),
            status: plan.status,
            created_by: plan.createdBy,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        // Parsed inside the transaction: a report that does not survive the trip through JSON is not stored.
        return { stored: true, plan: toPlan(row) };
      });
    },

    async get(id) {
      const row = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toPlan(row);
    },

    async setStatus(id, status, from) {
      let q = db.updateTable('plans').set({ status, updated_at: new Date() }).where('id', '=', id);
      if (from !== undefined) q = q.where('status', '=', from);
      const updated = await q.executeTakeFirst();
      return updated.numUpdatedRows > 0n;
    },

    async listByEstate(estateId, limit) {
      // The summary fields come out of the jsonb in SQL, so the reports stay in the database.
      const rows = await db
        .selectFrom('plans')
        .select([
          'id',
          'estate_version',
          'status',
          'created_at',
          'request',
          sql<unknown>`report->'strategy'`.as('strategy'),
          sql<unknown>`report->'feasible'`.as('feasible'),
          sql<
            number | null
          >`(select max((m.v->>'downtimeMs')::float8) from jsonb_array_elements(report->'migrations') as m(v))`.as(
            'downtime_ms',
          ),
        ])
        .where('estate_id', '=', estateId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => {
        const request = PlanSchema.shape.request.parse(r.request);
        return PlanSummarySchema.parse({
          id: r.id,
          estateVersion: r.estate_version,
          status: r.status,
          createdAt: r.created_at.toISOString(),
          vmIds: request.vmIds,
          vneId: request.vneId ?? null,
          target: request.target,
          strategy: r.strategy,
          feasible: r.feasible,
          downtimeMs: r.downtime_ms,
        });
      });
    },
  };
}
