/**
 * Two server instances on one PostgreSQL database (DESIGN.md, "scale-out
 * path"). Instance A is an execution service driven
 * through its tRPC caller; instance B is a whole app listening on loopback,
 * and the test's client subscribes to B over SSE. (a) Fan-out: B's subscriber
 * sees every event of runs executed through A (and through B), in id order,
 * each once. (b) Takeover: A dies without releasing its leases
 * (Supervisor.halt); once they expire B takes its runs over and applies the
 * crash rule, and B's subscriber sees it happen.
 */
import { buildDemoEstate } from '@vmmi/shared';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createApi, type Api } from '../../src/cli/client.ts';
import { callerWithToken } from '../auth/credentials.ts';
import { createContextInner } from '../../src/context.ts';
import { openDb, type Db } from '../../src/db/db.ts';
import { createEstateRepo } from '../../src/db/estate-repo.ts';
import {
  createExecution,
  executionConfig,
  type Execution,
  type ExecutionConfig,
} from '../../src/execution/service.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';
import { createPostgresTestDatabase } from '../backends.ts';
import {
  expectCompleteStream,
  has,
  hostOf,
  runEvents,
  startRun,
  subscribeAll,
  until,
  type Subscriber,
} from './sse-client.ts';

const createCaller = createCallerFactory(appRouter);
/**
 * Not shorter: a tick advances simulated time by at most two ticks' worth, so
 * on a loaded machine very short ticks slow the runs down.
 */
const TICK_MS = 50;
const quiet = { info: () => undefined, error: (o: object, m: string) => console.error(m, o) };

let cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** A fresh database with the demo estate, and a connection pool per instance. */
async function database(): Promise<{ a: Db; b: Db }> {
  const pg = await createPostgresTestDatabase();
  cleanups.push(() => pg.drop());
  // The drop at the end can reach a pooled connection still closing: that one is expected.
  const onPoolError = (err: Error & { code?: string }) => {
    if (err.code !== '57P01') console.error('postgres pool error:', err);
  };
  const a = await openDb({ url: pg.url, onPoolError });
  cleanups.push(() => a.close());
  const b = await openDb({ url: pg.url, onPoolError });
  cleanups.push(() => b.close());
  await createEstateRepo(a.kysely).put(buildDemoEstate());
  return { a, b };
}

/** Instance A: an execution service and an operator's caller on it. */
async function instanceA(db: Db, config: Partial<ExecutionConfig>) {
  const execution: Execution = createExecution(
    db,
    executionConfig({ instanceId: 'inst-a', tickMs: TICK_MS, pollMs: 200, ...config }),
    quiet,
  );
  await execution.start();
  cleanups.push(() => execution.stop());
  const caller = createCaller(createContextInner({ db, role: 'operator', execution }));
  return { execution, caller };
}

