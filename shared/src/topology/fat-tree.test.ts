// Fat-tree invariants from Al-Fares et al., SIGCOMM 2008 (R2).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SWITCH_ROLES } from '../model/device.ts';
import { buildFatTree } from './fat-tree.ts';
import { countByRole, degrees } from './test-helpers.ts';

const evenK = fc.integer({ min: 1, max: 12 }).map((h) => h * 2);

describe('fat-tree(k)', () => {
  it('has k^3/4 hosts, 5k^2/4 switches, (k/2)^2 cores and 3k^3/4 links', () => {
    fc.assert(
      fc.property(evenK, (k) => {
        const f = buildFatTree('s', { k });
        const c = countByRole(f);
        const switches = SWITCH_ROLES.reduce((n, r) => n + (c[r] ?? 0), 0);
        expect(c.host).toBe(k ** 3 / 4);
        expect(switches).toBe((5 * k * k) / 4);
        expect(c.core).toBe((k / 2) ** 2);
        expect(c.aggregation).toBe((k * k) / 2);
        expect(c.edge).toBe((k * k) / 2);
        expect(f.links.length).toBe((3 * k ** 3) / 4);
      }),
    );
  });

  it('uses exactly k ports on every switch and one on every host', () => {
    fc.assert(
      fc.property(evenK, (k) => {
        const f = buildFatTree('s', { k });
        const deg = degrees(f);
        for (const d of f.devices) {
          expect(deg.get(d.id)).toBe(d.role === 'host' ? 1 : k);
          expect(d.ports).toBe(deg.get(d.id));
        }
      }),
    );
  });

  it('addresses switches and hosts as in section 3.3 of the paper', () => {
    const k = 8;
    const f = buildFatTree('s', { k });
    const byId = new Map(f.devices.map((d) => [d.id, d]));
    expect(byId.get('s.core-1-1')?.ipv4).toBe('10.8.1.1');
    expect(byId.get('s.core-4-3')?.ipv4).toBe('10.8.4.3');
    expect(byId.get('s.p2-agg-0')?.ipv4).toBe('10.2.4.1');
    expect(byId.get('s.p2-edge-3')?.ipv4).toBe('10.2.3.1');
    expect(byId.get('s.p7-e3-h5')?.ipv4).toBe('10.7.3.5');
    // Every host sits under the edge switch whose address it shares in the third octet.
    for (const l of f.links) {
      const [a, b] = [byId.get(l.a)!, byId.get(l.b)!];
      if (a.role !== 'host') continue;
      expect(a.ipv4!.split('.').slice(0, 3)).toEqual(b.ipv4!.split('.').slice(0, 3));
    }
  });

  it('connects aggregation switch i of every pod to core row i+1 only', () => {
    const k = 6;
    const f = buildFatTree('s', { k });
    for (const l of f.links) {
      const m = /p\d+-agg-(\d)$/.exec(l.a);
      if (!m || !l.b.includes('core')) continue;
      expect(l.b).toMatch(new RegExp(`core-${Number(m[1]) + 1}-\\d+$`));
    }
  });

  it('rejects an odd or out-of-range k with a typed error', () => {
    expect(() => buildFatTree('s', { k: 5 })).toThrow(/even/);
    expect(() => buildFatTree('s', { k: 0 })).toThrow(/from 2 to 100/);
  });
});
