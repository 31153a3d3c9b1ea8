// The impact preview on the demo estate: strategies, conflicts, policy, tunnels, migration and plan (R1, R4-R10, R14, R17).
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { createImpactEngine } from './engine.ts';
import { previewMove } from './preview.ts';
import { ImpactReportSchema, type ImpactReport, type MoveRequest } from './report.ts';

const estate = buildDemoEstate();
const snapshot = JSON.stringify(estate);
const engine = createImpactEngine(estate);

function report(req: MoveRequest): ImpactReport {
  const r = previewMove(engine, req);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.report;
}
const vm = (id: string) => estate.vms.find((v) => v.id === id)!;
const hostOf = (id: string) => estate.devices.find((d) => d.id === vm(id).hostId)!;
const codes = (r: ImpactReport) => r.blocking.map((b) => b.code);

describe('bad input gets a typed error and changes nothing', () => {
  const cases: [unknown, string][] = [
    [{ vmIds: ['no-such-vm'], target: { kind: 'site', siteId: 'ams1' } }, 'unknown-vm'],
    [
      {
        vmIds: ['acme-web-web-01'],
        target: { kind: 'host', hostId: vm('acme-web-web-01').hostId },
      },
      'same-host',
    ],
    [
      { vmIds: ['acme-web-web-01'], target: { kind: 'host', hostId: 'ams1.core-1-1' } },
      'target-not-a-host',
    ],
    [{ vmIds: ['acme-web-web-01'], target: { kind: 'host', hostId: 'nowhere' } }, 'unknown-target'],
    [{ vmIds: ['acme-web-web-01'], target: { kind: 'site', siteId: 'mars1' } }, 'unknown-target'],
    [{ vmIds: [], target: { kind: 'site', siteId: 'ams1' } }, 'invalid-request'],
    [
      {
        vmIds: ['acme-web-web-01'],
        target: { kind: 'site', siteId: 'ams1' },
        strategy: 'teleport',
      },
      'invalid-request',
    ],
    ['not even an object', 'invalid-request'],
  ];
  for (const [req, code] of cases)
    it(`${code}: ${JSON.stringify(req).slice(0, 70)}`, () => {
      const r = previewMove(engine, req);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.code).toBe(code);
      expect(JSON.stringify(estate)).toBe(snapshot);
    });

  it('refuses a host that is down', () => {
    const e = buildDemoEstate();
    const target = e.devices.find((d) => d.siteId === 'lon1' && d.role === 'host')!;
    target.state = 'down';
    const r = previewMove(createImpactEngine(e), {
      vmIds: ['acme-web-web-01'],
      target: { kind: 'host', hostId: target.id },
    });
    expect(!r.ok && r.error.code).toBe('target-host-down');
  });
});

describe('addresses (R5, R10)', () => {
  it('keeping the address of an acme-legacy VM in the other site collides with its twin', () => {
    const r = report({
      vmIds: ['acme-legacy-erp-01'],
      target: { kind: 'site', siteId: 'ams1' },
      strategy: 'pmip',
    });
    expect(r.feasible).toBe(false);
    const twin = estate.vms.find(
      (v) => v.id !== 'acme-legacy-erp-01' && v.ipv4 === vm('acme-legacy-erp-01').ipv4,
    )!;
    expect(r.addressing[0]!.conflicts).toContainEqual({
      kind: 'duplicate-ip',
      address: vm('acme-legacy-erp-01').ipv4,
      otherVmId: twin.id,
    });
    expect(codes(r)).toContain('address-conflict');
  });

  it('best renumbers it from the destination pool, with no conflict and a parallel run', () => {
    const r = report({ vmIds: ['acme-legacy-erp-01'], target: { kind: 'site', siteId: 'ams1' } });
    expect(r.strategy).toBe('renumber');
    expect(r.feasible).toBe(true);
    const a = r.addressing[0]!;
    expect(a.kept).toBe(false);
    expect(a.ipv4.after).not.toBe(a.ipv4.before);
    expect(a.ipv4.after).toMatch(/^10\.120\.0\./);
    expect(
      estate.vms.filter((v) => v.networkId === 'acme-legacy').map((v) => v.ipv4),
    ).not.toContain(a.ipv4.after);
    // The parallel instance is a copy of the running VM: its 16 GiB go over, each page at least once.
    expect(r.migrations[0]!.totalBytes).toBeGreaterThan(
      vm('acme-legacy-erp-01').memoryGiB * 2 ** 30,
    );
    expect(r.plan.find((s) => s.kind === 'stop-and-copy')!.changes).toContain(
      'the source resumes and keeps serving its existing sessions',
    );
    expect(r.warnings.map((w) => w.code)).toContain('not-transparent');
  });
});

