// Inbound and outbound traffic of a moved VM, each strategy's anchors, hand-added on the
// three-site estate (R6, R8, R17): host↔gateway 0.015 ms, WAN a–b 10, b–c 20, a–c 25 ms.
import { describe, expect, it } from 'vitest';
import { createImpactEngine } from './engine.ts';
import type { FlowImpact, ImpactReport, StrategyName } from './report.ts';
import {
  hostIn,
  moveToB as moveTo,
  threeSites,
  TO_GATEWAY_MS as G,
  WAN_MS,
} from './three-sites.test-estate.ts';

const engine = createImpactEngine(threeSites());

const moveToB = (vmId: string, strategy: StrategyName | 'all'): ImpactReport =>
  moveTo(engine, vmId, strategy);
const flow = (r: ImpactReport, id: string): FlowImpact => r.flows.find((f) => f.flowId === id)!;

// Every VM starts in a; its peer y is in c, on another network: routed a → c.
const BEFORE_TO_Y = G + WAN_MS.ac + G; // 25.03
const B_TO_C = G + WAN_MS.bc + G; // 20.03
// Through a's gateway first: c → a (25), then a → b (10).
const VIA_A_FROM_C = G + WAN_MS.ac + WAN_MS.ab + G; // 35.03
const A_GATEWAY_TO_B_HOST = WAN_MS.ab + G; // 10.015

describe('each way, each strategy: where traffic leaves and where it enters', () => {
  it('l2-overlay: leaves at b (anycast gateway) and enters at b (EVPN type-5 host route): no tromboning', () => {
    const r = moveToB('x-ov', 'l2-overlay');
    const toY = flow(r, 'f1');
    expect(toY.outbound.before!.latencyMs).toBeCloseTo(BEFORE_TO_Y, 3);
    expect(toY.outbound.after!.latencyMs).toBeCloseTo(B_TO_C, 3);
    expect(toY.inbound.after!.latencyMs).toBeCloseTo(B_TO_C, 3);
    expect(toY.inbound.addedMs).toBeCloseTo(B_TO_C - BEFORE_TO_Y, 3);
    const out = flow(r, 'f2');
    expect(out.outbound.after!.latencyMs).toBeCloseTo(G, 3);
    expect(out.inbound.after!.devices).toEqual(['b.gw-1', 'b.spine-1', 'b.leaf-1', hostIn('b', 1)]);
    expect(r.flows.every((f) => !f.outbound.tromboneVia && !f.inbound.tromboneVia)).toBe(true);
  });

  it('agent overlay: leaves at b, but traffic from outside the cluster still enters at a and trombones', () => {
    const r = moveToB('x-ag', 'agent-overlay');
    const toY = flow(r, 'f3');
    expect(toY.outbound.after!.latencyMs).toBeCloseTo(B_TO_C, 3);
    expect(toY.outbound.tromboneVia).toBeNull();
    expect(toY.inbound.after!.latencyMs).toBeCloseTo(VIA_A_FROM_C, 3);
    expect(toY.inbound.addedMs).toBeCloseTo(VIA_A_FROM_C - BEFORE_TO_Y, 3); // +10
    expect(toY.inbound.tromboneVia).toBe('a');
    const ext = flow(r, 'f4');
    expect(ext.outbound.addedMs).toBeCloseTo(0, 3);
    expect(ext.inbound.after!.latencyMs).toBeCloseTo(A_GATEWAY_TO_B_HOST, 3);
    expect(ext.inbound.after!.devices[0]).toBe('a.gw-1');
    expect(ext.inbound.tromboneVia).toBe('a');
  });

  it('same L2 over a stretched VLAN: the subnet is still advertised at a, so inbound crosses the extension', () => {
    const r = moveToB('x-vl', 'same-l2');
    expect(flow(r, 'f5').outbound.after!.latencyMs).toBeCloseTo(B_TO_C, 3);
    expect(flow(r, 'f5').inbound.after!.latencyMs).toBeCloseTo(VIA_A_FROM_C, 3);
    expect(flow(r, 'f6').inbound.after!.latencyMs).toBeCloseTo(A_GATEWAY_TO_B_HOST, 3);
  });

  it('PMIP: both ways through the home gateway a and the tunnel to b', () => {
    const r = moveToB('x-vl', 'pmip');
    const toY = flow(r, 'f5');
    // b host → b gw (MAG) → tunnel → a gw (LMA) → c: 0.015 + 10 + 25 + 0.015.
    expect(toY.outbound.after!.latencyMs).toBeCloseTo(VIA_A_FROM_C, 3);
    expect(toY.inbound.after!.latencyMs).toBeCloseTo(VIA_A_FROM_C, 3);
    expect([toY.outbound.tromboneVia, toY.inbound.tromboneVia]).toEqual(['a', 'a']);
    const ext = flow(r, 'f6');
    expect(ext.outbound.after!.devices.at(-1)).toBe('a.gw-1');
    expect(ext.outbound.after!.latencyMs).toBeCloseTo(G + WAN_MS.ab, 3);
    expect(ext.inbound.after!.latencyMs).toBeCloseTo(G + WAN_MS.ab, 3);
  });

  it('renumber: a new address from b’s prefix: in and out at b', () => {
    const r = moveToB('x-rn', 'renumber');
    expect(flow(r, 'f7').outbound.after!.latencyMs).toBeCloseTo(B_TO_C, 3);
    expect(flow(r, 'f7').inbound.after!.latencyMs).toBeCloseTo(B_TO_C, 3);
    expect(flow(r, 'f8').inbound.after!.latencyMs).toBeCloseTo(G, 3);
  });

  it('peers on the VM’s own overlay segment are reached host to host whatever the route does', () => {
    const r = moveToB('x-ov', 'l2-overlay');
    const mate = flow(r, 'f-mate');
    expect(mate.outbound.after!.latencyMs).toBeCloseTo(B_TO_C, 3);
    expect(mate.inbound.after!.latencyMs).toBeCloseTo(B_TO_C, 3);
  });
});

