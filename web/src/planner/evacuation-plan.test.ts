import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { evacuationPlan, sourceTitle, sourceWhat } from './evacuation-plan.ts';

const demo = buildDemoEstate();
const host = 'fra1.acc-1-h1';
const onHost = demo.vms.filter((v) => v.hostId === host).map((v) => v.id);

describe('evacuationPlan (what the Evacuate host… dialog shows and stages)', () => {
  it('stages every proposed move once, in wave order', () => {
    const plan = evacuationPlan(demo, { kind: 'host', hostId: host });
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.moves.map((m) => m.vmId)).toEqual(plan.waves.waves.flatMap((w) => w.vmIds));
    expect(new Set(plan.moves.map((m) => m.vmId))).toEqual(new Set(onHost));
    const proposed = new Map(plan.proposal.moves.map((m) => [m.vmId, m.toHost]));
    for (const m of plan.moves) expect(m.toHost).toBe(proposed.get(m.vmId));
  });

  it('plans the waves under the server’s limits: one copy per host makes one VM per wave', () => {
    const plan = evacuationPlan(
      demo,
      { kind: 'host', hostId: host },
      { perHost: 1, perSite: 8, perWanLink: 4 },
    );
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.waves.waves.map((w) => w.vmIds.length)).toEqual(onHost.map(() => 1));
  });

  it('says what was refused, and names its source in words', () => {
    expect(evacuationPlan(demo, { kind: 'site', siteId: 'nowhere' })).toEqual({
      ok: false,
      message: 'no site "nowhere"',
    });
    expect(sourceTitle({ kind: 'site', siteId: 'fra1' })).toBe('Drain site fra1');
    expect(sourceWhat({ kind: 'host', hostId: host })).toBe(`the evacuation of ${host}`);
  });
});

describe('evacuationPlan for a tenant moved to a site (the tenant view’s Move … in waves)', () => {
  const siteOf = new Map(demo.devices.map((d) => [d.id, d.siteId]));
  const tenantVms = (tenantId: string) => demo.vms.filter((v) => v.tenantId === tenantId);

  it('moves each of the tenant’s VMs not in the site yet, into that site, and none already there', () => {
    // acme's VMs use AVX-512: lon1's Intel hosts take them (iad1's AMD ones would not).
    const tenantId = 'acme';
    const toSiteId = 'lon1';
    const away = tenantVms(tenantId).filter((v) => siteOf.get(v.hostId) !== toSiteId);
    const there = tenantVms(tenantId).filter((v) => siteOf.get(v.hostId) === toSiteId);
    expect(away.length).toBeGreaterThan(0);
    const plan = evacuationPlan(demo, { kind: 'tenant', tenantId, toSiteId });
    if (!plan.ok) throw new Error(plan.message);
    const moved = plan.moves.map((m) => m.vmId);
    const unplaced = plan.proposal.unplaced.map((u) => u.vmId);
    expect(new Set([...moved, ...unplaced])).toEqual(new Set(away.map((v) => v.id)));
    expect(plan.moves.length).toBeGreaterThan(0);
    for (const m of plan.moves) expect(siteOf.get(m.toHost)).toBe(toSiteId);
    for (const v of there) expect(moved).not.toContain(v.id);
  });

  it('says so when every VM of the tenant is in the site already', () => {
    const tenantId = demo.tenants[0]!.id;
    const only = tenantVms(tenantId)[0]!;
    const estate = { ...demo, vms: demo.vms.filter((v) => v.tenantId !== tenantId || v === only) };
    const toSiteId = siteOf.get(only.hostId)!;
    expect(evacuationPlan(estate, { kind: 'tenant', tenantId, toSiteId })).toEqual({
      ok: false,
      message: `Every VM of tenant ${tenantId} is in ${toSiteId} already.`,
    });
    expect(sourceTitle({ kind: 'tenant', tenantId, toSiteId })).toBe(
      `Move tenant ${tenantId} to ${toSiteId}`,
    );
    expect(sourceWhat({ kind: 'tenant', tenantId, toSiteId })).toBe(
      `the move of tenant ${tenantId} to ${toSiteId}`,
    );
  });
});