describe('L2 extension over VXLAN (R7)', () => {
  const r = report({
    vmIds: ['acme-web-web-01'],
    target: { kind: 'site', siteId: 'lon1' },
    strategy: 'l2-overlay',
  });

  it('keeps IP and MAC; announces each family, one type-2 route per MAC+IP pair and a type-5 host route per address', () => {
    expect(r.feasible).toBe(true);
    const web = vm('acme-web-web-01');
    expect(r.addressing[0]).toMatchObject({
      kept: true,
      ipv4: { before: web.ipv4, after: web.ipv4 },
      ipv6: { before: web.ipv6, after: web.ipv6 },
    });
    // A dual-stack VM: GARP for IPv4 (RFC 5227), unsolicited NA for IPv6 (RFC 4861 §7.2.6), a
    // type-2 route per MAC+IP pair (RFC 7432 §7.2), and across sites a type-5 host route per address (RFC 9136).
    const kinds = r.addressing[0]!.announcements.map((a) => [a.kind, a.address]);
    expect(kinds).toEqual([
      ['garp', web.ipv4],
      ['unsolicited-na', web.ipv6],
      ['evpn-type2', web.ipv4],
      ['evpn-type2', web.ipv6],
      ['evpn-type5', web.ipv4],
      ['evpn-type5', web.ipv6],
    ]);
  });

  it('builds VXLAN tunnels from the new host with 50 bytes over IPv4 and 1450 left of a 1500-byte WAN MTU', () => {
    expect(r.tunnels.createdCount).toBeGreaterThan(0);
    for (const t of r.tunnels.created) {
      expect(t.kind).toBe('vxlan');
      expect(t.a).toBe(r.placements[0]!.toHost);
    }
    const crossSite = r.tunnels.created.find((t) => !t.b.startsWith('lon1.'))!;
    expect(crossSite).toMatchObject({ overheadBytes: 50, vmMtu: 1450 });
  });

  it('repoints the FDB of every other VTEP of the VNI; the old host learns the MAC as remote', () => {
    const from = vm('acme-web-web-01').hostId;
    const others = estate.vms.filter(
      (v) => v.networkId === 'acme-web' && v.id !== 'acme-web-web-01',
    );
    const members = new Set(others.map((v) => v.hostId).filter((h) => h !== from));
    const fdb = r.tables.filter((t) => t.table === 'fdb' && t.changed === 1).map((t) => t.deviceId);
    expect(new Set(fdb)).toEqual(members);
    const fromStays = others.some((v) => v.hostId === from);
    expect(r.tables.some((t) => t.table === 'fdb' && t.deviceId === from && t.added === 1)).toBe(
      fromStays,
    );
  });
});

describe('IPv4/IPv6 gateways (R1, R12)', () => {
  it('an IPv4-only agent-overlay VM reaches IPv6-only sin1 through the agents, with IPv6 outer headers', () => {
    const r = report({
      vmIds: ['initech-analytics-spark-01'],
      target: { kind: 'site', siteId: 'sin1' },
      strategy: 'all',
    });
    expect(r.strategy).toBe('agent-overlay');
    expect(r.feasible).toBe(true);
    const wanTunnel = r.tunnels.created.find((t) => !t.b.startsWith('sin1.'))!;
    expect(wanTunnel.overheadBytes).toBe(40 + 8 + 18);
    // PMIP routes its flows through sin1's gateway natively (the MAG), which does not route IPv4.
    const pmip = r.comparison.find((c) => c.strategy === 'pmip')!;
    expect(pmip.feasible).toBe(false);
    expect(pmip.blocking.map((b) => b.code)).toEqual(
      expect.arrayContaining(['no-common-stack', 'address-family']),
    );
  });
});

describe('policy (R16, R17)', () => {
  it('a health-records VM may not go to the public cloud, and its flows would be denied there', () => {
    const r = report({
      vmIds: ['umbrella-ehr-ehr-01'],
      target: { kind: 'site', siteId: 'dub-cloud' },
    });
    expect(r.feasible).toBe(false);
    expect(codes(r)).toContain('policy-private-only');
    expect(r.warnings.map((w) => w.code)).toContain('policy-firewall');
    expect(r.comparison.every((c) => !c.feasible)).toBe(true);
  });

  it('a bank VM may not leave its regions', () => {
    const r = report({
      vmIds: ['globex-trading-pricer-01'],
      target: { kind: 'site', siteId: 'iad1' },
    });
    expect(r.feasible).toBe(false);
    expect(codes(r)).toContain('policy-region');
  });
});

