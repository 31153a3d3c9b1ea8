import { buildDemoEstate, createImpactEngine, previewMove } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { previewVerdict } from './verdict.ts';

const demo = buildDemoEstate();
const engine = createImpactEngine(demo);
const vm = 'acme-web-web-01';
const hostOf = (site: string) =>
  demo.devices.find((d) => d.siteId === site && d.role === 'host')!.id;
const preview = (target: { kind: 'host'; hostId: string }, strategy = 'all' as const) =>
  previewMove(engine, { vmIds: [vm], target, strategy });

describe('previewVerdict', () => {
  it('says nothing but "no target" before there is one', () => {
    expect(previewVerdict(null, false)).toMatchObject({ tone: 'none', reason: null });
  });

  it('a feasible move: its strategy, no reason', () => {
    // The VM's network is stretched across fra1 and ams1 (demo): a move to ams1 is feasible.
    const v = previewVerdict(preview({ kind: 'host', hostId: hostOf('ams1') }), true);
    expect(v.tone).toBe('feasible');
    expect(v.headline).toMatch(/^feasible · /);
    expect(v.reason).toBeNull();
  });

  it('a blocked move: the report’s first blocking reason, word for word', () => {
    // sin1's gateway routes IPv6 only (demo-sites.ts); the VM's flows are IPv4.
    const result = preview({ kind: 'host', hostId: hostOf('sin1') });
    const v = previewVerdict(result, true);
    expect(v.tone).toBe('blocked');
    expect(result.ok && result.report.blocking[0]?.message).toBe(v.reason);
    expect(v.reason).toMatch(/no IP family left/);
  });

  it('a target the engine refuses: its error message', () => {
    const switchId = demo.devices.find((d) => d.siteId === 'ams1' && d.role !== 'host')!.id;
    const v = previewVerdict(preview({ kind: 'host', hostId: switchId }), true);
    expect(v.tone).toBe('refused');
    expect(v.reason).toMatch(/VMs run on hosts/);
  });
});
