/**
 * Run persistence: what one tick of the supervisor writes, in the caller's
 * transaction: the runs' events, their new statuses, their plans' outcomes,
 * and the estate at each switchover. The SQL itself is in db/run-repo.ts.
 */
import { isTerminal, placeVm, type EventRecord, type MigrationStatus } from '@vmmi/shared';
import type { Kysely } from 'kysely';
import { createEstateRepo } from '../db/estate-repo.ts';
import { createPlanRepo } from '../db/plan-repo.ts';
import * as runRepo from '../db/run-repo.ts';
import type { Database } from '../db/schema.ts';
import { enqueueWritebacks } from '../writeback/enqueue.ts';
import { rollback, statusAfter, type Produced } from './live-run.ts';

/**
 * Writes what the runs produced: switchovers into the estate first (a run
 * whose VM can no longer be placed has its events cut there and rolls back),
 * then the events with consecutive seqs per run, then statuses and plan
 * outcomes. The stored records, in id order.
 */
export async function writeTick(
  trx: Kysely<Database>,
  produced: readonly Produced[],
  notify: boolean,
): Promise<EventRecord[]> {
  await applySwitchovers(trx, produced);
  const rows: runRepo.NewEvent[] = [];
  for (const p of produced) {
    let seq = p.live.state.lastSeq;
    for (const e of p.events)
      rows.push({ migrationId: p.live.id, seq: ++seq, simMs: e.simMs, event: e.event });
  }
  const stored = await runRepo.appendEvents(trx, rows, notify);
  await writeStatuses(trx, produced);
  return stored;
}

/**
 * The estate follows a switchover in the transaction that records it: a
 * reader never sees the event without the VM on its target, nor the reverse.
 * A VM that can no longer be placed (the estate was edited meanwhile) is not
 * switched over: its run rolls back instead.
 */
async function applySwitchovers(trx: Kysely<Database>, produced: readonly Produced[]) {
  const byEstate = new Map<string, Produced[]>();
  for (const p of produced)
    if (p.events.some((e) => e.event.type === 'switched-over'))
      byEstate.set(p.live.spec.estateId, [...(byEstate.get(p.live.spec.estateId) ?? []), p]);
  if (byEstate.size === 0) return;
  const estates = createEstateRepo(trx);
  for (const [estateId, ps] of byEstate) {
    await estates.lock(estateId);
    const stored = await estates.get(estateId);
    let estate = stored?.estate;
    const placed: Produced[] = [];
    for (const p of ps) {
      const result = estate
        ? placeVm(estate, p.live.spec)
        : { ok: false as const, message: `estate ${estateId} is gone` };
      if (result.ok) {
        estate = result.estate;
        placed.push(p);
      } else {
        const cut = p.events.findIndex((e) => e.event.type === 'switched-over');
        const t = p.events[cut]!.simMs;
        p.events = [
          ...p.events.slice(0, cut),
          ...rollback(t, { code: 'estate-changed', message: result.message }),
        ];
        p.live.run = null;
      }
    }
    if (!estate || placed.length === 0) continue;
    const { version } = await estates.put(estate);
    for (const p of placed)
      for (const e of p.events)
        if (e.event.type === 'switched-over') e.event = { ...e.event, estateVersion: version };
  }
}

async function writeStatuses(trx: Kysely<Database>, produced: readonly Produced[]) {
  const byStatus = new Map<MigrationStatus, string[]>();
  const plansTouched = new Set<string>();
  for (const p of produced) {
    const status = statusAfter(p.live.state.status, p.events);
    if (status === p.live.state.status) continue;
    byStatus.set(status, [...(byStatus.get(status) ?? []), p.live.id]);
    if (isTerminal(status)) plansTouched.add(p.live.spec.planId);
  }
  for (const [status, ids] of byStatus) await runRepo.setStatus(trx, ids, status);
  await enqueueWritebacks(
    trx,
    produced.filter((p) => byStatus.get('succeeded')?.includes(p.live.id)),
  );
  const plans = createPlanRepo(trx);
  for (const planId of plansTouched) {
    const outcome = planOutcome(await runRepo.planRunStatuses(trx, planId));
    if (outcome) await plans.setStatus(planId, outcome);
  }
}

/** A plan ends when all its runs have: failed if any failed, rolled back if any did, else succeeded. */
export function planOutcome(
  statuses: readonly MigrationStatus[],
): 'failed' | 'rolled-back' | 'succeeded' | null {
  if (statuses.some((s) => !isTerminal(s))) return null;
  return statuses.includes('failed')
    ? 'failed'
    : statuses.includes('rolled-back')
      ? 'rolled-back'
      : 'succeeded';
}
