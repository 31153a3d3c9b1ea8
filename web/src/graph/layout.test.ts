import { buildDemoEstate, type Device, type Estate, type Link } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { layoutGlobal, layoutSite, type Point } from './layout.ts';
import { naturalCompare } from './natural-compare.ts';
import { shuffled } from './seeded-shuffle.ts';

const estate: Estate = buildDemoEstate();

function siteOf(siteId: string): { devices: Device[]; links: Link[] } {
  const devices = estate.devices.filter((d) => d.siteId === siteId);
  const ids = new Set(devices.map((d) => d.id));
  return { devices, links: estate.links.filter((l) => ids.has(l.a) && ids.has(l.b)) };
}

function ys(positions: Map<string, Point>, devices: Device[], pred: (d: Device) => boolean) {
  return devices.filter(pred).map((d) => positions.get(d.id)!.y);
}

/** Every y of the upper group is strictly above (smaller than) every y of the lower group. */
function expectAbove(upper: number[], lower: number[]) {
  expect(upper.length).toBeGreaterThan(0);
  expect(lower.length).toBeGreaterThan(0);
  expect(Math.max(...upper)).toBeLessThan(Math.min(...lower));
}

describe('layoutSite', () => {
  it('is deterministic: same input, same positions, whatever the input order', () => {
    for (const site of estate.sites) {
      const { devices, links } = siteOf(site.id);
      const a = layoutSite(devices, links, site.topology.kind);
      const b = layoutSite(devices, links, site.topology.kind);
      const c = layoutSite(shuffled(devices, 7), shuffled(links, 11), site.topology.kind);
      expect([...b.positions]).toEqual([...a.positions]);
      expect(Object.fromEntries(c.positions)).toEqual(Object.fromEntries(a.positions));
      expect(c.rows).toEqual(a.rows);
      expect(c.groups).toEqual(a.groups);
    }
  });

  it('places every device, and no two at the same position', () => {
    for (const site of estate.sites) {
      const { devices, links } = siteOf(site.id);
      const { positions } = layoutSite(devices, links, site.topology.kind);
      expect(positions.size).toBe(devices.length);
      const keys = new Set([...positions.values()].map((p) => `${p.x},${p.y}`));
      expect(keys.size).toBe(devices.length);
      for (const p of positions.values()) {
        expect(Number.isFinite(p.x)).toBe(true);
        expect(Number.isFinite(p.y)).toBe(true);
      }
    }
  });

  it('orders the fat-tree ams1 by tier: gateway, core, aggregation, edge, hosts', () => {
    const { devices, links } = siteOf('ams1');
    const { positions, rows } = layoutSite(devices, links, 'fat-tree');
    const role = (r: Device['role']) => ys(positions, devices, (d) => d.role === r);
    expectAbove(role('gateway'), role('core'));
    expectAbove(role('core'), role('aggregation'));
    expectAbove(role('aggregation'), role('edge'));
    expectAbove(role('edge'), role('host'));
    expect(rows.map((r) => r.label)).toEqual(['Gateway', 'Core', 'Aggregation', 'Edge', 'Hosts']);
  });

  it('draws fat-tree pods side by side, each pod under its own box, hosts under their edge switch', () => {
    const { devices, links } = siteOf('ams1');
    const k = estate.sites.find((s) => s.id === 'ams1')!.topology.params.k!;
    const { positions, groups } = layoutSite(devices, links, 'fat-tree');
    expect(groups.map((g) => g.label)).toEqual(Array.from({ length: k }, (_, p) => `Pod ${p}`));
    const podSpan = (pod: number) => {
      const xs = devices.filter((d) => d.pod === pod).map((d) => positions.get(d.id)!.x);
      return [Math.min(...xs), Math.max(...xs)] as const;
    };
    for (let pod = 1; pod < k; pod++) expect(podSpan(pod - 1)[1]).toBeLessThan(podSpan(pod)[0]);
    for (const g of groups) {
      const [x1, x2] = podSpan(Number(g.id.replace('pod-', '')));
      expect(g.x - g.width / 2).toBeLessThan(x1);
      expect(g.x + g.width / 2).toBeGreaterThan(x2);
    }
    // p0-e1-h2 hangs off p0-edge-1: it is nearer to that switch than to any other edge switch.
    const host = positions.get('ams1.p0-e1-h2')!;
    const nearestEdge = devices
      .filter((d) => d.role === 'edge')
      .sort(
        (a, b) =>
          Math.abs(positions.get(a.id)!.x - host.x) - Math.abs(positions.get(b.id)!.x - host.x),
      )[0]!;
    expect(nearestEdge.id).toBe('ams1.p0-edge-1');
  });

  it('orders three-tier fra1 as core, aggregation, access, hosts', () => {
    const { devices, links } = siteOf('fra1');
    const { positions } = layoutSite(devices, links, 'three-tier');
    const role = (r: Device['role']) => ys(positions, devices, (d) => d.role === r);
    expectAbove(role('core'), role('aggregation'));
    expectAbove(role('aggregation'), role('access'));
    expectAbove(role('access'), role('host'));
  });

  it('orders leaf-spine lon1 as gateway, spine, leaf, hosts', () => {
    const { devices, links } = siteOf('lon1');
    const { positions } = layoutSite(devices, links, 'leaf-spine');
    const role = (r: Device['role']) => ys(positions, devices, (d) => d.role === r);
    expectAbove(role('gateway'), role('spine'));
    expectAbove(role('spine'), role('leaf'));
    expectAbove(role('leaf'), role('host'));
  });

  it('draws BCube switches by level, highest level on top, servers at the bottom', () => {
    const { devices, links } = siteOf('sin1');
    const { positions, rows } = layoutSite(devices, links, 'bcube');
    const level = (l: number) =>
      ys(positions, devices, (d) => d.role === 'bcube-switch' && d.level === l);
    expectAbove(
      ys(positions, devices, (d) => d.role === 'gateway'),
      level(1),
    );
    expectAbove(level(1), level(0));
    expectAbove(
      level(0),
      ys(positions, devices, (d) => d.role === 'host'),
    );
    expect(rows.map((r) => r.label)).toEqual(['Gateway', 'Level 1', 'Level 0', 'Servers']);
  });

  it('keeps BCube levels in order for a deeper BCube too', () => {
    const devices: Device[] = [2, 0, 1].flatMap((level) =>
      [0, 1].map((s) => ({
        id: `x.l${level}-sw-${s}`,
        siteId: 'x',
        name: `l${level}-sw-${s}`,
        role: 'bcube-switch' as const,
        level,
        ports: 2,
        state: 'up' as const,
      })),
    );
    const { positions } = layoutSite(devices, [], 'bcube');
    const y = (l: number) =>
      devices.filter((d) => d.level === l).map((d) => positions.get(d.id)!.y);
    expectAbove(y(2), y(1));
    expectAbove(y(1), y(0));
  });
});

