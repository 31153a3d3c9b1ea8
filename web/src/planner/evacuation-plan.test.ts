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

describe('evacuationPlan for a set of VMs moved to a site (the VM table’s Move the N shown … in waves)', () => {
  const siteOf = new Map(demo.devices.map((d) => [d.id, d.siteId]));
  // The demo's acme-web application: its web, app, cache and db tiers, 15 VMs in each of fra1, ams1, lon1 and dub-cloud.
  const acmeWeb = demo.vms.filter((v) => v.name.startsWith('acme-web'));
  const inLon1 = acmeWeb.filter((v) => siteOf.get(v.hostId) === 'lon1');
  const away = acmeWeb.filter((v) => siteOf.get(v.hostId) !== 'lon1');
  const vmsSource = (vms: typeof acmeWeb, label: string) =>
    ({ kind: 'vms', vmIds: vms.map((v) => v.id), toSiteId: 'lon1', label }) as const;

  it('asks the engine only for the VMs away from the site, and moves each into it', () => {
    expect([acmeWeb.length, inLon1.length, away.length]).toEqual([60, 15, 45]);
    const plan = evacuationPlan(demo, vmsSource(acmeWeb, 'the 60 VMs matching "acme-web"'));
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.proposal.request.source).toEqual({ kind: 'vms', vmIds: away.map((v) => v.id) });
    expect(plan.proposal.request.toSites).toEqual(['lon1']);
    expect(plan.proposal.summary.vms).toBe(45);
    const moved = plan.moves.map((m) => m.vmId);
    const unplaced = plan.proposal.unplaced.map((u) => u.vmId);
    expect(new Set([...moved, ...unplaced])).toEqual(new Set(away.map((v) => v.id)));
    expect(moved.length).toBeGreaterThan(0);
    for (const m of plan.moves) expect(siteOf.get(m.toHost)).toBe('lon1');
    for (const v of inLon1) expect(moved).not.toContain(v.id);
  });

  it('says so when every VM shown is in the site already, and names the set in words', () => {
    const label = 'the 15 VMs in London LON1 matching "acme-web"';
    expect(evacuationPlan(demo, vmsSource(inLon1, label))).toEqual({
      ok: false,
      message: `Nothing to move: ${label} are in lon1 already.`,
    });
    expect(evacuationPlan(demo, vmsSource(inLon1.slice(0, 1), 'VM x'))).toEqual({
      ok: false,
      message: 'Nothing to move: VM x is in lon1 already.',
    });
    expect(sourceTitle(vmsSource(acmeWeb, 'the 60 VMs matching "acme-web"'))).toBe(
      'Move 60 VMs to lon1',
    );
    expect(sourceTitle(vmsSource(inLon1.slice(0, 1), 'VM x'))).toBe('Move 1 VM to lon1');
    expect(sourceWhat(vmsSource(acmeWeb, 'the 60 VMs matching "acme-web"'))).toBe(
      'the move of the 60 VMs matching "acme-web" to lon1',
    );
  });
});
