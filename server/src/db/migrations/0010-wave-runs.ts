/**
 * Wave runs (docs/execution.md, "Wave runs"): a wave plan the server carries
 * out, its waves one after another with a gate between them. One row each:
 * the waves (their moves, gates, windows and, once begun, their runs) and the
 * history in jsonb, the status and the current wave in columns, so every
 * step is one conditional UPDATE (`where status = … and current_wave = …`)
 * that only one server instance can make.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wave_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id').onDelete('cascade'))
    .addColumn('estate_version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('current_wave', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('wave_started', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('options', 'jsonb', (c) => c.notNull())
    .addColumn('waves', 'jsonb', (c) => c.notNull())
    .addColumn('history', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'wave_runs_status_check',
      sql`status in ('running', 'awaiting-approval', 'succeeded', 'halted', 'cancelled')`,
    )
    .execute();
  await sql`create index wave_runs_by_estate on wave_runs (estate_id, created_at desc)`.execute(db);
  await sql`create index wave_runs_running on wave_runs (id) where status = 'running'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('wave_runs').execute();
}
