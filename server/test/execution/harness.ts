/**
 * A server's execution service on a test database, driven through the tRPC
 * caller as the API's clients drive it, with a fast tick.
 */
import { buildDemoEstate } from '@vmmi/shared';
import { afterEach } from 'vitest';
import type { Role } from '../../src/auth/roles.ts';
import { createContextInner } from '../../src/context.ts';
import type { Db } from '../../src/db/db.ts';
import {
  createExecution,
  executionConfig,
  type Execution,
  type ExecutionConfig,
} from '../../src/execution/service.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';

const createCaller = createCallerFactory(appRouter);
const quiet = { info: () => undefined, error: (o: object, m: string) => console.error(m, o) };

export interface Harness {
  execution: Execution;
  as(role: Role): ReturnType<typeof createCaller>;
}

/** Starts an execution service per call; all are stopped after each test. */
export function useExecution(db: () => Db) {
  const started: Execution[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((e) => e.stop()));
  });
  return async (overrides: Partial<ExecutionConfig> = {}): Promise<Harness> => {
    const execution = createExecution(
      db(),
      executionConfig({ tickMs: 10, leaseMs: 2_000, pollMs: 200, ...overrides }),
      quiet,
    );
    await execution.start();
    started.push(execution);
    return {
      execution,
      as: (role) => createCaller(createContextInner({ db: db(), role, execution })),
    };
  };
}

/** The demo estate stored as `demo`, and an accepted plan of one VM's move. */
export async function acceptDemoMove(
  h: Harness,
  request: unknown = {
    vmIds: ['acme-web-web-01'],
    target: { kind: 'site', siteId: 'ams1' },
    strategy: 'best',
  },
) {
  const op = h.as('operator');
  const list = await op.estate.list();
  if (!list.some((e) => e.id === 'demo')) await op.estate.import({ estate: buildDemoEstate() });
  const version = (await op.estate.list()).find((e) => e.id === 'demo')!.version;
  const { plan } = await op.plans.accept({ estateId: 'demo', request, expectedVersion: version });
  return plan;
}

/** Waits until the run has ended (polling its state), or fails after `ms`. */
export async function waitForEnd(h: Harness, id: string, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const { state, events } = await h.as('viewer').migrations.get({ id });
    if (state.status === 'succeeded' || state.status === 'rolled-back' || state.status === 'failed')
      return { state, events };
    if (Date.now() > until) throw new Error(`migration ${id} still ${state.status} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
