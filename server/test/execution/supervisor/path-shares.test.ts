import { describe, expect, it } from 'vitest';
import { linkCapacities, PathShares } from '../../../src/execution/path-shares.ts';
import { runningRun, stored } from './fixtures.ts';

// makeSpec's path: fra1.h1~fra1.leaf 12.5e9 B/s, wan.fra1~ams1 5e9 B/s; each run capped at 1.25e9 B/s.
describe('PathShares', () => {
  it('gives each run its cap when the links have room (2 × 1.25e9 < 5e9)', () => {
    const a = runningRun('a');
    const b = runningRun('b');
    const shares = new PathShares().of([a, b], []);
    expect(shares.get('a')).toBe(1.25e9);
    expect(shares.get('b')).toBe(1.25e9);
  });

  it('splits a collapsed WAN link evenly: 5e9 × 0.01 / 2 = 2.5e7 each', () => {
    const a = runningRun('a');
    const b = runningRun('b');
    const collapse = stored('f1', {
      kind: 'bandwidth-collapse',
      linkId: 'wan.fra1~ams1',
      factor: 0.01,
    });
    const shares = new PathShares().of([a, b], [collapse]);
    expect(shares.get('a')).toBeCloseTo(2.5e7, 3);
    expect(shares.get('b')).toBeCloseTo(2.5e7, 3);
  });

  it('computes again when the faults change, not only when the runs do', () => {
    const a = runningRun('a');
    const shares = new PathShares();
    expect(shares.of([a], []).get('a')).toBe(1.25e9);
    const down = stored('f1', { kind: 'link-down', linkId: 'wan.fra1~ams1' });
    expect(shares.of([a], [down]).get('a')).toBe(0);
  });
});

describe('linkCapacities', () => {
  it('applies faults of the run’s estate only; a collapse without a link hits every link', () => {
    const a = runningRun('a');
    const caps = linkCapacities(
      [a],
      [
        stored('f1', { kind: 'bandwidth-collapse', factor: 0.5 }),
        stored('f2', { kind: 'link-down', linkId: 'fra1.h1~fra1.leaf' }, 'other-estate'),
      ],
    );
    expect(caps.get('estate-1|fra1.h1~fra1.leaf')).toBe(6.25e9);
    expect(caps.get('estate-1|wan.fra1~ams1')).toBe(2.5e9);
  });
});
