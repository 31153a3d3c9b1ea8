/**
 * Each estate keeps the SHA-256 of its sorted-key JSON (audit/estate-digest.ts), written
 * with the document, so the audit log's "before" of a replace or delete is read from SQL
 * instead of parsing and hashing a document of up to 64 MiB on the event loop. Rows
 * written before this migration have none until their next write.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('estates').addColumn('sha256', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('estates').dropColumn('sha256').execute();
}
