// BCube invariants from Guo et al., SIGCOMM 2009 (R2).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bcubeDigits, buildBCube } from './bcube.ts';
import { countByRole, degrees } from './test-helpers.ts';

const params = fc.record({ n: fc.integer({ min: 2, max: 6 }), k: fc.integer({ min: 0, max: 3 }) });

describe('BCube(n,k)', () => {
  it('has n^(k+1) servers and (k+1)n^k switches', () => {
    fc.assert(
      fc.property(params, ({ n, k }) => {
        const c = countByRole(buildBCube('s', { n, k }));
        expect(c.host).toBe(n ** (k + 1));
        expect(c['bcube-switch']).toBe((k + 1) * n ** k);
      }),
    );
  });

  it('gives every server k+1 links and every switch n links', () => {
    fc.assert(
      fc.property(params, ({ n, k }) => {
        const f = buildBCube('s', { n, k });
        const deg = degrees(f);
        for (const d of f.devices) expect(deg.get(d.id)).toBe(d.role === 'host' ? k + 1 : n);
      }),
    );
  });

  it('joins through a level-l switch only servers that differ in digit l alone', () => {
    fc.assert(
      fc.property(params, ({ n, k }) => {
        const f = buildBCube('s', { n, k });
        const level = new Map(f.devices.map((d) => [d.id, d.level ?? 0]));
        const members = new Map<string, string[]>();
        for (const l of f.links) members.set(l.b, [...(members.get(l.b) ?? []), l.a]);
        for (const [sw, servers] of members) {
          const l = level.get(sw)!;
          const digits = servers.map((s) =>
            s.replace('s.srv-', '').split('').reverse().map(Number),
          );
          for (const d of digits)
            for (let pos = 0; pos <= k; pos++) if (pos !== l) expect(d[pos]).toBe(digits[0]![pos]);
          expect(new Set(digits.map((d) => d[l])).size).toBe(n);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('spells server indices in base n', () => {
    expect(bcubeDigits(7, 4, 1)).toEqual([3, 1]);
    expect(bcubeDigits(0, 2, 2)).toEqual([0, 0, 0]);
  });
});
