/**
 * Stateful VMs and parallel runs (R15): x-rn leaves its unstretched VLAN in a
 * for b, where re-addressing (R5) would run a copy beside the source. A
 * stateful VM cannot run twice, so re-addressing does not apply to it; a VM
 * whose state is not stated keeps today's choice.
 */
import { describe, expect, it } from 'vitest';
import { createImpactEngine } from './engine.ts';
import { previewMove } from './preview.ts';
import { hostIn, moveToB, threeSites } from './three-sites.test-estate.ts';

const withState = (state?: 'stateful' | 'stateless') => {
  const e = threeSites();
  if (state) e.vms.find((v) => v.id === 'x-rn')!.state = state;
  return createImpactEngine(e);
};
const renumberScore = (state?: 'stateful' | 'stateless') =>
  moveToB(withState(state), 'x-rn', 'all').comparison.find((c) => c.strategy === 'renumber')!;

describe('stateful VMs get no parallel run (R15)', () => {
  it('re-addressing applies to a VM whose state is not stated, or that is stateless', () => {
    expect(renumberScore().applicable).toBe(true);
    expect(renumberScore('stateless').applicable).toBe(true);
  });

  it('does not apply to a stateful one, and says why', () => {
    const score = renumberScore('stateful');
    expect(score.applicable).toBe(false);
    expect(score.notApplicableBecause).toBe(
      'x-rn is stateful: its source and a copy cannot run in parallel (they would diverge), so there is no parallel run for it',
    );
    const named = moveToB(withState('stateful'), 'x-rn', 'renumber');
    expect(named.feasible).toBe(false);
    expect(named.blocking[0]!.code).toBe('strategy-not-applicable');
  });

  it('re-addresses a stateful VM cold: the source is stopped, so nothing runs twice', () => {
    const r = previewMove(withState('stateful'), {
      vmIds: ['x-rn'],
      target: { kind: 'host', hostId: hostIn('b', 1) },
      strategy: 'renumber',
      mode: 'cold',
    });
    expect(r.ok && r.report.feasible).toBe(true);
    expect(r.ok && r.report.plan.some((s) => s.title.includes('parallel'))).toBe(false);
  });
});