describe('layoutGlobal', () => {
  const W = 1200;
  const H = 640;

  it('is deterministic and independent of the input order', () => {
    const a = layoutGlobal(estate.sites, { width: W, height: H });
    const b = layoutGlobal(shuffled(estate.sites, 3), { width: W, height: H });
    expect(Object.fromEntries(b)).toEqual(Object.fromEntries(a));
  });

  it('keeps the geography: west is left, north is up', () => {
    const p = layoutGlobal(estate.sites, { width: W, height: H });
    expect(p.get('iad1')!.x).toBeLessThan(p.get('fra1')!.x);
    expect(p.get('fra1')!.x).toBeLessThan(p.get('sin1')!.x);
    expect(p.get('fra1')!.y).toBeLessThan(p.get('sin1')!.y);
    expect(p.get('iad1')!.y).toBeLessThan(p.get('sin1')!.y);
  });

  it('scales an even spread of sites to the canvas, inside the padding', () => {
    const sites = [
      { id: 'a', location: { lat: -40, lon: -100 } },
      { id: 'b', location: { lat: 40, lon: 100 } },
      { id: 'c', location: { lat: 0, lon: 0 } },
    ];
    const p = layoutGlobal(sites, { width: W, height: H, padding: 50 });
    expect(p.get('c')).toEqual({ x: W / 2, y: H / 2 });
    expect(p.get('a')!.x).toBeCloseTo(50);
    expect(p.get('b')!.x).toBeCloseTo(W - 50);
    // One scale for both axes: 80 degrees of latitude span 0.4 of the 200 degrees of longitude.
    expect(p.get('a')!.y - p.get('b')!.y).toBeCloseTo((W - 100) * 0.4);
  });

  it('pushes nearby sites apart until their label boxes no longer collide', () => {
    const box = { nodeWidth: 240, nodeHeight: 130 };
    const p = layoutGlobal(estate.sites, { width: W, height: H, ...box });
    const ids = [...p.keys()].sort(naturalCompare);
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const a = p.get(ids[i]!)!;
        const b = p.get(ids[j]!)!;
        const apart =
          Math.abs(b.x - a.x) >= box.nodeWidth - 1 || Math.abs(b.y - a.y) >= box.nodeHeight - 1;
        expect(apart, `${ids[i]} and ${ids[j]}`).toBe(true);
      }
  });

  it('keeps the bearing between two sites it pushes apart', () => {
    const p = layoutGlobal([
      { id: 'a', location: { lat: 50, lon: 0 } },
      { id: 'b', location: { lat: 49, lon: 1 } },
      { id: 'far', location: { lat: 0, lon: 100 } },
    ]);
    const a = p.get('a')!;
    const b = p.get('b')!;
    // b stays south-east of a.
    expect(b.x).toBeGreaterThan(a.x);
    expect(b.y).toBeGreaterThan(a.y);
  });

  it('separates two sites at the very same coordinates', () => {
    const same = { lat: 10, lon: 10 };
    const p = layoutGlobal([
      { id: 'a', location: same },
      { id: 'b', location: same },
    ]);
    expect(p.get('a')).not.toEqual(p.get('b'));
  });
});

describe('naturalCompare', () => {
  it('sorts embedded numbers by value', () => {
    expect(['p10', 'p2', 'p1'].sort(naturalCompare)).toEqual(['p1', 'p2', 'p10']);
    expect(['b', 'a10', 'a9'].sort(naturalCompare)).toEqual(['a9', 'a10', 'b']);
  });
});
