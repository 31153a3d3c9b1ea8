// The runs of an accepted plan (R13 stateful migration, R14 timing): on the demo estate, one
// MigrationSpec per VM the preview moves, with that VM's steps, its path with free capacity and
// WAN links flagged, the preview's addressing and estimate — and a simulated run of it at the
// bandwidth the preview assumed takes the time the plan gives.
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { ENGINE_DEFAULTS, createImpactEngine } from '../impact/engine.ts';
import { previewMove } from '../impact/preview.ts';
import type { ImpactReport, MoveRequest } from '../impact/report.ts';
import { PRECOPY_DEFAULTS } from '../migration/precopy.ts';
import { MigrationSpecSchema, type MigrationSpec } from './events.ts';
import { fairShares } from '../migration/fair-share.ts';
import { specsOfReport, type RunOptions } from './spec.ts';
import { GiB, MiB, runToEnd } from './test-helpers.ts';

const estate = buildDemoEstate();
const engine = createImpactEngine(estate);
const opts: RunOptions = {
  planId: 'plan-7',
  estateVersion: 3,
  executor: 'simulated',
  timeScale: 60,
};

function report(req: MoveRequest): ImpactReport {
  const r = previewMove(engine, req);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.report;
}
function specs(r: ImpactReport): MigrationSpec[] {
  const s = specsOfReport(r, engine, opts);
  if (!s.ok) throw new Error(s.message);
  return s.specs;
}
const vm = (id: string) => estate.vms.find((v) => v.id === id)!;
const siteOf = (hostId: string) => estate.devices.find((d) => d.id === hostId)!.siteId;
const wanIds = new Set(estate.wanLinks.map((l) => l.id));
const allLinks = new Map([...estate.links, ...estate.wanLinks].map((l) => [l.id, l]));

/** What every spec must satisfy against the report it came from. */
function expectConsistent(r: ImpactReport, ss: MigrationSpec[]) {
  expect(ss).toHaveLength(r.placements.length);
  ss.forEach((spec, i) => {
    const p = r.placements[i]!;
    const v = vm(p.vmId);
    expect(MigrationSpecSchema.parse(spec)).toEqual(spec);
    expect(spec).toMatchObject({
      planId: opts.planId,
      estateId: r.estateId,
      estateVersion: opts.estateVersion,
      executor: opts.executor,
      timeScale: opts.timeScale,
      vmId: p.vmId,
      fromHost: p.fromHost,
      toHost: p.toHost,
      fromSite: p.fromSite,
      toSite: p.toSite,
      strategy: r.strategy,
      memoryBytes: v.memoryGiB * GiB,
      memoryGiB: v.memoryGiB,
      vcpu: v.vcpu,
      dirtyBytesPerSecond: v.dirtyRateMiBps * MiB,
      workingSetBytes: Math.min(v.workingSetGiB ?? v.memoryGiB, v.memoryGiB) * GiB,
      nonZeroShare: v.nonZeroShare ?? 1,
      storageBytes: v.disk.kind === 'local' ? v.disk.sizeGiB * GiB : 0,
      downtimeLimitMs: PRECOPY_DEFAULTS.downtimeLimitMs,
      maxBandwidthBytesPerSecond: ENGINE_DEFAULTS.maxMigrationBandwidth,
    });
    // Steps: this VM's only, all of them, in the plan's order.
    expect(spec.steps.length).toBeGreaterThan(0);
    for (const s of spec.steps) expect(s.id.startsWith(`${v.id}:`)).toBe(true);
    expect(spec.steps).toEqual(r.plan.filter((s) => s.id.startsWith(`${v.id}:`)));
    // Addressing: as the report says.
    const a = r.addressing.find((x) => x.vmId === v.id)!;
    expect(spec.addressAfter).toEqual({ ipv4: a.ipv4.after, ipv6: a.ipv6.after });
    // The estimate: the report's.
    const m = r.migrations.find((x) => x.vmId === v.id)!;
    expect(spec.estimate).toEqual({ totalSeconds: m.totalSeconds, downtimeMs: m.downtimeMs });
    expect(spec.live).toBe(m.mode !== 'parallel-run');
    // Path: known links with positive free capacity, WAN links flagged, and WAN exactly when sites differ.
    expect(spec.path.length).toBeGreaterThan(0);
    for (const l of spec.path) {
      const link = allLinks.get(l.id)!;
      expect(link).toBeDefined();
      expect(l.freeBytesPerSecond).toBeGreaterThan(0);
      expect(l.freeBytesPerSecond).toBeCloseTo(
        (link.capacityGbps * 1e9 * (1 - link.utilisation)) / 8,
        3,
      );
      expect(l.wan).toBe(wanIds.has(l.id));
    }
    expect(spec.path.some((l) => l.wan)).toBe(spec.fromSite !== spec.toSite);
    expect(spec.path.map((l) => l.id)).toEqual(
      engine.routing.hostPath(spec.fromHost, spec.toHost, `migration:${v.id}`)!.links,
    );
  });
}

