/**
 * A supervisor whose write fails (a dropped connection, a failover) must not
 * wedge: the run whose tick was lost is tried again, and the instance's other
 * runs carry on. The database handed to the supervisor rolls back the one
 * transaction a test picks (faultyDb); the API works on the real one.
 */
import { buildDemoEstate } from '@vmmi/shared';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createContextInner } from '../../src/context.ts';
import type { Db } from '../../src/db/db.ts';
import { createEstateRepo } from '../../src/db/estate-repo.ts';
import type { Database } from '../../src/db/schema.ts';
import {
  createExecution,
  executionConfig,
  type Execution,
  type ExecutionConfig,
} from '../../src/execution/service.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';
import { BACKENDS, useTestDb } from '../backends.ts';

const createCaller = createCallerFactory(appRouter);
const quiet = { info: () => undefined, error: () => undefined };

/** What a transaction did, for the test to decide whether it fails. */
interface TrxInfo {
  /** It read the estate for update: a switchover. */
  estates: boolean;
  /** The types of the events it appended. */
  types: string[];
}

/**
 * The database with its transactions watched: when `fail(info)` says so after
 * the transaction's work, it throws, and the transaction rolls back.
 */
function faultyDb(db: Db, fail: (info: TrxInfo) => boolean): Db {
  const bind = <T extends object>(target: T, key: string | symbol) => {
    const value: unknown = Reflect.get(target, key, target);
    return typeof value === 'function'
      ? (value as (...a: unknown[]) => unknown).bind(target)
      : value;
  };
  const watch = (trx: Kysely<Database>, info: TrxInfo): Kysely<Database> =>
    new Proxy(trx, {
      get(target, key) {
        if (key === 'selectFrom')
          return (table: string) => {
            if (table === 'estates') info.estates = true;
            return target.selectFrom(table as 'estates');
          };
        if (key === 'getExecutor')
          return () => {
            const executor = target.getExecutor();
            return new Proxy(executor, {
              get(ex, k) {
                if (k === 'executeQuery')
                  return (query: { sql: string; parameters: readonly unknown[] }, ...rest: []) => {
                    // appendEvents: the first id, then one parameter per column; the fifth
                    // holds the events' types, one per line.
                    if (/^\s*insert into migration_events/.test(query.sql))
                      info.types.push(...(query.parameters[4] as string).split('\n'));
                    return ex.executeQuery(query as never, ...rest);
                  };
                return bind(ex, k);
              },
            });
          };
        return bind(target, key);
      },
    });
  const kysely = new Proxy(db.kysely, {
    get(target, key) {
      if (key === 'transaction')
        return () => {
          const builder = target.transaction();
          return {
            execute: <T>(fn: (trx: Kysely<Database>) => Promise<T>) =>
              builder.execute(async (trx) => {
                const info: TrxInfo = { estates: false, types: [] };
                const result = await fn(watch(trx, info));
                if (fail(info)) throw new Error('injected: the connection dropped at commit');
                return result;
              }),
          };
        };
      return bind(target, key);
    },
  });
  return { ...db, kysely };
}

const stopped: Execution[] = [];
afterEach(async () => {
  await Promise.all(stopped.splice(0).map((e) => e.stop()));
});

function start(db: Db, supervisorDb: Db, config: Partial<ExecutionConfig>) {
  const execution = createExecution(
    supervisorDb,
    executionConfig({ tickMs: 20, leaseMs: 500, pollMs: 200, ...config }),
    quiet,
  );
  stopped.push(execution);
  const caller = createCaller(createContextInner({ db, role: 'operator', execution }));
  return { execution, caller, ready: execution.start() };
}

