/**
 * An operator limited to a tenant: the infrastructure whole, of tenant objects
 * only its own; moves of its own VMs only; another tenant's runs not even
 * listed. An anonymous viewer reads only the estates named for it.
 */
import { buildDemoEstate, unpackEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { anonymousViewer, type Principal } from '../../src/auth/principal.ts';
import { createContextInner } from '../../src/context.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';
import { MANUAL_TICKS, useExecution } from '../execution/harness.ts';
import { makeEstateInput } from '../fixtures.ts';
import { trpcErrorOf } from '../errors.ts';
import { BACKENDS, useTestDb, openMemoryDb } from '../backends.ts';

const createCaller = createCallerFactory(appRouter);
const operatorOf = (tenant: string): Principal => ({
  kind: 'user',
  userId: `user-${tenant}`,
  name: `op-${tenant}`,
  role: 'operator',
  tenants: [tenant],
  estates: null,
});

describe.each(BACKENDS.slice(0, 1))('tenant scope on %s', (_kind, open) => {
  const db = useTestDb(open);
  const start = useExecution(db);

  it('shows an acme operator every device and link, and only acme VMs, networks and VNEs', async () => {
    const full = buildDemoEstate();
    const admin = createCaller(createContextInner({ db: db(), role: 'admin' }));
    await admin.estate.import({ estate: full });
    const acme = createCaller(createContextInner({ db: db(), principal: operatorOf('acme') }));
    const { estate } = await acme.estate.get({ id: 'demo' });
    expect(estate.devices).toHaveLength(full.devices.length);
    expect(estate.links).toHaveLength(full.links.length);
    expect(estate.wanLinks).toHaveLength(full.wanLinks.length);
    expect(estate.tenants.map((t) => t.id)).toEqual(['acme']);
    // The demo gives acme 80 VMs (shared/src/demo: acme 80, globex 80, initech 50, …).
    expect(estate.vms).toHaveLength(80);
    expect(
      new Set([...estate.vms, ...estate.networks, ...estate.vnes].map((x) => x.tenantId)),
    ).toEqual(new Set(['acme']));
    const vmIds = new Set(estate.vms.map((v) => v.id));
    for (const f of estate.flows) {
      expect(vmIds.has(f.src)).toBe(true);
      if (f.dst.kind === 'vm') expect(vmIds.has(f.dst.vmId)).toBe(true);
    }
    // Nothing of another tenant is left anywhere in what it is sent, packed for the web app too.
    expect(JSON.stringify(estate)).not.toMatch(/globex-/);
    const { packed } = await acme.estate.getPacked({ id: 'demo' });
    expect(JSON.stringify(packed)).not.toMatch(/globex-/);
    expect(unpackEstate(packed)).toEqual(estate);
  });

  it("refuses an acme operator's preview and accept of a globex VM, and its imports and faults", async () => {
    const admin = createCaller(createContextInner({ db: db(), role: 'admin' }));
    await admin.estate.import({ estate: buildDemoEstate() });
    const acme = createCaller(createContextInner({ db: db(), principal: operatorOf('acme') }));
    const request = { vmIds: ['globex-core-ledger-01'], target: { kind: 'site', siteId: 'lon1' } };
    const preview = await trpcErrorOf(acme.impact.preview({ estateId: 'demo', request }));
    expect(preview.code).toBe('FORBIDDEN');
    expect(preview.message).toBe('VM "globex-core-ledger-01" is not of a tenant you act for');
    const accept = await trpcErrorOf(
      acme.plans.accept({ estateId: 'demo', request, expectedVersion: 1 }),
    );
    expect(accept.code).toBe('FORBIDDEN');
    expect((await trpcErrorOf(acme.estate.import({ estate: makeEstateInput() }))).code).toBe(
      'FORBIDDEN',
    );
    const fault = acme.faults.inject({
      estateId: 'demo',
      fault: { kind: 'bandwidth-collapse', factor: 0.5 },
    });
    expect((await trpcErrorOf(fault)).code).toBe('FORBIDDEN');
    expect(await admin.plans.list({ estateId: 'demo' })).toEqual([]);
  });

  it("lists only an operator's own tenants' runs", async () => {
    const h = await start(MANUAL_TICKS);
    const admin = h.as('admin');
    await admin.estate.import({ estate: buildDemoEstate() });
    const run = async (vmId: string, siteId: string) => {
      const { version } = (await admin.estate.list())[0]!;
      const { plan } = await admin.plans.accept({
        estateId: 'demo',
        request: { vmIds: [vmId], target: { kind: 'site', siteId } },
        expectedVersion: version,
      });
      return (await admin.migrations.execute({ planId: plan.id })).migrations[0]!.id;
    };
    const acmeRun = await run('acme-web-web-01', 'ams1');
    const globexRun = await run('globex-core-ledger-01', 'lon1');
    const as = (tenant: string) =>
      createCaller(
        createContextInner({ db: db(), principal: operatorOf(tenant), execution: h.execution }),
      );
    expect((await as('acme').migrations.list({ estateId: 'demo' })).map((r) => r.id)).toEqual([
      acmeRun,
    ]);
    expect((await as('globex').migrations.list({ estateId: 'demo' })).map((r) => r.id)).toEqual([
      globexRun,
    ]);
    expect((await trpcErrorOf(as('acme').migrations.get({ id: globexRun }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await trpcErrorOf(as('acme').migrations.abort({ id: globexRun }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await admin.migrations.list({ estateId: 'demo' })).map((r) => r.id).sort()).toEqual(
      [acmeRun, globexRun].sort(),
    );
  });
});

describe('the anonymous viewer', () => {
  it('lists and reads only the estates named for it; others answer as absent', async () => {
    const db = await openMemoryDb();
    const admin = createCaller(createContextInner({ db, role: 'admin' }));
    await admin.estate.import({ estate: buildDemoEstate() });
    await admin.estate.import({ estate: makeEstateInput() });
    const kiosk = createCaller(createContextInner({ db, principal: anonymousViewer(['demo']) }));
    expect((await kiosk.estate.list()).map((e) => e.id)).toEqual(['demo']);
    expect((await kiosk.estate.get({ id: 'demo', siteId: 'ams1' })).estate.sites).toHaveLength(1);
    const other = await trpcErrorOf(kiosk.estate.get({ id: 'test-estate' }));
    expect(other).toMatchObject({ code: 'NOT_FOUND', message: 'no estate "test-estate"' });
    expect((await trpcErrorOf(kiosk.estate.export({ id: 'test-estate' }))).code).toBe('NOT_FOUND');
    await db.close();
  });
});
