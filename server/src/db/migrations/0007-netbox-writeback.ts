/**
 * Where an estate came from, and the write-backs owed to it.
 *
 * `estate_sources` keeps, per estate imported from NetBox, the NetBox it came
 * from, our ids → NetBox's ids, and whether a successful migration is written
 * back there (off unless the operator turns it on). No token is stored: the
 * server reads it from its environment (NETBOX_TOKEN).
 *
 * `writebacks` is an outbox: the row is inserted in the transaction that marks
 * a run succeeded, so a success is never left without its write-back, and a
 * worker outside any transaction performs it, records the outcome and retries
 * a failure a few times. A write-back that fails stays failed on the run; it
 * never undoes the migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('estate_sources')
    .addColumn('estate_id', 'text', (c) =>
      c.primaryKey().references('estates.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('ids', 'jsonb', (c) => c.notNull())
    .addColumn('write_back', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('estate_sources_kind_check', sql`kind in ('netbox')`)
    .execute();

  await db.schema
    .createTable('writebacks')
    .addColumn('migration_id', 'text', (c) =>
      c.primaryKey().references('migrations.id').onDelete('cascade'),
    )
    .addColumn('estate_id', 'text', (c) => c.notNull().references('estates.id').onDelete('cascade'))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('request', 'jsonb', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('writebacks_status_check', sql`status in ('pending', 'done', 'failed')`)
    .execute();
  await sql`create index writebacks_due on writebacks (next_attempt_at) where status = 'pending'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('writebacks').execute();
  await db.schema.dropTable('estate_sources').execute();
}