async function run(
  caller: ReturnType<typeof createCaller>,
  vmId: string,
  hostId: string,
  timeScale: number,
) {
  const request = { vmIds: [vmId], target: { kind: 'host', hostId }, strategy: 'best' };
  const version = (await caller.estate.list()).find((e) => e.id === 'demo')!.version;
  const { plan } = await caller.plans.accept({
    estateId: 'demo',
    request,
    expectedVersion: version,
  });
  const { migrations } = await caller.migrations.execute({ planId: plan.id, timeScale });
  return migrations[0]!.id;
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const ended = (s: string) => s === 'succeeded' || s === 'rolled-back' || s === 'failed';

describe.each(BACKENDS)('a failed write on %s', (kind, open) => {
  const db = useTestDb(open);

  it('at a switchover the estate refused: the run is rolled back later by the crash rule, and the other runs carry on', async () => {
    let armed = true;
    const supervisorDb = faultyDb(db(), (info) => {
      // The tick in which the switchover found the VM gone (and rolled back): lost once.
      const lose = armed && info.estates && info.types.includes('rolled-back');
      if (lose) armed = false;
      return lose;
    });
    await createEstateRepo(db().kysely).put(buildDemoEstate());
    const { caller, ready } = start(db(), supervisorDb, { instanceId: 'one' });
    await ready;
    // A run that must keep going, and one whose VM is deleted from the estate before it switches over.
    const other = await run(caller, 'acme-web-web-02', 'ams1.p0-e0-h3', 0.05);
    const doomed = await run(caller, 'acme-web-web-01', 'ams1.p0-e0-h2', 1);
    // Started and recorded as running first: the VM must go before switchover, not before start
    // (a run that never started is requeued, which is another rule).
    await until(
      'the doomed run to be recorded as running',
      () => caller.migrations.get({ id: doomed }),
      (m) => m.state.status === 'running',
    );
    const { estate } = await caller.estate.get({ id: 'demo' });
    const gone = 'acme-web-web-01';
    await caller.estate.import({
      estate: {
        ...estate,
        vms: estate.vms.filter((v) => v.id !== gone),
        flows: estate.flows.filter(
          (f) => f.src !== gone && !(f.dst.kind === 'vm' && f.dst.vmId === gone),
        ),
      },
    });

    const { state, events } = await until(
      'the doomed run to end',
      () => caller.migrations.get({ id: doomed }),
      (m) => ended(m.state.status),
    );
    expect(armed).toBe(false);
    expect(state.status).toBe('rolled-back');
    expect(events.map((e) => e.event.type)).not.toContain('switched-over');
    // The last takeover is the crash rule's; a loaded machine may add an earlier one, the
    // instance taking its own queued run over after its lease lapsed (requeue-not-started).
    expect(events.filter((e) => e.event.type === 'recovered').at(-1)!.event).toMatchObject({
      rule: 'rollback-before-switchover',
    });
    // The other run still advances.
    const seq = (await caller.migrations.get({ id: other })).state.lastSeq;
    await until(
      'the other run to advance',
      () => caller.migrations.get({ id: other }),
      (m) => m.state.lastSeq > seq + 3,
    );
  });

  it('while taking a run over: the run is taken over again later, and the instance keeps working', async () => {
    let armed = false;
    const supervisorDb = faultyDb(db(), (info) => {
      const lose = armed && info.types.includes('recovered');
      if (lose) armed = false;
      return lose;
    });
    await createEstateRepo(db().kysely).put(buildDemoEstate());
    const a = start(db(), db(), { instanceId: 'a' });
    await a.ready;
    const b = start(db(), supervisorDb, { instanceId: 'b' });
    await b.ready;
    const id = await run(a.caller, 'acme-web-web-01', 'ams1.p0-e0-h2', 0.01);
    await until(
      'A to copy',
      () => a.caller.migrations.get({ id }),
      (m) => m.events.some((e) => e.event.type === 'progress'),
    );
    // A loaded machine may let A's own lease lapse before this (A then takes its own run over:
    // a `recovered` of A's); only what happens once A is gone is the case under test.
    const lastBefore = BigInt((await a.caller.migrations.get({ id })).events.at(-1)!.id);
    armed = true;
    await a.execution.supervisor.halt();
    const { state, events } = await until(
      'the run to end',
      () => b.caller.migrations.get({ id }),
      (m) => ended(m.state.status),
    );
    expect(armed).toBe(false);
    expect(state.status).toBe('rolled-back');
    // The first takeover's events were lost with its transaction; the second one's are there.
    const since = events.filter((e) => BigInt(e.id) > lastBefore);
    expect(since.filter((e) => e.event.type === 'recovered').map((e) => e.event)).toEqual([
      {
        type: 'recovered',
        rule: 'rollback-before-switchover',
        instance: 'b',
        previousOwner: 'b',
      },
    ]);
  });
});
