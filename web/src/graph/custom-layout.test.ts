import type { Device, Link } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { demoAsCustom, interleavedStars, irregularFabric } from './custom-site-fixtures.ts';
import { layoutSite, SITE_LAYOUT_DEFAULTS, type Point, type SiteLayout } from './layout.ts';
import { shuffled } from './seeded-shuffle.ts';

const ROLE_ROW: Record<Device['role'], number> = {
  gateway: 0,
  core: 1,
  spine: 1,
  'bcube-switch': 1,
  aggregation: 2,
  access: 3,
  leaf: 3,
  edge: 3,
  host: 4,
};

function siteOf(siteId: string) {
  const estate = demoAsCustom();
  const devices = estate.devices.filter((d) => d.siteId === siteId);
  const ids = new Set(devices.map((d) => d.id));
  return { devices, links: estate.links.filter((l) => ids.has(l.a) && ids.has(l.b)) };
}

/** Pairs of straight links between two consecutive switch rows that cross. */
function crossings(devices: readonly Device[], links: readonly Link[], at: Map<string, Point>) {
  const role = new Map(devices.map((d) => [d.id, d.role]));
  const spans = links
    .filter((l) => role.get(l.a) !== 'host' && role.get(l.b) !== 'host')
    .map((l) => [at.get(l.a)!, at.get(l.b)!].sort((p, q) => p.y - q.y) as [Point, Point])
    .filter(([p, q]) => p.y !== q.y);
  let count = 0;
  for (let i = 0; i < spans.length; i++)
    for (let j = i + 1; j < spans.length; j++) {
      const [a1, a2] = spans[i]!;
      const [b1, b2] = spans[j]!;
      if (a1.y !== b1.y || a2.y !== b2.y) continue;
      if ((a1.x - b1.x) * (a2.x - b2.x) < 0) count++;
    }
  return count;
}

/** No two devices of one line closer than the spacing defaults allow. */
function expectSpaced(devices: readonly Device[], layout: SiteLayout) {
  const lines = new Map<number, { x: number; host: boolean }[]>();
  for (const d of devices) {
    const p = layout.positions.get(d.id)!;
    lines.set(p.y, [...(lines.get(p.y) ?? []), { x: p.x, host: d.role === 'host' }]);
  }
  for (const line of lines.values()) {
    line.sort((a, b) => a.x - b.x);
    for (let i = 1; i < line.length; i++) {
      const min =
        line[i]!.host && line[i - 1]!.host
          ? SITE_LAYOUT_DEFAULTS.hostSpacing
          : SITE_LAYOUT_DEFAULTS.switchSpacing;
      expect(line[i]!.x - line[i - 1]!.x).toBeGreaterThanOrEqual(min - 1e-6);
    }
  }
}

describe('layoutSite on custom fabrics', () => {
  it('rows follow the roles top to bottom: gateway, core / spine, aggregation, access / leaf / edge, hosts', () => {
    for (const siteId of ['fra1', 'ams1', 'lon1']) {
      const { devices, links } = siteOf(siteId);
      const layout = layoutSite(devices, links, 'custom');
      expect(layout.positions.size).toBe(devices.length);
      // The row of each role, as its rank in the order above; every role present gets its own row.
      const rowYs = [...new Set(devices.map((d) => ROLE_ROW[d.role]))].sort((a, b) => a - b);
      for (const d of devices) {
        const row = rowYs.indexOf(ROLE_ROW[d.role]);
        if (d.role === 'host')
          expect(layout.positions.get(d.id)!.y).toBeGreaterThanOrEqual(layout.rows[row]!.y);
        else expect(layout.positions.get(d.id)!.y, d.id).toBe(layout.rows[row]!.y);
      }
      expect(layout.groups).toEqual([]);
    }
  });

  it('captions the rows of an irregular fabric by role, with no pod boxes', () => {
    const { devices, links } = irregularFabric();
    const layout = layoutSite(devices, links, 'custom');
    expect(layout.rows.map((r) => r.label)).toEqual(['Gateway', 'Spine', 'Leaf', 'Hosts']);
    expect(layout.rows.map((r) => r.y)).toEqual(
      [...layout.rows.map((r) => r.y)].sort((a, b) => a - b),
    );
    expect(layout.groups).toEqual([]);
  });

  it('places every device once, spaced as the defaults say, inside its bounds', () => {
    const fabrics = [irregularFabric(), interleavedStars(), siteOf('ams1'), siteOf('sin1')];
    for (const { devices, links } of fabrics) {
      const layout = layoutSite(devices, links, 'custom');
      expect(layout.positions.size).toBe(devices.length);
      const keys = new Set([...layout.positions.values()].map((p) => `${p.x},${p.y}`));
      expect(keys.size).toBe(devices.length);
      expectSpaced(devices, layout);
      for (const p of layout.positions.values()) {
        expect(p.x).toBeGreaterThanOrEqual(layout.bounds.x1);
        expect(p.x).toBeLessThanOrEqual(layout.bounds.x2);
        expect(p.y).toBeLessThanOrEqual(layout.bounds.y2);
      }
    }
  });

  it('is deterministic: same positions whatever the order of devices and links', () => {
    for (const { devices, links } of [irregularFabric(), siteOf('fra1'), siteOf('lon1')]) {
      const a = layoutSite(devices, links, 'custom');
      const b = layoutSite(shuffled(devices, 3), shuffled(links, 5), 'custom');
      expect(Object.fromEntries(b.positions)).toEqual(Object.fromEntries(a.positions));
      expect(b.rows).toEqual(a.rows);
      expect(b.bounds).toEqual(a.bounds);
    }
  });

  it('draws two interleaved stars without a crossing, though id order would cross', () => {
    const { devices, links } = interleavedStars();
    const layout = layoutSite(devices, links, 'custom');
    // In id order (s1 s2 over l1 l2 l3 l4): s2–l1 crosses s1–l2 and s1–l4, s2–l3 crosses s1–l4.
    const idOrder = new Map<string, Point>(
      devices.map((d) => [d.id, { x: Number(d.id.replace(/\D/g, '')), y: ROLE_ROW[d.role] }]),
    );
    expect(crossings(devices, links, idOrder)).toBe(3);
    expect(crossings(devices, links, layout.positions)).toBe(0);
  });

  it('leaves the irregular fabric one crossing, the least possible: leaf-a and leaf-d both reach both spines', () => {
    const { devices, links } = irregularFabric();
    const layout = layoutSite(devices, links, 'custom');
    expect(crossings(devices, links, layout.positions)).toBe(1);
  });

  it('puts hosts under the switch they hang off: a dual-homed host with the first of its leaves by id', () => {
    const { devices, links } = irregularFabric();
    const { positions } = layoutSite(devices, links, 'custom');
    const x = (id: string) => positions.get(id)!.x;
    // Three hosts in one row under leaf-c, centred on it.
    expect((x('h-c1') + x('h-c2') + x('h-c3')) / 3).toBeCloseTo(x('leaf-c'));
    expect((x('h-a1') + x('h-a2') + x('h-ab')) / 3).toBeCloseTo(x('leaf-a'));
    expect(x('h-b1')).toBeCloseTo(x('leaf-b'));
  });

  it('lays out an empty site and a site without links', () => {
    expect(layoutSite([], [], 'custom').positions.size).toBe(0);
    const { devices } = irregularFabric();
    expect(layoutSite(devices, [], 'custom').positions.size).toBe(devices.length);
  });
});
