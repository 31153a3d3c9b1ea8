// Address families per flow under every strategy (R1, R12): a gateway routes only the families of
// its stack; a flow crosses the gateways that route it natively, while tunnelled legs hide it.
import { describe, expect, it } from 'vitest';
import { createImpactEngine } from './engine.ts';
import { flowFamilies } from './flow-families.ts';
import type { ImpactReport, StrategyName } from './report.ts';
import { moveToB as moveTo, threeSites } from './three-sites.test-estate.ts';

// Site b's gateway routes IPv6 only; a and c are dual-stack.
const engine = createImpactEngine(threeSites({ b: 'ipv6' }));

const moveToB = (vmId: string, strategy: StrategyName | 'all'): ImpactReport =>
  moveTo(engine, vmId, strategy);
const flow = (r: ImpactReport, id: string) => r.flows.find((f) => f.flowId === id)!;

describe('an IPv4-only VM moved behind an IPv6-only gateway', () => {
  it('agent overlay: its routed flow to y leaves through b.gw-1 natively and loses IPv4: blocking, with fixes', () => {
    const r = moveToB('x-ag', 'agent-overlay');
    const toY = flow(r, 'f3');
    expect(toY.families.before).toEqual(['ipv4']);
    expect(toY.families.after).toEqual([]);
    // Inbound enters at a (the cluster's prefix) and reaches b inside the agents' tunnel: b.gw-1
    // sees only the outer header there, so only the outbound direction is blocked.
    expect(toY.families.issues).toEqual([
      { family: 'ipv4', gatewayId: 'b.gw-1', gatewayStack: 'ipv6', direction: 'outbound' },
    ]);
    // y has IPv6, the VM does not (and its network has no IPv6 subnet): the VM's IPv4 must be
    // translated to y's IPv6 at the gateway, NAT46 by SIIT (RFC 7915).
    expect(toY.families.fixes).toEqual([
      'make b.gw-1 dual-stack (it routes IPv6 only)',
      expect.stringMatching(/^NAT46 at b\.gw-1 \(SIIT, RFC 7915/),
    ]);
    expect(r.feasible).toBe(false);
    expect(r.blocking.filter((b) => b.code === 'address-family').map((b) => b.message)).toEqual([
      expect.stringContaining('flow f3'),
      expect.stringContaining('flow f4'),
    ]);
  });

  it('both ends IPv4 only (an IPv4 prefix): 464XLAT across the gateway (RFC 6877)', () => {
    const ext = flow(moveToB('x-ag', 'agent-overlay'), 'f4');
    expect(ext.families.fixes).toEqual([
      'make b.gw-1 dual-stack (it routes IPv6 only)',
      expect.stringMatching(/^464XLAT across b\.gw-1 \(RFC 6877/),
    ]);
  });

  it('PMIP and renumbering are held to the same check', () => {
    expect(flow(moveToB('x-vl', 'pmip'), 'f5').families.after).toEqual([]);
    expect(flow(moveToB('x-rn', 'renumber'), 'f7').families.after).toEqual([]);
  });
});

describe('a dual-stack VM on an L2 overlay moved behind an IPv6-only gateway', () => {
  const r = moveToB('x-ov', 'l2-overlay');

  it('its flow to dual-stack y keeps IPv6: a warning, not a block', () => {
    const toY = flow(r, 'f1');
    expect(toY.families).toMatchObject({ before: ['ipv4', 'ipv6'], after: ['ipv6'] });
    expect(r.warnings.map((w) => w.code)).toContain('address-family-changed');
  });

  it('its flow to an IPv4 prefix has no family left; it has IPv6 itself, so NAT64 (RFC 6146) fixes it', () => {
    const ext = flow(r, 'f2');
    expect(ext.families.after).toEqual([]);
    expect(ext.families.fixes).toEqual([
      'make b.gw-1 dual-stack (it routes IPv6 only)',
      expect.stringMatching(/^NAT64 at b\.gw-1 \(RFC 6146/),
    ]);
    expect(r.blocking.map((b) => b.code)).toEqual(['address-family']);
  });

  it('its bridged flow to a VM of its own segment crosses b.gw-1 only inside the tunnel: unaffected', () => {
    expect(flow(r, 'f-mate').families).toEqual({
      before: ['ipv4', 'ipv6'],
      after: ['ipv4', 'ipv6'],
      issues: [],
      fixes: [],
    });
  });
});

describe('flowFamilies on its own', () => {
  const gw = (id: string, stack: 'ipv4' | 'ipv6' | 'dual') => ({
    id,
    stack,
    direction: 'outbound' as const,
  });

  it('an IPv6-only VM behind an IPv4-only gateway reaching an IPv4 peer: NAT64', () => {
    const r = flowFamilies({
      vmId: 'v',
      vm: { before: ['ipv6'], after: ['ipv6'] },
      vmNetwork: { id: 'n', families: ['ipv6'] },
      peer: { before: ['ipv4', 'ipv6'], after: ['ipv4', 'ipv6'] },
      gateways: { before: [], after: [gw('g4', 'ipv4')] },
    });
    expect(r.fixes).toEqual([
      'make g4 dual-stack (it routes IPv4 only)',
      expect.stringMatching(/^NAT64 at g4/),
    ]);
  });

  it('suggests a second address when the VM’s network has a subnet of a family that would pass', () => {
    const r = flowFamilies({
      vmId: 'v',
      vm: { before: ['ipv4'], after: ['ipv4'] },
      vmNetwork: { id: 'n', families: ['ipv4', 'ipv6'] },
      peer: { before: ['ipv4', 'ipv6'], after: ['ipv4', 'ipv6'] },
      gateways: { before: [], after: [gw('g6', 'ipv6')] },
    });
    expect(r.fixes).toContain('give v an IPv6 address from n (dual-stack VM)');
  });

  it('a flow that had no family before is not the move’s doing: nothing to fix', () => {
    const r = flowFamilies({
      vmId: 'v',
      vm: { before: ['ipv4'], after: ['ipv4'] },
      vmNetwork: { id: 'n', families: ['ipv4'] },
      peer: { before: ['ipv6'], after: ['ipv6'] },
      gateways: { before: [], after: [] },
    });
    expect(r).toEqual({ before: [], after: [], issues: [], fixes: [] });
  });
});