describe('the headline: added ms weighted by rate, and one ratio (not a mean of ratios)', () => {
  it('agent overlay: out −1.25 ms on average, in +10 ms; ratio Σrate·after / Σrate·before', () => {
    const r = moveToB('x-ag', 'agent-overlay');
    // f3 (100 Mbit/s): out −5 ms, in +10 ms; f4 (300 Mbit/s): out 0, in +10 ms.
    expect(r.traffic.outbound.meanAddedMs).toBeCloseTo((100 * -5 + 300 * 0) / 400, 3);
    expect(r.traffic.outbound.maxAddedMs).toBeCloseTo(0, 3);
    expect(r.traffic.inbound.meanAddedMs).toBeCloseTo(10, 3);
    const before = 100 * BEFORE_TO_Y + 300 * G;
    expect(r.traffic.outbound.latencyRatio).toBeCloseTo((100 * B_TO_C + 300 * G) / before, 3);
    expect(r.traffic.inbound.latencyRatio).toBeCloseTo(
      (100 * VIA_A_FROM_C + 300 * A_GATEWAY_TO_B_HOST) / before,
      3,
    );
    expect(r.traffic.inbound.trombonedFlows).toBe(2);
    expect(r.traffic.outbound.trombonedFlows).toBe(0);
  });

  it('the comparison counts inbound tromboning: 10 ms in at 5 points per ms', () => {
    const r = moveToB('x-ag', 'all');
    const agent = r.comparison.find((c) => c.strategy === 'agent-overlay')!;
    const part = (name: string) => agent.costParts.find((p) => p.part === name)!;
    expect(part('added-latency-in')).toMatchObject({
      value: 10,
      unit: 'ms',
      weight: 5,
      points: 50,
    });
    // Latency taken away earns nothing: −1.25 ms out is 0 points.
    expect(part('added-latency-out')).toMatchObject({ value: -1.25, points: 0 });
    expect(agent.addedLatencyMs).toEqual({ outbound: -1.25, inbound: 10 });
  });
});
