// What a switchover does to the estate document (R13 stateful migration, R19 robustness):
// on the demo estate, the VM lands on the target host in a network that exists at the target
// site, the input document is never changed, and the result validates no worse than before.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { createImpactEngine } from '../impact/engine.ts';
import { previewMove } from '../impact/preview.ts';
import type { Estate } from '../model/estate.ts';
import { validateEstateReferences } from '../model/validate.ts';
import { placeVm } from './placement.ts';
import { clone } from './test-helpers.ts';
import { specsOfReport } from './spec.ts';

const estate = buildDemoEstate();
const snapshot = clone(estate);
const engine = createImpactEngine(estate);

const vm = (e: Estate, id: string) => e.vms.find((v) => v.id === id)!;
const network = (e: Estate, id: string) => e.networks.find((n) => n.id === id)!;
const siteOf = (e: Estate, hostId: string) => e.devices.find((d) => d.id === hostId)!.siteId;
const issueKeys = (e: Estate) =>
  new Set(validateEstateReferences(e).map((i) => `${i.path}: ${i.message}`));
const baseline = issueKeys(estate);
const newIssues = (e: Estate) => [...issueKeys(e)].filter((k) => !baseline.has(k));

/** The first host at `site`, by the demo's order. */
const hostAt = (site: string) =>
  estate.devices.find((d) => d.siteId === site && d.role === 'host')!.id;

/** An IPv4 address of a subnet's pool that no VM of the network uses at that site. */
function freeAddress(networkId: string, site: string): string {
  const used = new Set(
    estate.vms
      .filter((v) => v.networkId === networkId && siteOf(estate, v.hostId) === site)
      .map((v) => v.ipv4),
  );
  const sn = network(estate, networkId).subnets[0]!;
  const prefix = sn.cidr.split('.').slice(0, 3).join('.');
  for (let i = 10; i < 250; i++) if (!used.has(`${prefix}.${i}`)) return `${prefix}.${i}`;
  throw new Error(`no free address in ${networkId}@${site}`);
}

const web = vm(estate, 'acme-web-web-01');
const kept = { ipv4: web.ipv4 ?? null, ipv6: web.ipv6 ?? null };

describe('the demo estate these tests move VMs in', () => {
  it('has acme-web-web-01 in fra1 on the stretched acme-web network, which does not reach sin1', () => {
    expect(siteOf(estate, web.hostId)).toBe('fra1');
    expect(web.networkId).toBe('acme-web');
    expect(network(estate, 'acme-web').siteIds).toContain('ams1');
    expect(network(estate, 'acme-web').siteIds).not.toContain('sin1');
    expect(network(estate, 'acme-legacy').siteIds).toContain('ams1');
  });
});

