// Server-side previews: the same engine over the stored estate, tied to its version.
import { buildDemoEstate, SAFETY_DEFAULTS } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { createContextInner } from '../../src/context.ts';
import { executionConfig, type Execution } from '../../src/execution/service.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { trpcErrorOf } from '../errors.ts';

const createCaller = createCallerFactory(appRouter);
const request = {
  vmIds: ['acme-legacy-erp-01'],
  target: { kind: 'site', siteId: 'ams1' },
  strategy: 'all',
};

describe.each(BACKENDS)('impact router on %s', (_kind, open) => {
  const db = useTestDb(open);
  const as = (role: 'viewer' | 'operator') => createCaller(createContextInner({ db: db(), role }));

  it('previews a move on the stored demo estate, as the CLI and the browser do', async () => {
    await as('operator').estate.import({ estate: buildDemoEstate() });
    const { estateVersion, result } = await as('viewer').impact.preview({
      estateId: 'demo',
      request,
    });
    expect(estateVersion).toBe(1);
    expect(result.ok && result.report.strategy).toBe('renumber');
  });

  it('refuses a preview against an estate version that has changed', async () => {
    await as('operator').estate.import({ estate: buildDemoEstate() });
    await as('operator').estate.import({ estate: buildDemoEstate() });
    const err = await trpcErrorOf(
      as('viewer').impact.preview({ estateId: 'demo', request, expectedVersion: 1 }),
    );
    expect(err.code).toBe('CONFLICT');
    const ok = await as('viewer').impact.preview({ estateId: 'demo', request, expectedVersion: 2 });
    expect(ok.estateVersion).toBe(2);
  });

  it('an estate deleted and imported again under its id (version 1 again) is previewed as the new one', async () => {
    const admin = createCaller(createContextInner({ db: db(), role: 'admin' }));
    const memoryOf = async () => {
      const { result } = await as('viewer').impact.preview({ estateId: 'demo', request });
      // What the move adds to the target site is the VM's memory.
      const site = result.ok ? result.report.load.find((l) => l.id === 'ams1') : undefined;
      return site ? site.memoryGiB.after - site.memoryGiB.before : null;
    };
    await as('operator').estate.import({ estate: buildDemoEstate() });
    const before = await memoryOf();
    await admin.estate.delete({ id: 'demo' });
    const bigger = buildDemoEstate();
    bigger.vms = bigger.vms.map((vm) =>
      vm.id === request.vmIds[0] ? { ...vm, memoryGiB: vm.memoryGiB * 2 } : vm,
    );
    const { version } = await as('operator').estate.import({ estate: bigger });
    expect(version).toBe(1);
    expect(await memoryOf()).toBe(before! * 2);
  });

  it('answers a bad request with a typed error and an unknown estate with NOT_FOUND', async () => {
    await as('operator').estate.import({ estate: buildDemoEstate() });
    const { result } = await as('viewer').impact.preview({
      estateId: 'demo',
      request: { vmIds: ['ghost'], target: { kind: 'site', siteId: 'ams1' } },
    });
    expect(!result.ok && result.error.code).toBe('unknown-vm');
    const err = await trpcErrorOf(as('viewer').impact.preview({ estateId: 'nope', request }));
    expect(err.code).toBe('NOT_FOUND');
  });
  it('tells the browser the migration limits its previews must use: this instance’s, or none without a runner', async () => {
    expect(await as('viewer').impact.options()).toEqual({});
    const limits = { perHost: 1, perSite: 3, perWanLink: 2 };
    const execution = { config: executionConfig({ safety: { ...SAFETY_DEFAULTS, ...limits } }) };
    const caller = createCaller(
      createContextInner({ db: db(), role: 'viewer', execution: execution as Execution }),
    );
    expect(await caller.impact.options()).toEqual({
      migrationLimits: expect.objectContaining(limits) as unknown,
    });
  });
});
