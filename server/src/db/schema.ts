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

export interface Database {
  estates: EstatesTable;
}