describe('specsOfReport on the demo estate', () => {
  const toHost = 'ams1.p0-e0-h2';
  const r = report({ vmIds: ['acme-web-web-01'], target: { kind: 'host', hostId: toHost } });

  it('the move is a feasible cross-site one (fra1 to ams1)', () => {
    expect(r.feasible).toBe(true);
    expect(r.strategy).not.toBeNull();
    expect(siteOf(vm('acme-web-web-01').hostId)).toBe('fra1');
    expect(siteOf(toHost)).toBe('ams1');
  });

  it('gives one spec for the VM, with its steps, its path across the WAN and its addressing', () => {
    const ss = specs(r);
    expectConsistent(r, ss);
    const [spec] = ss;
    expect(spec!.toHost).toBe(toHost);
    expect(spec!.path.filter((l) => l.wan).map((l) => l.id)).toEqual(['wan.fra1~ams1']);
    expect(spec!.steps.map((s) => s.kind)).toEqual([
      'reserve',
      'prepare-network',
      'pre-copy',
      'stop-and-copy',
      'switch-network',
      'activate',
      'confirm',
      'decommission',
    ]);
    expect(spec!.live).toBe(true);
    expect(spec!.addressAfter).toEqual({ ipv4: '10.10.0.10', ipv6: '2001:db8:10::a' });
  });

  it('a run of the spec at the bandwidth the preview assumed takes the plan time and the estimated downtime', () => {
    const [spec] = specs(r);
    const summary = r.migrations[0]!;
    const share = fairShares(
      [
        {
          id: spec!.vmId,
          cap: spec!.maxBandwidthBytesPerSecond,
          links: spec!.path.map((l) => l.id),
        },
      ],
      new Map(spec!.path.map((l) => [l.id, l.freeBytesPerSecond])),
    ).get(spec!.vmId)!;
    expect(share).toBeCloseTo(summary.bandwidthBytesPerSecond, 3);
    const run = runToEnd(spec!, share, 100);
    expect(run.result.kind).toBe('succeeded');
    const done = run.events.at(-1)!.event;
    if (done.type !== 'succeeded') throw new Error(done.type);
    expect(done.downtimeMs).toBeCloseTo(summary.downtimeMs!, 6);
    expect(done.totalMs).toBeCloseTo(
      spec!.steps.reduce((t, s) => t + s.expectedMs, 0),
      3,
    );
    const rounds = run.events.filter((e) => e.event.type === 'round-completed');
    expect(rounds).toHaveLength(summary.rounds);
    expect(done.transferredBytes).toBeCloseTo(summary.totalBytes, 0);
  });

  it('still parses a spec stored before model v2, without a working set or a non-zero share', () => {
    const { workingSetBytes, nonZeroShare, ...old } = specs(r)[0]!;
    expect(workingSetBytes).toBeGreaterThan(0);
    expect(nonZeroShare).toBeGreaterThan(0);
    expect(MigrationSpecSchema.parse(old)).toEqual(old);
  });

  it('gives one spec per VM of a group move, each with only its own steps', () => {
    const group = report({
      vmIds: ['acme-web-web-01', 'acme-web-db-05'],
      target: { kind: 'site', siteId: 'ams1' },
    });
    const ss = specs(group);
    expectConsistent(group, ss);
    expect(ss.map((s) => s.vmId)).toEqual(['acme-web-web-01', 'acme-web-db-05']);
    const db = ss[1]!;
    expect(db.storageBytes).toBe(vm('acme-web-db-05').disk.sizeGiB * GiB);
    expect(db.steps.map((s) => s.kind)).toContain('storage-copy');
    expect(ss[0]!.steps.map((s) => s.kind)).not.toContain('storage-copy');
  });

  it('flags no WAN link on a move within a site', () => {
    const local = report({ vmIds: ['acme-web-web-01'], target: { kind: 'site', siteId: 'fra1' } });
    const ss = specs(local);
    expectConsistent(local, ss);
    expect(ss[0]!.fromSite).toBe(ss[0]!.toSite);
    expect(ss[0]!.path.every((l) => !l.wan)).toBe(true);
  });

  it('carries a renumbering into addressAfter, and copies its memory as a live run does', () => {
    const renum = report({
      vmIds: ['acme-legacy-erp-01'],
      target: { kind: 'site', siteId: 'ams1' },
      strategy: 'renumber',
    });
    const ss = specs(renum);
    expectConsistent(renum, ss);
    const a = renum.addressing[0]!;
    expect(a.ipv4.after).not.toBe(a.ipv4.before);
    expect(ss[0]!.addressAfter.ipv4).toBe(a.ipv4.after);
    // The parallel instance is a copy of the running VM: the executor walks its pre-copy rounds.
    expect(ss[0]!.live).toBe(true);
  });

  it('gives consistent specs for every VM of a tenant moved to each other site', () => {
    let checked = 0;
    const ids = estate.vms
      .filter((v) => v.tenantId === 'initech')
      .slice(0, 6)
      .map((v) => v.id);
    for (const site of estate.sites.map((s) => s.id)) {
      const res = previewMove(engine, { vmIds: ids, target: { kind: 'site', siteId: site } });
      if (!res.ok || !res.report.strategy) continue;
      expectConsistent(res.report, specs(res.report));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it('refuses a plan without a strategy, a VNE move and a VM no longer in the estate', () => {
    expect(specsOfReport({ ...r, strategy: null }, engine, opts)).toEqual({
      ok: false,
      message: 'the plan has no strategy',
    });
    const vne = report({ vneId: estate.vnes[0]!.id, target: { kind: 'site', siteId: 'ams1' } });
    expect(vne.vne).not.toBeNull();
    const asVne = specsOfReport({ ...r, vne: vne.vne }, engine, opts);
    expect(asVne.ok).toBe(false);
    expect(!asVne.ok && asVne.message).toMatch(/VNE/);
    const ghost = specsOfReport(
      { ...r, placements: [{ ...r.placements[0]!, vmId: 'ghost-vm' }] },
      engine,
      opts,
    );
    expect(ghost).toEqual({ ok: false, message: 'VM ghost-vm is not in the estate' });
  });
});
