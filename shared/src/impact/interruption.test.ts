// Every strategy's migration is real, and the interruption is one figure made of its parts
// (R5, R14): the expected values are hand calculations from docs/migration-model.md.
import { describe, expect, it } from 'vitest';
import { RECONVERGENCE_DEFAULTS } from '../migration/reconvergence.ts';
import { createImpactEngine } from './engine.ts';
import type { ImpactReport, StrategyName } from './report.ts';
import { moveToB, threeSites, WAN_MS } from './three-sites.test-estate.ts';

const GiB = 2 ** 30;

/** x-rn (a VLAN only in a and b, not stretched: renumbering applies) as a 16 GiB VM dirtying 46 MiB/s. */
function bigRenumberable() {
  const estate = threeSites();
  const vm = estate.vms.find((v) => v.id === 'x-rn')!;
  vm.memoryGiB = 16;
  vm.dirtyRateMiBps = 46;
  return createImpactEngine(estate);
}

const score = (r: ImpactReport, s: StrategyName) => r.comparison.find((c) => c.strategy === s)!;

describe('a renumbered VM still copies its memory (R5: the parallel instance is a copy of the running VM)', () => {
  const r = moveToB(bigRenumberable(), 'x-rn', 'renumber');
  const m = r.migrations[0]!;

  // Hand calculation, model v2's closed form (docs/migration-model.md §2b: σ = 1, H = M,
  // no host costs but t_sw, R = B, D < B), shared disk so memory alone:
  //   M = 16 GiB = 17,179,869,184 B; D = 46 MiB/s = 48,234,496 B/s;
  //   B = 1.25e9 B/s (the 10 Gbit/s cap, every link of a → b has more free capacity);
  //   T = 0.3 s, Δ = 0.1 s, w = 4104/4096, t_sw = 20 ms.
  //   ℓ = B·(T − Δ/2) = 312,500,000 B; θ = B·T; BΔ/2 = 62,500,000 B
  //   ρ = (D·w/B)·(1 − ℓ/M) = 0.038662 × 0.981810 = 0.0379597
  //   V₁ = ℓ + ρ(M − ℓ) = 952,780,072 B: ρ(M − ℓ) = 640,280,072 > BΔ/2, another round
  //   V₂ = ℓ + ρ²(M − ℓ) = 336,804,832 B: ρ²(M − ℓ) = 24,304,832 < BΔ/2, stop: n = 2 rounds
  //   bytes = w·[(M − ℓ)(1 − ρ²)/(1 − ρ) + V₂] = 17,879,306,537 B (16.65 GiB)
  //   T_mig = bytes/B + t_sw = 14.3234 s;  T_down = w·V₂/B + t_sw = 289.97 ms
  it('sends its memory over the WAN in the rounds the pre-copy model gives', () => {
    expect(m.bandwidthBytesPerSecond).toBe(1.25e9);
    expect(m.rounds).toBe(2);
    expect(m.totalBytes).toBeCloseTo(17_879_306_537, -1);
    expect(m.totalSeconds).toBeCloseTo(14.3234, 3);
    expect(m.downtimeMs).toBeCloseTo(289.97, 1);
    // a → b crosses the WAN link a–b: all of it goes over the WAN.
    expect(m.wanBytes).toBe(m.totalBytes);
    expect(r.traffic.migrationWanBytes).toBe(m.totalBytes);
    expect(m.totalBytes).toBeGreaterThan(16 * GiB);
  });

  it('plans the copy, a pause of the source that then resumes, and no network switch', () => {
    const step = (k: string) => r.plan.find((s) => s.kind === k)!;
    expect(step('pre-copy').expectedMs + step('stop-and-copy').expectedMs).toBeCloseTo(
      m.totalSeconds! * 1000,
      3,
    );
    expect(step('stop-and-copy').changes).toContain(
      'the source resumes and keeps serving its existing sessions',
    );
    // The new address is in b's prefix: nothing to reroute, the DNS record is not on the path.
    expect(r.interruption).toEqual({
      vmId: 'x-rn',
      stopAndCopyMs: 289.97,
      announceMs: 0,
      networkSwitchMs: 0,
      totalMs: 289.97,
    });
  });

  it('copies the same bytes whichever strategy moves it', () => {
    const all = moveToB(bigRenumberable(), 'x-rn', 'all');
    expect(score(all, 'pmip').wanBytes).toBe(m.wanBytes);
    expect(score(all, 'renumber').wanBytes).toBe(m.wanBytes);
    expect(score(all, 'same-l2').wanBytes).toBeNull();
  });
});

describe('the interruption: stop-and-copy + announcements + network switch, one figure everywhere (R14)', () => {
  const engine = createImpactEngine(threeSites());
  const d = RECONVERGENCE_DEFAULTS;

  it.each([
    // EVPN: the type-2 route crosses 2 BGP hops of 50 ms after the first GARP, sent at 0 ms.
    ['x-ov', 'l2-overlay', d.evpnHops * d.bgpHopMs],
    // Agents: the controller's push, 20 ms, with no path latency given.
    ['x-ag', 'agent-overlay', d.controlPushMs],
    // PMIP: the push plus the binding's round trip gateway b → gateway a over the 10 ms WAN link.
    ['x-ov', 'pmip', d.controlPushMs + 2 * WAN_MS.ab],
    // A stretched VLAN: the first GARP at 0 ms is all it takes.
    ['x-vl', 'same-l2', 0],
  ] as const)('%s by %s: network switch %d ms', (vmId, strategy, switchMs) => {
    const r = moveToB(engine, vmId, 'all');
    const s = score(r, strategy);
    const stop = Math.round(r.migrations[0]!.downtimeMs! * 100) / 100;
    expect(s.interruption).toEqual({
      vmId,
      stopAndCopyMs: stop,
      announceMs: 0,
      networkSwitchMs: switchMs,
      totalMs: Math.round((stop + switchMs) * 100) / 100,
    });
    // The comparison's downtime and the cost's interruption are that total.
    expect(s.downtimeMs).toBe(s.interruption!.totalMs);
    expect(s.costParts.find((p) => p.part === 'interruption')!.value).toBe(s.interruption!.totalMs);
    // The plan's switch-network step waits for the same announcements and switch.
    const named = moveToB(engine, vmId, strategy);
    expect(named.interruption).toEqual(s.interruption);
    expect(named.plan.find((p) => p.kind === 'switch-network')!.expectedMs).toBe(switchMs);
  });

  it('the report’s own interruption is its chosen strategy’s in the comparison', () => {
    const r = moveToB(engine, 'x-ov', 'all');
    expect(r.interruption).toEqual(score(r, r.strategy!).interruption);
    expect(score(r, 'same-l2').interruption).toBeNull();
  });
});
