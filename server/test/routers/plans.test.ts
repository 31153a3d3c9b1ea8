// Accepting a plan: the server recomputes the preview on the stored estate and stores it only if nothing changed.
import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.ts';
import { createContextInner } from '../../src/context.ts';
import type { RefusalError } from '../../src/errors.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { trpcErrorOf } from '../errors.ts';
import { makeEstateInput } from '../fixtures.ts';

const createCaller = createCallerFactory(appRouter);
/** Feasible on the demo estate: `all` picks renumber. */
const request = {
  vmIds: ['acme-legacy-erp-01'],
  target: { kind: 'site', siteId: 'ams1' },
  strategy: 'all',
};
/** Blocked on the demo estate: keeping the address under PMIP collides with acme-legacy-erp-db-02 in ams1. */
const blocked = { ...request, strategy: 'pmip' };

describe.each(BACKENDS)('plans router on %s', (_kind, open) => {
  const db = useTestDb(open);
  const as = (role: Role) => createCaller(createContextInner({ db: db(), role }));
  const seed = () => as('operator').estate.import({ estate: buildDemoEstate() });
  const accept = (req: unknown, expectedVersion = 1) =>
    as('operator').plans.accept({ estateId: 'demo', request: req, expectedVersion });
  const refusalOf = (cause: unknown) => (cause as RefusalError).refusal;

  it('accepts a move on the current version, storing the report impact.preview gives', async () => {
    await seed();
    const { result } = await as('viewer').impact.preview({ estateId: 'demo', request });
    const { plan } = await accept(request);
    expect(plan).toMatchObject({
      estateId: 'demo',
      estateVersion: 1,
      status: 'accepted',
      createdBy: 'operator',
    });
    expect(plan.id).toMatch(/^plan-[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(plan.createdAt))).toBe(false);
    expect(result.ok && plan.report).toEqual(result.ok && result.report);
    expect(plan.request).toEqual(plan.report.request);
    expect(await as('viewer').plans.get({ id: plan.id })).toEqual(plan);
  });

  it('refuses a stale expectedVersion with CONFLICT, naming both versions, and stores nothing', async () => {
    await seed();
    await seed();
    const err = await trpcErrorOf(accept(request, 1));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/changed from version 1 to 2.*recompute/);
    expect(refusalOf(err.cause)).toEqual({
      kind: 'stale-estate',
      estateId: 'demo',
      expectedVersion: 1,
      currentVersion: 2,
    });
    expect(await as('viewer').plans.list({ estateId: 'demo' })).toEqual([]);
    expect((await accept(request, 2)).plan.estateVersion).toBe(2);
  });

  it('refuses an infeasible move with PRECONDITION_FAILED and its blocking reasons', async () => {
    await seed();
    const err = await trpcErrorOf(accept(blocked));
    expect(err.code).toBe('PRECONDITION_FAILED');
    expect(err.message).toMatch(
      /duplicate-ip 10\.120\.0\.10: already used by acme-legacy-erp-db-02/,
    );
    const refusal = refusalOf(err.cause);
    expect(refusal.kind === 'infeasible' && refusal.blocking.map((r) => r.code)).toEqual([
      'address-conflict',
    ]);
    expect(await as('viewer').plans.list({ estateId: 'demo' })).toEqual([]);
  });

  it('refuses a request that cannot be previewed with BAD_REQUEST and the preview error code', async () => {
    await seed();
    const cases: [unknown, string][] = [
      [{ vmIds: ['ghost'], target: { kind: 'site', siteId: 'ams1' } }, 'unknown-vm'],
      [
        { vmIds: ['acme-legacy-erp-01'], target: { kind: 'host', hostId: 'fra1.acc-6-h2' } },
        'same-host',
      ],
      [{ vmIds: ['acme-legacy-erp-01'] }, 'invalid-request'],
    ];
    for (const [req, code] of cases) {
      const err = await trpcErrorOf(accept(req));
      expect(err.code).toBe('BAD_REQUEST');
      expect(refusalOf(err.cause)).toMatchObject({ kind: 'preview-error', code });
    }
    expect(await as('viewer').plans.list({ estateId: 'demo' })).toEqual([]);
  });

  it('needs the operator role to accept; viewers may list and read', async () => {
    await seed();
    const err = await trpcErrorOf(
      as('viewer').plans.accept({ estateId: 'demo', request, expectedVersion: 1 }),
    );
    expect(err.code).toBe('FORBIDDEN');
    expect(await as('viewer').plans.list({ estateId: 'demo' })).toEqual([]);
    const { plan } = await as('admin').plans.accept({
      estateId: 'demo',
      request,
      expectedVersion: 1,
    });
    expect(plan.createdBy).toBe('admin');
    expect((await as('viewer').plans.get({ id: plan.id })).id).toBe(plan.id);
  });

  it('answers NOT_FOUND for an unknown estate or plan', async () => {
    await seed();
    const err = await trpcErrorOf(
      as('operator').plans.accept({ estateId: 'nope', request, expectedVersion: 1 }),
    );
    expect(err.code).toBe('NOT_FOUND');
    expect((await trpcErrorOf(as('viewer').plans.get({ id: 'plan-nope' }))).code).toBe('NOT_FOUND');
    expect(await as('viewer').plans.list({ estateId: 'nope' })).toEqual([]);
  });

  it("lists an estate's plans newest first, as summaries, up to the limit", async () => {
    await seed();
    await as('operator').estate.import({ estate: makeEstateInput() });
    const first = (await accept(request)).plan;
    const second = (
      await accept({ vmIds: ['acme-legacy-erp-01'], target: { kind: 'site', siteId: 'ams1' } })
    ).plan;
    const list = await as('viewer').plans.list({ estateId: 'demo' });
    expect(list.map((p) => p.id)).toEqual([second.id, first.id]);
    const downtimes = first.report.migrations.map((m) => m.downtimeMs ?? 0);
    expect(list[1]).toEqual({
      id: first.id,
      estateVersion: 1,
      status: 'accepted',
      createdAt: first.createdAt,
      vmIds: ['acme-legacy-erp-01'],
      vneId: null,
      target: { kind: 'site', siteId: 'ams1' },
      strategy: 'renumber',
      feasible: true,
      downtimeMs: Math.max(...downtimes),
    });
    expect(
      (await as('viewer').plans.list({ estateId: 'demo', limit: 1 })).map((p) => p.id),
    ).toEqual([second.id]);
    expect(await as('viewer').plans.list({ estateId: 'test-estate' })).toEqual([]);
    const err = await trpcErrorOf(as('viewer').plans.list({ estateId: 'demo', limit: 201 }));
    expect(err.code).toBe('BAD_REQUEST');
  });

  it("deletes an estate's plans with the estate", async () => {
    await seed();
    const { plan } = await accept(request);
    await as('admin').estate.delete({ id: 'demo' });
    expect((await trpcErrorOf(as('viewer').plans.get({ id: plan.id }))).code).toBe('NOT_FOUND');
    expect(await as('viewer').plans.list({ estateId: 'demo' })).toEqual([]);
  });
});
