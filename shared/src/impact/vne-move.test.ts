// Moving a VNE (R20): its table snapshot is copied to an idle VNE; table limits decide feasibility.
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { createImpactEngine } from './engine.ts';
import { previewMove } from './preview.ts';
import { ImpactReportSchema } from './report.ts';
import { VNE_SNAPSHOT } from './vne-move.ts';

const estate = buildDemoEstate();
const engine = createImpactEngine(estate);

describe('VNE moves', () => {
  it('copies the firewall snapshot: its size is routes and sessions at their documented entry sizes', () => {
    const fw = estate.vnes.find((v) => v.id === 'globex-fw-1')!;
    const r = previewMove(engine, { vneId: fw.id, target: { kind: 'site', siteId: 'lon1' } });
    if (!r.ok) throw new Error(r.error.message);
    const vne = r.report.vne!;
    expect(vne.snapshotBytes).toBe(
      fw.tables.routes * VNE_SNAPSHOT.routeBytes + fw.tables.sessions * VNE_SNAPSHOT.sessionBytes,
    );
    expect(vne.toHost.startsWith('lon1.')).toBe(true);
    expect(vne.networksToExtend).toEqual(['globex-core']);
    expect(r.report.feasible).toBe(true);
    expect(r.report.plan.map((s) => s.kind)).toEqual([
      'reserve',
      'pre-copy',
      'stop-and-copy',
      'switch-network',
      'confirm',
      'decommission',
    ]);
    expect(ImpactReportSchema.parse(r.report)).toEqual(r.report);
  });

  it('refuses a VNE whose table is full, and warns near the limit', () => {
    const e = buildDemoEstate();
    e.vnes.find((v) => v.id === 'wayne-vr-1')!.tables.routes = 4096;
    const r = previewMove(createImpactEngine(e), {
      vneId: 'wayne-vr-1',
      target: { kind: 'site', siteId: 'ams1' },
    });
    expect(r.ok && r.report.blocking.map((b) => b.code)).toEqual(['table-overflow']);
    const lb = previewMove(engine, {
      vneId: 'acme-lb-1',
      target: { kind: 'site', siteId: 'fra1' },
    });
    expect(lb.ok && lb.report.warnings.map((w) => w.code)).toContain('table-headroom');
  });

  it('answers bad input with typed errors', () => {
    const bad = previewMove(engine, { vneId: 'nope', target: { kind: 'site', siteId: 'ams1' } });
    expect(!bad.ok && bad.error.code).toBe('unknown-vne');
    const both = previewMove(engine, {
      vmIds: ['acme-web-web-01'],
      vneId: 'acme-lb-1',
      target: { kind: 'site', siteId: 'ams1' },
    });
    expect(!both.ok && both.error.code).toBe('invalid-request');
    const sw = previewMove(engine, {
      vneId: 'acme-lb-1',
      target: { kind: 'host', hostId: 'ams1.core-1-1' },
    });
    expect(!sw.ok && sw.error.code).toBe('target-not-a-host');
  });
});
