// "best" said in the cost's parts: which rule chose it, the runner-up, and the part that decided.
import { describe, expect, it } from 'vitest';
import { strategyCostParts, costOfParts, type CostInputs } from '../strategies/cost.ts';
import { explainChoice, partValueText } from './choice.ts';
import type { StrategyName, StrategyScore } from './report.ts';

const NOTHING: CostInputs = {
  interruptionMs: 0,
  addedLatencyOutMs: 0,
  addedLatencyInMs: 0,
  renumberedVms: 0,
  tunnelsAdded: 0,
  tableEntries: 0,
};

function scored(
  strategy: StrategyName,
  inputs: Partial<CostInputs> | null,
  blocking: string[] = [],
): StrategyScore {
  const parts = inputs ? strategyCostParts({ ...NOTHING, ...inputs }) : [];
  return {
    strategy,
    applicable: inputs !== null,
    feasible: inputs !== null && blocking.length === 0,
    cost: inputs ? costOfParts(parts) : null,
    costParts: parts,
    downtimeMs: null,
    interruption: null,
    wanBytes: null,
    staleMappingWindowMs: null,
    addedLatencyMs: null,
    renumbered: false,
    tunnelsAdded: 0,
    blocking: blocking.map((code) => ({ code, message: code })),
    notApplicableBecause: inputs ? null : 'does not apply',
  };
}

describe('explainChoice', () => {
  it('names the part that separates the cheapest from the runner-up, with its units', () => {
    // l2-overlay: 120 ms (12 points) + 3 tunnels (0.3) = 12.3;
    // pmip: 60 ms (6) + 2 ms added inbound (10) + 1 tunnel (0.1) = 16.1.
    // Margin 3.8 points; the parts' gaps (pmip − l2-overlay): interruption −6,
    // inbound +10, tunnels −0.2: inbound latency decides.
    const scores = [
      scored('same-l2', null),
      scored('l2-overlay', { interruptionMs: 120, tunnelsAdded: 3 }),
      scored('pmip', { interruptionMs: 60, addedLatencyInMs: 2, tunnelsAdded: 1 }),
    ];
    expect(explainChoice(scores, 'l2-overlay', false)).toEqual({
      rule: 'lowest-cost',
      runnerUp: 'pmip',
      decidingPart: 'added-latency-in',
      marginPoints: 3.8,
      text:
        'l2-overlay costs 3.8 points less than pmip (12.3 against 16.1), decided by the latency ' +
        'added inbound: +2.00 ms for pmip (10 points) against +0.00 ms (0 points)',
    });
  });

  it('says when it is the only feasible one, and why the others are not', () => {
    const scores = [
      scored('same-l2', null),
      scored('pmip', { interruptionMs: 10 }, ['address-conflict']),
      scored('renumber', { renumberedVms: 1 }),
    ];
    const c = explainChoice(scores, 'renumber', false)!;
    expect(c.rule).toBe('only-feasible');
    expect(c.runnerUp).toBe('pmip');
    expect(c.text).toBe(
      'renumber is the only feasible strategy; pmip is blocked (address-conflict); same-l2 does not apply',
    );
  });

  it('says when two cost the same and registry order decides', () => {
    const scores = [
      scored('same-l2', { interruptionMs: 50 }),
      scored('l2-overlay', { interruptionMs: 50 }),
    ];
    expect(explainChoice(scores, 'same-l2', false)).toMatchObject({
      rule: 'tie',
      runnerUp: 'l2-overlay',
      marginPoints: 0,
    });
  });

  it('says when none is feasible, and when the strategy was named', () => {
    const scores = [scored('pmip', { interruptionMs: 10 }, ['table-overflow'])];
    expect(explainChoice(scores, 'pmip', false)!.text).toBe(
      'no strategy is feasible; pmip is the cheapest that applies (cost 1); pmip is blocked (table-overflow)',
    );
    expect(explainChoice(scores, 'pmip', true)!.rule).toBe('named');
    expect(explainChoice([scored('same-l2', null)], null, false)).toBeNull();
  });
});

describe('partValueText', () => {
  it('writes each part with its unit, singular for one', () => {
    expect(partValueText({ part: 'renumbered', value: 1, unit: 'VMs' })).toBe('1 VM');
    expect(partValueText({ part: 'table-entries', value: 1, unit: 'entries' })).toBe('1 entry');
    expect(partValueText({ part: 'table-entries', value: 12, unit: 'entries' })).toBe('12 entries');
    expect(partValueText({ part: 'tunnels', value: 3, unit: 'tunnels' })).toBe('3 tunnels');
    expect(partValueText({ part: 'interruption', value: 120, unit: 'ms' })).toBe('120 ms');
    expect(partValueText({ part: 'interruption', value: 1, unit: 'ms' })).toBe('1 ms');
    expect(partValueText({ part: 'added-latency-out', value: -1.5, unit: 'ms' })).toBe('−1.50 ms');
  });
});
