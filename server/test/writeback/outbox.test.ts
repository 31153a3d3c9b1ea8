// The NetBox write-back's outbox (R21): a succeeded run of an estate with write-back on owes
// exactly one write-back, made after the run by the worker; failures are retried or recorded,
// and never undo the migration. NetBox here is an in-memory writer; netbox-writeback.test.ts
// writes to the fake NetBox over HTTP.
import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { forRuns, putSource, setWriteBack } from '../../src/db/writeback-repo.ts';
import type { NetboxWriter, WritebackWorkerOptions } from '../../src/writeback/worker.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { acceptDemoMove, useExecution, waitForEnd, type Harness } from '../execution/harness.ts';

const VM = 'acme-web-web-01';
const NETBOX = 'http://127.0.0.1:9/';

/** NetBox ids for the demo estate: 1000 + the host's index, VM 361, every host in cluster 7. */
function demoIds() {
  const hosts = buildDemoEstate().devices.filter((d) => d.role === 'host');
  return {
    devices: Object.fromEntries(hosts.map((d, i) => [d.id, 1000 + i])),
    vms: { [VM]: 361 },
    deviceClusters: Object.fromEntries(hosts.map((d) => [d.id, 7])),
    sites: {},
    clusters: {},
  };
}

/** Records the writes; fails the first `failures` calls with the error made by `fail`. */
function memoryNetbox(failures = 0, fail = () => new Error('NetBox answered 503')) {
  const calls: { op: string; vm: number; arg: unknown }[] = [];
  let left = failures;
  const maybeFail = () => {
    if (left > 0) {
      left -= 1;
      throw fail();
    }
  };
  const writer: NetboxWriter = {
    updateVmPlacement(vm, placement) {
      maybeFail();
      calls.push({ op: 'placement', vm, arg: placement });
      return Promise.resolve();
    },
    addJournalEntry(vm, text) {
      calls.push({ op: 'journal', vm, arg: text });
      return Promise.resolve();
    },
  };
  return { writer, calls };
}

async function moveWithSource(h: Harness, db: Kysely<Database>, writeBack: boolean) {
  const plan = await acceptDemoMove(h);
  await putSource(db, { estateId: 'demo', kind: 'netbox', url: NETBOX, ids: demoIds() });
  if (writeBack) expect(await setWriteBack(db, 'demo', true)).toBe(true);
  const { migrations } = await h
    .as('operator')
    .migrations.execute({ planId: plan.id, timeScale: 10_000 });
  const run = migrations[0]!;
  const { state } = await waitForEnd(h, run.id);
  expect(state.status).toBe('succeeded');
  return { plan, run, toHost: plan.report.placements[0]!.toHost };
}

describe.each(BACKENDS)('the NetBox write-back outbox on %s', (_kind, open) => {
  const testDb = useTestDb(open);
  const db = () => testDb().kysely;
  const start = useExecution(testDb);

  /** An execution whose write-back worker acts only when the test runs a pass. */
  const startWith = (writeback: Partial<WritebackWorkerOptions>) =>
    start({}, undefined, { pollMs: 1e9, ...writeback });

  it('owes nothing while write-back is off (the default)', async () => {
    const h = await start();
    const { run } = await moveWithSource(h, db(), false);
    expect(await forRuns(db(), [run.id])).toEqual([]);
    const [row] = await h.as('viewer').migrations.list({ estateId: 'demo' });
    expect(row).toMatchObject({ id: run.id, writeback: null });
  });

  it('writes the VM onto its new device and cluster, with a journal entry naming the plan', async () => {
    const nb = memoryNetbox();
    const h = await startWith({ connect: () => nb.writer });
    const { plan, run, toHost } = await moveWithSource(h, db(), true);
    const [owed] = await forRuns(db(), [run.id]);
    expect(owed).toMatchObject({ status: 'pending', attempts: 0 });
    const worker = h.execution.writeback;
    expect(await worker.runOnce()).toBe(1);
    const device = demoIds().devices[toHost];
    expect(nb.calls.map((c) => c.op)).toEqual(['placement', 'journal']);
    expect(nb.calls[0]).toEqual({ op: 'placement', vm: 361, arg: { device, cluster: 7 } });
    expect(nb.calls[1]!.vm).toBe(361);
    expect(nb.calls[1]!.arg).toContain(plan.id);
    const [done] = await forRuns(db(), [run.id]);
    expect(done).toMatchObject({ status: 'done', attempts: 1, lastError: null });
    // The history row says so.
    const [row] = await h.as('viewer').migrations.list({ estateId: 'demo' });
    expect(row!.writeback).toEqual({ status: 'done', attempts: 1, lastError: null });
    // Done is done: a second pass finds nothing due.
    expect(await worker.runOnce()).toBe(0);
  });

  it('tries a failing NetBox again after a wait, then records the failure; the VM stays moved', async () => {
    const nb = memoryNetbox(10);
    const h = await startWith({ connect: () => nb.writer, maxAttempts: 3, backoffMs: () => 0 });
    const { run, toHost } = await moveWithSource(h, db(), true);
    const worker = h.execution.writeback;
    for (let i = 0; i < 3; i++) expect(await worker.runOnce()).toBe(1);
    expect(await worker.runOnce()).toBe(0);
    const [failed] = await forRuns(db(), [run.id]);
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'NetBox answered 503',
    });
    const estate = await h.as('viewer').estate.get({ id: 'demo' });
    expect(estate.estate.vms.find((v) => v.id === VM)!.hostId).toBe(toHost);
    expect((await h.as('viewer').migrations.get({ id: run.id })).state.status).toBe('succeeded');
  });

  it('does not retry what NetBox refused for good (a 4xx)', async () => {
    const refusal = () =>
      Object.assign(new Error('NetBox refused: device 1003 not found'), { retryable: false });
    const nb = memoryNetbox(1, refusal);
    const h = await startWith({ connect: () => nb.writer, backoffMs: () => 0 });
    const { run } = await moveWithSource(h, db(), true);
    const worker = h.execution.writeback;
    expect(await worker.runOnce()).toBe(1);
    expect(await worker.runOnce()).toBe(0);
    const [failed] = await forRuns(db(), [run.id]);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.lastError).toContain('not found');
  });

  it('records at once why a VM that did not come from NetBox cannot be written back', async () => {
    const h = await startWith({});
    const plan = await acceptDemoMove(h);
    const ids = { ...demoIds(), vms: {} };
    await putSource(db(), { estateId: 'demo', kind: 'netbox', url: NETBOX, ids });
    await setWriteBack(db(), 'demo', true);
    const { migrations } = await h
      .as('operator')
      .migrations.execute({ planId: plan.id, timeScale: 10_000 });
    await waitForEnd(h, migrations[0]!.id);
    const [failed] = await forRuns(db(), [migrations[0]!.id]);
    expect(failed).toMatchObject({ status: 'failed', attempts: 0 });
    expect(failed!.lastError).toContain(`VM ${VM} did not come from NetBox`);
  });

  it('a worker without a token fails the write-back and says what is missing', async () => {
    const h = await startWith({
      connect: () => ({ error: 'NETBOX_TOKEN is not set on the server' }),
    });
    const { run } = await moveWithSource(h, db(), true);
    const worker = h.execution.writeback;
    expect(await worker.runOnce()).toBe(1);
    const [failed] = await forRuns(db(), [run.id]);
    expect(failed).toMatchObject({
      status: 'failed',
      lastError: 'NETBOX_TOKEN is not set on the server',
    });
  });
});
