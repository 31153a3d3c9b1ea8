/** The tables as Kysely sees them. Column names are snake_case, as in SQL. */
import type { ColumnType, Generated } from 'kysely';

/** One row per estate; the estate itself is one jsonb document, validated before it is written. */
export interface EstatesTable {
  id: string;
  name: string;
  /** 1 on insert, +1 on every write, so readers can tell whether the estate changed. */
  version: Generated<number>;
  /** Written as JSON text, read back decoded by the driver. */
  doc: ColumnType<unknown, string, string>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

/**
 * One row per accepted plan: a move request and the report the server
 * computed for it, tied to the estate version it was computed on.
 */
export interface PlansTable {
  /** `plan-<uuid>`. */
  id: string;
  /** Deleting the estate deletes its plans. */
  estate_id: string;
  /** The estate version the report was computed on; an executor must check it again. */
  estate_version: number;
  /** The move request as parsed (defaults filled in), JSON text in, decoded out. */
  request: ColumnType<unknown, string, never>;
  /** The ImpactReport, JSON text in, decoded out. */
  report: ColumnType<unknown, string, never>;
  /** One of PLAN_STATUSES (src/plans/plan.ts); a CHECK constraint holds the same list. */
  status: string;
  /** The role of the caller who accepted it (the only identity there is until real authentication). */
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface Database {
  estates: EstatesTable;
  plans: PlansTable;
}
