import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { naturalCompare } from './natural-compare.ts';

/** The first version, with regular expressions: the scan must answer exactly as it did. */
function reference(a: string, b: string): number {
  const ca = a.match(/\d+|\D+/g) ?? [];
  const cb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i]!;
    const y = cb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x) ? Number(x) : NaN;
    const ny = /^\d/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny) && nx !== ny) return nx - ny;
    return x < y ? -1 : 1;
  }
  return ca.length - cb.length || (a < b ? -1 : a > b ? 1 : 0);
}

describe('naturalCompare', () => {
  it('sorts embedded numbers by value', () => {
    const ids = ['p10-e1', 'p2-e10', 'p2-e9', 'core-1', 'p2', 'p02-e1'];
    expect([...ids].sort(naturalCompare)).toEqual([
      'core-1',
      // Equal values ("02", "2") compare as strings.
      'p02-e1',
      'p2',
      'p2-e9',
      'p2-e10',
      'p10-e1',
    ]);
  });

  it('answers as the regex version on ids made of letters, digits and separators', () => {
    const id = fc.stringMatching(/^[-a-c0-9.]{0,12}$/);
    fc.assert(
      fc.property(id, id, (a, b) => {
        expect(naturalCompare(a, b)).toBe(reference(a, b));
      }),
      { numRuns: 5000 },
    );
  });
});
