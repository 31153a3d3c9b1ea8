/** Shaping a WAN link to a migration's path: latency adds up, the narrowest link sets the bandwidth. */
import { describe, expect, it } from 'vitest';
import { shapeFromPath, withLatencies } from '../../../src/execution/netns/path-shape.ts';

const link = (id: string, latencyMs: number, capacityGbps = 10) => ({
  id,
  a: 'x',
  b: 'y',
  capacityGbps,
  latencyMs,
  cost: 1,
  state: 'up' as const,
  utilisation: 0,
});

describe('shapeFromPath', () => {
  it('sums the one-way latencies and takes the smallest free bandwidth', () => {
    const shape = shapeFromPath([
      { latencyMs: 0.05, freeBytesPerSecond: 1.25e9, wan: false },
      { latencyMs: 12, freeBytesPerSecond: 2e8, wan: true },
      { latencyMs: 8, freeBytesPerSecond: 5e8, wan: true },
      { latencyMs: 0.05, freeBytesPerSecond: 1.25e9, wan: false },
    ]);
    expect(shape.latencyMs).toBeCloseTo(20.1, 9);
    expect(shape).toMatchObject({ bandwidthBytesPerSecond: 2e8, wanLinks: 2 });
  });

  it('counts a link without a latency as adding none', () => {
    expect(shapeFromPath([{ freeBytesPerSecond: 1e6, wan: true }])).toEqual({
      latencyMs: 0,
      bandwidthBytesPerSecond: 1e6,
      wanLinks: 1,
    });
  });

  it('gives an empty path no latency and no bottleneck', () => {
    expect(shapeFromPath([])).toEqual({
      latencyMs: 0,
      bandwidthBytesPerSecond: Infinity,
      wanLinks: 0,
    });
  });
});

describe('withLatencies', () => {
  it("takes each link's latency from the estate's links and WAN links by id", () => {
    const estate = { links: [link('leaf-spine', 0.01)], wanLinks: [link('dci', 15)] };
    const path = [
      { id: 'leaf-spine', freeBytesPerSecond: 1.25e9, wan: false },
      { id: 'dci', freeBytesPerSecond: 1e8, wan: true },
      { id: 'gone', freeBytesPerSecond: 1e9, wan: false },
    ];
    const links = withLatencies(estate, path);
    expect(links.map((l) => l.latencyMs)).toEqual([0.01, 15, undefined]);
    const shape = shapeFromPath(links);
    expect(shape.latencyMs).toBeCloseTo(15.01, 9);
    expect(shape).toMatchObject({ bandwidthBytesPerSecond: 1e8, wanLinks: 1 });
  });
});