describe('placeVm', () => {
  it('puts the VM on the target host and leaves the input estate as it was', () => {
    const to = hostAt('ams1');
    const r = placeVm(estate, { vmId: web.id, toHost: to, addressAfter: kept });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const moved = vm(r.estate, web.id);
    expect(moved.hostId).toBe(to);
    expect(moved.networkId).toBe('acme-web');
    expect(moved.ipv4).toBe(web.ipv4);
    expect(moved.ipv6).toBe(web.ipv6);
    expect(estate).toEqual(snapshot);
    expect(vm(estate, web.id).hostId).not.toBe(to);
    // Nothing else moved: the other VMs are the same records, the network already reached ams1.
    r.estate.vms.forEach((v, i) => {
      if (v.id !== web.id) expect(v).toBe(estate.vms[i]);
    });
    expect(r.estate.networks).toEqual(estate.networks);
    expect(newIssues(r.estate)).toEqual([]);
  });

  it('extends the network to the target site when the address is kept', () => {
    const to = hostAt('sin1');
    const r = placeVm(estate, { vmId: web.id, toHost: to, addressAfter: kept });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(vm(r.estate, web.id)).toMatchObject({ hostId: to, networkId: 'acme-web' });
    const after = network(r.estate, 'acme-web');
    expect(after.siteIds).toEqual([...network(estate, 'acme-web').siteIds, 'sin1']);
    expect(network(estate, 'acme-web').siteIds).not.toContain('sin1');
    for (const n of r.estate.networks)
      if (n.id !== 'acme-web') expect(n).toBe(estate.networks.find((o) => o.id === n.id));
    expect(newIssues(r.estate)).toEqual([]);
    expect(estate).toEqual(snapshot);
  });

  it('writes the address in canonical text and knows it is kept, however the spec spells it', () => {
    // A plan stored before estates held canonical text may spell the kept address otherwise.
    expect(web.ipv6).toBe('2001:db8:10::a');
    const spelled = { ipv4: web.ipv4!, ipv6: '2001:0DB8:0010:0000:0000:0000:0000:000A' };
    const r = placeVm(estate, { vmId: web.id, toHost: hostAt('sin1'), addressAfter: spelled });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // Kept, so the VM stays on acme-web and the network reaches sin1 (as with the canonical spelling).
    expect(vm(r.estate, web.id)).toMatchObject({ networkId: 'acme-web', ipv6: '2001:db8:10::a' });
    expect(network(r.estate, 'acme-web').siteIds).toContain('sin1');
  });

  it('moves a renumbered VM to the tenant network at the target site that holds the new address', () => {
    const to = hostAt('ams1');
    const ipv4 = freeAddress('acme-legacy', 'ams1');
    const r = placeVm(estate, { vmId: web.id, toHost: to, addressAfter: { ipv4, ipv6: null } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const moved = vm(r.estate, web.id);
    expect(moved).toMatchObject({ hostId: to, networkId: 'acme-legacy', ipv4 });
    expect('ipv6' in moved).toBe(false);
    expect(r.estate.networks).toEqual(estate.networks);
    expect(newIssues(r.estate)).toEqual([]);
    expect(estate).toEqual(snapshot);
  });

  it('keeps a renumbered VM on its own network when that network is at the site and holds the address', () => {
    const erp = vm(estate, 'acme-legacy-erp-01');
    const ipv4 = freeAddress('acme-legacy', 'ams1');
    expect(ipv4).not.toBe(erp.ipv4);
    const r = placeVm(estate, {
      vmId: erp.id,
      toHost: hostAt('ams1'),
      addressAfter: { ipv4, ipv6: null },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(vm(r.estate, erp.id)).toMatchObject({ networkId: 'acme-legacy', ipv4 });
    expect(newIssues(r.estate)).toEqual([]);
  });

  it('refuses a renumbered address no network of the tenant holds at the target site', () => {
    const r = placeVm(estate, {
      vmId: web.id,
      toHost: hostAt('sin1'),
      addressAfter: { ipv4: freeAddress('acme-legacy', 'ams1'), ipv6: null },
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/no network of tenant acme at sin1/);
  });

  it('refuses an unknown VM, an unknown host and a device that is not a host', () => {
    const cases = [
      { vmId: 'no-such-vm', toHost: hostAt('ams1') },
      { vmId: web.id, toHost: 'no-such-host' },
      { vmId: web.id, toHost: 'ams1.gw-1' },
    ];
    for (const c of cases) {
      const r = placeVm(estate, { ...c, addressAfter: kept });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toMatch(
        c.vmId === web.id ? /host .* no longer/ : /VM .* no longer/,
      );
    }
    expect(estate).toEqual(snapshot);
  });

  it('applies a feasible previewed move of any VM to any site without new validation problems', () => {
    const sites = estate.sites.map((s) => s.id);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: estate.vms.length - 1 }),
        fc.constantFrom(...sites),
        fc.constantFrom('best', 'renumber', 'pmip', 'l2-overlay', 'agent-overlay'),
        (i, site, strategy) => {
          const v = estate.vms[i]!;
          fc.pre(siteOf(estate, v.hostId) !== site);
          const preview = previewMove(engine, {
            vmIds: [v.id],
            target: { kind: 'site', siteId: site },
            strategy,
          });
          fc.pre(preview.ok && preview.report.feasible);
          if (!preview.ok) return;
          const specs = specsOfReport(preview.report, engine, {
            planId: 'p',
            estateVersion: 1,
            executor: 'simulated',
            timeScale: 1,
          });
          expect(specs.ok).toBe(true);
          if (!specs.ok) return;
          let e = estate;
          for (const spec of specs.specs) {
            const r = placeVm(e, spec);
            expect(r.ok, !r.ok ? r.message : '').toBe(true);
            if (!r.ok) return;
            const moved = vm(r.estate, spec.vmId);
            expect(moved.hostId).toBe(spec.toHost);
            expect(network(r.estate, moved.networkId).siteIds).toContain(spec.toSite);
            expect(moved.ipv4 ?? null).toBe(spec.addressAfter.ipv4);
            expect(moved.ipv6 ?? null).toBe(spec.addressAfter.ipv6);
            e = r.estate;
          }
          expect(newIssues(e)).toEqual([]);
          expect(estate).toEqual(snapshot);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('applies every feasible renumbering of a sample of VMs: new address, a network at the site, no new problems', () => {
    const opts = { planId: 'p', estateVersion: 1, executor: 'simulated', timeScale: 1 };
    let applied = 0;
    for (const v of estate.vms.filter((_, i) => i % 7 === 0))
      for (const site of estate.sites.map((s) => s.id)) {
        const preview = previewMove(engine, {
          vmIds: [v.id],
          target: { kind: 'site', siteId: site },
          strategy: 'renumber',
        });
        if (!preview.ok || !preview.report.feasible) continue;
        const specs = specsOfReport(preview.report, engine, opts);
        if (!specs.ok) throw new Error(specs.message);
        const spec = specs.specs[0]!;
        expect(spec.addressAfter).not.toEqual({ ipv4: v.ipv4 ?? null, ipv6: v.ipv6 ?? null });
        const r = placeVm(estate, spec);
        if (!r.ok) throw new Error(r.message);
        const moved = vm(r.estate, v.id);
        expect(moved.hostId).toBe(spec.toHost);
        expect(moved.ipv4 ?? null).toBe(spec.addressAfter.ipv4);
        expect(moved.ipv6 ?? null).toBe(spec.addressAfter.ipv6);
        const net = network(r.estate, moved.networkId);
        expect(net.tenantId).toBe(v.tenantId);
        expect(net.siteIds).toContain(spec.toSite);
        // A renumbered VM joins a network that is already there: no network is extended.
        expect(r.estate.networks).toBe(estate.networks);
        expect(newIssues(r.estate), `${v.id} → ${site}`).toEqual([]);
        applied++;
      }
    expect(applied).toBeGreaterThanOrEqual(10);
    expect(estate).toEqual(snapshot);
  });
});
