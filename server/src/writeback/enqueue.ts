/**
 * The write-backs a tick owes: one per run that succeeded in it, for estates
 * whose source has write-back on, added to the outbox in the tick's own
 * transaction (so a success is never recorded without its write-back).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { enqueue, getSource } from '../db/writeback-repo.ts';
import type { Produced } from '../execution/live-run.ts';
import { netboxWriteback } from './netbox-request.ts';

export async function enqueueWritebacks(
  trx: Kysely<Database>,
  succeeded: readonly Produced[],
): Promise<void> {
  const rows = [];
  const sources = new Map<string, Awaited<ReturnType<typeof getSource>>>();
  for (const p of succeeded) {
    const estateId = p.live.spec.estateId;
    if (!sources.has(estateId)) sources.set(estateId, await getSource(trx, estateId));
    const source = sources.get(estateId);
    if (!source?.writeBack) continue;
    const spec = p.live.spec;
    const made = netboxWriteback(source, { ...spec, migrationId: p.live.id });
    rows.push({
      migrationId: p.live.id,
      estateId: spec.estateId,
      request: made.request,
      ...('error' in made ? { error: made.error } : {}),
    });
  }
  await enqueue(trx, rows);
}
