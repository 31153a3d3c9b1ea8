// BCube's server-centric routing (Guo et al., "BCube", SIGCOMM 2009, §3.3 and
// BCubeRouting in Fig. 3) with the DC gateway attached, as every site has one
// (R2, R3). Between servers whose addresses a_k..a_0 differ in h digits, a
// shortest path corrects one differing digit per step, through the switch of
// that digit's level: 2h links, h switches (one per differing level) and h−1
// relay servers. Each of the h! orders of correction is one path, and no
// other path has only 2h links (every switch hop changes at most one digit),
// so there are h! shortest paths. Every link is a 25 Gbps server link, cost
// round(400 / 25) = 16, so a path costs 32h.
import { describe, expect, it } from 'vitest';
import { createPrng } from '../util/prng.ts';
import { SITE, siteWithGateway } from './test-estates.ts';
import { UnderlayRouting } from './underlay.ts';

const factorial = (h: number): number => (h <= 1 ? 1 : h * factorial(h - 1));

/** The digits a_k..a_0 of a server, from its name `srv-<a_k..a_0>` (n ≤ 10: one character each). */
const digitsOf = (id: string) => id.slice(`${SITE}.srv-`.length).split('').map(Number);

describe('BCube paths (Guo et al.) with the gateway attached', () => {
  for (const [n, k] of [
    [2, 1],
    [3, 1],
    [4, 1],
    [2, 2],
    [3, 2],
    [4, 2],
    [2, 3],
    [3, 3],
    [2, 4],
  ] as const) {
    it(`BCube(${n},${k}): 2h links, h switches one per differing level, h−1 relay servers, h! paths`, () => {
      const estate = siteWithGateway('bcube', { n, k });
      const routing = new UnderlayRouting(estate);
      const level = new Map(estate.devices.map((d) => [d.id, d.level]));
      const role = new Map(estate.devices.map((d) => [d.id, d.role]));
      const servers = estate.devices.filter((d) => d.role === 'host').map((d) => d.id);
      const rng = createPrng(n * 10 + k);
      const pairs =
        servers.length <= 27
          ? servers.flatMap((a) => servers.map((b) => [a, b] as const))
          : Array.from({ length: 400 }, () => [rng.pick(servers), rng.pick(servers)] as const);
      const seen = new Set<number>();
      for (const [src, dst] of pairs) {
        const a = digitsOf(src);
        const b = digitsOf(dst);
        // Position i of the name is digit a_(k−i).
        const differing = a.flatMap((d, i) => (d === b[i] ? [] : [k - i])).sort();
        const h = differing.length;
        seen.add(h);
        const p = routing.hostPath(src, dst, `${src}>${dst}`)!;
        expect(p.hops).toBe(2 * h);
        expect(p.cost).toBe(32 * h);
        expect(p.ecmpWidth).toBe(factorial(h));
        const switches = p.devices.filter((d) => role.get(d) === 'bcube-switch');
        expect(switches.map((s) => level.get(s)).sort()).toEqual(differing);
        expect(p.devices.filter((d) => role.get(d) === 'gateway')).toEqual([]);
        const relays = p.devices.slice(1, -1).filter((d) => role.get(d) === 'host');
        expect(relays).toHaveLength(Math.max(0, h - 1));
        // Server, switch, server, ...: each switch corrects exactly the digit of its level.
        for (let i = 1; i < p.devices.length; i += 2) {
          const [before, after] = [digitsOf(p.devices[i - 1]!), digitsOf(p.devices[i + 1]!)];
          const changed = before.flatMap((d, j) => (d === after[j] ? [] : [k - j]));
          expect(changed).toEqual([level.get(p.devices[i]!)]);
        }
      }
      // The pairs cover every distance from 0 to k+1.
      expect([...seen].sort()).toEqual(Array.from({ length: k + 2 }, (_, h) => h));
    });
  }
});
