/**
 * The plans table (see schema.ts for what each column means). The status list
 * is written out here rather than imported, so this migration stays as it
 * shipped when the code's list changes.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id').onDelete('cascade'))
    .addColumn('estate_version', 'integer', (c) => c.notNull())
    .addColumn('request', 'jsonb', (c) => c.notNull())
    .addColumn('report', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'plans_status_check',
      sql`status in ('accepted', 'running', 'succeeded', 'failed', 'rolled-back', 'cancelled')`,
    )
    .execute();
  // The list of an estate's plans, newest first.
  await db.schema
    .createIndex('plans_estate_created_idx')
    .on('plans')
    .columns(['estate_id', 'created_at desc'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('plans').execute();
}
