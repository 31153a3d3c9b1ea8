import { describe, expect, it } from 'vitest';
import type { GraphEdge } from './elements.ts';
import { bundleData, bundleWidth, mergeEdges } from './merge-edges.ts';

const link = (id: string, source: string, target: string, data: Record<string, string | number>) =>
  ({ id, source, target, data: { kind: 'link', ...data } }) satisfies GraphEdge;

describe('mergeEdges', () => {
  // h1 and h2 are drawn as G1, s2 as G2; s1 and s3 as themselves.
  const drawnAs: Record<string, string> = { h1: 'G1', h2: 'G1', s2: 'G2' };
  const rep = (id: string) => drawnAs[id] ?? id;
  const edges = [
    link('e1', 's1', 's3', { capacity: 100 }),
    link('e2', 'h1', 'h2', { capacity: 10 }),
    link('e3', 'h1', 's1', { capacity: 10, utilisation: 0.5 }),
    link('e4', 's1', 'h2', { capacity: 30, utilisation: 0.1, state: 'down' }),
    link('e5', 's2', 'h1', { capacity: 40, utilisation: 1, state: 'down' }),
  ];

  it('keeps links between two ends drawn as themselves, drops links inside one node, and merges the rest by unordered pair', () => {
    const { kept, merged } = mergeEdges(edges, rep);
    expect(kept.map((e) => e.id)).toEqual(['e1']);
    expect(merged.map((m) => [m.key, m.a, m.b, m.links.map((l) => l.id)])).toEqual([
      ['G1|s1', 'G1', 's1', ['e3', 'e4']],
      ['G1|G2', 'G1', 'G2', ['e5']],
    ]);
  });

  it('sums a merged line: 10G at 50% and 30G at 10% carry 8G of 40G, 20%; down only when every link is', () => {
    const [g1s1, g1g2] = mergeEdges(edges, rep).merged;
    expect(bundleData('fold-link', g1s1!.links)).toEqual({
      kind: 'fold-link',
      capacity: 40,
      links: 2,
      down: 1,
      state: 'up',
      utilisation: expect.closeTo(0.2, 12) as number,
      width: 1.5,
    });
    expect(bundleData('detail-link', g1g2!.links)).toMatchObject({
      kind: 'detail-link',
      capacity: 40,
      links: 1,
      down: 1,
      state: 'down',
      utilisation: 1,
    });
  });

  it('gives links without a capacity a utilisation of 0, not NaN', () => {
    expect(bundleData('fold-link', [link('x', 'a', 'b', {})])).toMatchObject({
      capacity: 0,
      utilisation: 0,
    });
  });

  it('widens a line with the square root of its capacity, between 1.5 and 14 px', () => {
    expect(bundleWidth(40)).toBe(1.5); // √40 / 6 ≈ 1.05
    expect(bundleWidth(900)).toBe(5); // √900 / 6
    expect(bundleWidth(3600)).toBe(10);
    expect(bundleWidth(14400)).toBe(14); // √14400 / 6 = 20
  });
});