describe('tromboning (R6, R17)', () => {
  it('PMIP sends traffic back through the home site both ways; the direct strategy does not', () => {
    const pmip = report({
      vmIds: ['acme-web-web-01'],
      target: { kind: 'site', siteId: 'dub-cloud' },
      strategy: 'pmip',
    });
    const home = pmip.placements[0]!.fromSite;
    for (const f of pmip.flows)
      for (const d of [f.outbound, f.inbound]) {
        expect(d.after!.devices).toContain(`${home}.gw-1`);
        if (
          !d.after!.devices.at(-1)!.startsWith(`${home}.`) &&
          d.after!.devices[0]!.startsWith('dub-cloud.')
        )
          expect(d.tromboneVia).toBe(home);
      }
    expect(pmip.traffic.outbound.trombonedFlows).toBeGreaterThan(0);
    expect(pmip.traffic.inbound.trombonedFlows).toBeGreaterThan(0);
    const direct = report({
      vmIds: ['acme-web-web-01'],
      target: { kind: 'site', siteId: 'dub-cloud' },
      strategy: 'l2-overlay',
    });
    expect(direct.flows.every((f) => f.outbound.tromboneVia === null)).toBe(true);
    expect(direct.flows.every((f) => f.inbound.tromboneVia === null)).toBe(true);
  });
});

describe('same L2 domain (R4)', () => {
  it('a move inside fra1 keeps the address, needs no tunnel and announces by GARP', () => {
    const from = hostOf('globex-core-ledger-01');
    const to = estate.devices.find(
      (d) => d.siteId === 'fra1' && d.role === 'host' && d.id !== from.id,
    )!;
    const r = report({ vmIds: ['globex-core-ledger-01'], target: { kind: 'host', hostId: to.id } });
    expect(r.strategy).toBe('same-l2');
    expect(r.tunnels.createdCount).toBe(0);
    // globex-core is IPv4 only: one gratuitous ARP, on QEMU's announce timer.
    expect(r.addressing[0]!.announcements.map((a) => [a.kind, a.atMs])).toEqual([
      ['garp', [0, 50, 200, 450, 800]],
    ]);
  });
});

describe('migration and plan (R13, R14)', () => {
  it('plans reserve → network → copy → switchover → activate → confirm → decommission, source authoritative until switchover', () => {
    const r = report({ vmIds: ['acme-web-web-01'], target: { kind: 'site', siteId: 'lon1' } });
    const kinds = r.plan.map((s) => s.kind);
    expect(kinds[0]).toBe('reserve');
    expect(kinds.at(-1)).toBe('decommission');
    expect(kinds.indexOf('pre-copy')).toBeLessThan(kinds.indexOf('stop-and-copy'));
    expect(kinds.indexOf('stop-and-copy')).toBeLessThan(kinds.indexOf('activate'));
    const phases = r.plan.map((s) =>
      ['before-switchover', 'switchover', 'after-switchover'].indexOf(s.phase),
    );
    expect(phases).toEqual([...phases].sort((a, b) => a - b));
    expect(r.plan.find((s) => s.kind === 'stop-and-copy')!.expectedMs).toBeCloseTo(
      r.migrations[0]!.downtimeMs!,
      6,
    );
    expect(r.plan.every((s) => s.undo.length > 0)).toBe(true);
  });

  it('VMs moved together get no more bandwidth each than one moved alone', () => {
    const ids = ['acme-web-web-01', 'acme-web-web-02'].filter(
      (id) => hostOf(id).siteId === hostOf('acme-web-web-01').siteId,
    );
    const lone = report({ vmIds: [ids[0]!], target: { kind: 'host', hostId: 'lon1.leaf-8-h8' } });
    const pair = report({
      vmIds: ids.length === 2 ? ids : [ids[0]!, 'acme-web-app-03'],
      target: { kind: 'host', hostId: 'lon1.leaf-8-h8' },
    });
    expect(pair.placements).toHaveLength(2);
    const single = lone.migrations[0]!.bandwidthBytesPerSecond;
    expect(pair.migrations[0]!.bandwidthBytesPerSecond).toBeLessThanOrEqual(single);
  });
});

describe('the report', () => {
  it('is valid against its schema, JSON-serialisable and deterministic', () => {
    const req: MoveRequest = {
      vmIds: ['wayne-ops-tracker-01'],
      target: { kind: 'site', siteId: 'dub-cloud' },
      strategy: 'all',
    };
    const a = report(req);
    expect(ImpactReportSchema.parse(a)).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(report(req)).toEqual(a);
    expect(a.comparison.map((c) => c.strategy)).toEqual([
      'same-l2',
      'l2-overlay',
      'agent-overlay',
      'pmip',
      'renumber',
      'lisp',
    ]);
  });

  it('a named strategy that does not apply is reported as such, not thrown', () => {
    const r = report({
      vmIds: ['acme-legacy-erp-01'],
      target: { kind: 'site', siteId: 'ams1' },
      strategy: 'l2-overlay',
    });
    expect(r.feasible).toBe(false);
    expect(codes(r)[0]).toBe('strategy-not-applicable');
  });
});