/** Instance B: the whole app on a loopback port, and an HTTP client of it. */
async function instanceB(db: Db, config: Partial<ExecutionConfig>): Promise<Api> {
  const app: FastifyInstance = await buildApp({
    database: db,
    execution: { instanceId: 'inst-b', tickMs: TICK_MS, pollMs: 200, ...config },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => app.close());
  const { port } = app.server.address() as { port: number };
  const { secret } = await callerWithToken(db, 'operator');
  return createApi({ server: `http://127.0.0.1:${port}` }, { ...process.env, VMMI_TOKEN: secret });
}

/** Runs a VM's move through an instance's caller (preview, accept, execute). */
async function runThrough(
  caller: ReturnType<typeof createCaller>,
  vmId: string,
  hostId: string,
  timeScale: number,
) {
  const request = { vmIds: [vmId], target: { kind: 'host', hostId }, strategy: 'best' };
  const { estateVersion, result } = await caller.impact.preview({ estateId: 'demo', request });
  expect(result.ok && result.report.feasible).toBe(true);
  const placement = result.ok ? result.report.placements[0]! : undefined;
  const { plan } = await caller.plans.accept({
    estateId: 'demo',
    request,
    expectedVersion: estateVersion,
  });
  const { migrations } = await caller.migrations.execute({ planId: plan.id, timeScale });
  return { migrationId: migrations[0]!.id, fromHost: placement!.fromHost, toHost: hostId };
}

function subscribe(api: Api, after?: string): Promise<Subscriber> {
  const sub = subscribeAll(api, after);
  cleanups.push(() => Promise.resolve(sub.unsubscribe()));
  return sub.opened.then(() => sub);
}

describe('two instances on one PostgreSQL database', () => {
  let dbs: { a: Db; b: Db };
  beforeEach(async () => {
    dbs = await database();
  });

  it('fan-out: a client of B sees every event of runs executed through A and through B, in order, each once', async () => {
    // A second estate, so the two runs do not change each other's estate version mid-way.
    await createEstateRepo(dbs.a.kysely).put({ ...buildDemoEstate(), id: 'demo2' });
    const a = await instanceA(dbs.a, {});
    const b = await instanceB(dbs.b, {});
    const sub = await subscribe(b);

    const [viaA, viaB] = await Promise.all([
      runThrough(a.caller, 'acme-web-web-01', 'ams1.p0-e0-h2', 1_000),
      startRun(b, 'acme-web-web-01', 1_000, 'ams1.p0-e0-h3', 'demo2'),
    ]);
    await until(
      'both runs to end',
      () =>
        has(runEvents(sub, viaA.migrationId), 'succeeded') &&
        has(runEvents(sub, viaB.migrationId), 'succeeded'),
      sub,
    );
    // Each run once and complete, and all ids strictly increasing though two instances wrote them.
    const ranA = await expectCompleteStream(b, sub, viaA.migrationId);
    const ranB = await expectCompleteStream(b, sub, viaB.migrationId);
    expect(ranA.find((r) => r.event.type === 'started')!.event).toMatchObject({
      type: 'started',
      instance: 'inst-a',
    });
    expect(ranB.find((r) => r.event.type === 'started')!.event).toMatchObject({
      type: 'started',
      instance: 'inst-b',
    });
    expect(await hostOf(b, 'acme-web-web-01')).toBe('ams1.p0-e0-h2');
    expect(await hostOf(b, 'acme-web-web-01', 'demo2')).toBe('ams1.p0-e0-h3');
  });

  it('takeover before switchover: B takes A’s run once its lease expires and rolls it back; B’s client sees it', async () => {
    const a = await instanceA(dbs.a, { leaseMs: 1_000 });
    const b = await instanceB(dbs.b, { leaseMs: 1_000 });
    const sub = await subscribe(b);
    // A hundredth of real time: the run stays in its copy for as long as the test needs.
    const run = await runThrough(a.caller, 'acme-web-web-01', 'ams1.p0-e0-h2', 0.01);
    await until('A to run it', () => has(runEvents(sub, run.migrationId), 'progress'), sub);
    expect(a.execution.supervisor.ownedRuns()).toEqual([run.migrationId]);

    await a.execution.supervisor.halt();
    await until('the rollback', () => has(runEvents(sub, run.migrationId), 'rolled-back'), sub);
    const rs = await expectCompleteStream(b, sub, run.migrationId);
    const from = rs.findIndex((r) => r.event.type === 'recovered');
    expect(rs.slice(from).map((r) => r.event)).toEqual([
      {
        type: 'recovered',
        rule: 'rollback-before-switchover',
        instance: 'inst-b',
        previousOwner: 'inst-a',
      },
      expect.objectContaining({ type: 'rolling-back', code: 'owner-lost' }),
      expect.objectContaining({ type: 'rolled-back', code: 'owner-lost' }),
    ]);
    expect(await hostOf(b, 'acme-web-web-01')).toBe(run.fromHost);
    expect((await b.migrations.list.query({ estateId: 'demo' }))[0]).toMatchObject({
      id: run.migrationId,
      status: 'rolled-back',
      owner: null,
    });
  });

  it('takeover after switchover: B resumes A’s run and finishes it on the target', async () => {
    const a = await instanceA(dbs.a, { leaseMs: 1_000 });
    const b = await instanceB(dbs.b, { leaseMs: 1_000 });
    const sub = await subscribe(b);
    // Twice real time: activate, confirm and decommission take 2.8 s after switchover, to halt A in.
    const run = await runThrough(a.caller, 'acme-web-web-01', 'ams1.p0-e0-h2', 2);
    await until('the switchover', () => has(runEvents(sub, run.migrationId), 'switched-over'), sub);
    await a.execution.supervisor.halt();
    expect(has(runEvents(sub, run.migrationId), 'succeeded')).toBe(false);

    await until('the end of the run', () => has(runEvents(sub, run.migrationId), 'succeeded'), sub);
    const rs = await expectCompleteStream(b, sub, run.migrationId);
    const from = rs.findIndex((r) => r.event.type === 'recovered');
    expect(rs[from]!.event).toEqual({
      type: 'recovered',
      rule: 'resume-after-switchover',
      instance: 'inst-b',
      previousOwner: 'inst-a',
    });
    expect(rs.filter((r) => r.event.type === 'switched-over')).toHaveLength(1);
    expect(await hostOf(b, 'acme-web-web-01')).toBe('ams1.p0-e0-h2');
  });

  it('an instance restarted under the same INSTANCE_ID before its leases expire takes its own runs over', async () => {
    const a = await instanceA(dbs.a, { leaseMs: 1_000 });
    const run = await runThrough(a.caller, 'acme-web-web-01', 'ams1.p0-e0-h2', 0.01);
    let copying = false;
    await until('A to copy', () => {
      void a.caller.migrations
        .get({ id: run.migrationId })
        .then(({ events }) => (copying = events.some((r) => r.event.type === 'progress')));
      return copying;
    });
    await a.execution.supervisor.halt();
    // The same instance again (a pod restarted under its name), while its lease still runs.
    const again = await instanceB(dbs.b, { instanceId: 'inst-a', leaseMs: 1_000 });
    const sub = await subscribe(again, '0');
    await until('the rollback', () => has(runEvents(sub, run.migrationId), 'rolled-back'), sub);
    const rs = await expectCompleteStream(again, sub, run.migrationId);
    expect(rs.find((r) => r.event.type === 'recovered')!.event).toEqual({
      type: 'recovered',
      rule: 'rollback-before-switchover',
      instance: 'inst-a',
      previousOwner: 'inst-a',
    });
  });

  it('fencing: an instance that outlived its lease writes nothing more for the run B took, then registers again and runs new work', async () => {
    // A renews every 12 s; the test ends its lease by hand long before that. B looks every 100 ms.
    const a = await instanceA(dbs.a, { leaseMs: 60_000 });
    const b = await instanceB(dbs.b, { leaseMs: 500 });
    const sub = await subscribe(b);
    const run = await runThrough(a.caller, 'acme-web-web-01', 'ams1.p0-e0-h2', 0.01);
    await until('A to run it', () => has(runEvents(sub, run.migrationId), 'progress'), sub);
    // A stalls past its lease (a paused VM, a long GC) and then carries on ticking as if nothing happened.
    await dbs.a.kysely
      .updateTable('executor_instances')
      .set({ lease_until: new Date(Date.now() - 60_000) })
      .where('id', '=', 'inst-a')
      .execute();
    await until('the rollback', () => has(runEvents(sub, run.migrationId), 'rolled-back'), sub);
    await until('A to let the run go', () => a.execution.supervisor.ownedRuns().length === 0);
    const rs = await expectCompleteStream(b, sub, run.migrationId);
    const from = rs.findIndex((r) => r.event.type === 'recovered');
    // Nothing of A's after B's takeover: the rollback follows at once, and no progress comes after it.
    expect(rs.slice(from).map((r) => r.event.type)).toEqual([
      'recovered',
      'rolling-back',
      'rolled-back',
    ]);
    expect(rs[from]!.event).toMatchObject({ instance: 'inst-b', previousOwner: 'inst-a' });
    expect(await hostOf(b, 'acme-web-web-01')).toBe(run.fromHost);

    // A registered again under a new token and drives new runs.
    const second = await runThrough(a.caller, 'acme-web-web-02', 'ams1.p0-e0-h3', 1_000);
    await until(
      'the second run to end',
      () => has(runEvents(sub, second.migrationId), 'succeeded'),
      sub,
    );
    expect(
      runEvents(sub, second.migrationId).find((r) => r.event.type === 'started')!.event,
    ).toMatchObject({
      type: 'started',
      instance: 'inst-a',
    });
  });
});
