import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { globalElements, siteElements, wanWidth } from './elements.ts';

const estate = buildDemoEstate();

describe('globalElements', () => {
  const { nodes, edges } = globalElements(estate);

  it('draws one node per site, labelled with its name and topology', () => {
    expect(nodes.map((n) => n.id).sort()).toEqual(estate.sites.map((s) => s.id).sort());
    const ams1 = nodes.find((n) => n.id === 'ams1')!;
    expect(ams1.data).toMatchObject({ kind: 'site', ownership: 'private', topology: 'fat-tree' });
    expect(String(ams1.data.label)).toContain('Amsterdam AMS1');
    expect(String(ams1.data.label)).toContain('fat-tree k=8');
    expect(nodes.find((n) => n.id === 'dub-cloud')!.data.ownership).toBe('public');
  });

  it('draws every WAN link between the sites of its gateways, with capacity, utilisation band and load', () => {
    expect(edges).toHaveLength(estate.wanLinks.length);
    for (const e of edges) {
      const w = estate.wanLinks.find((l) => l.id === e.id)!;
      expect(e.source).toBe(w.a.split('.')[0]);
      expect(e.data.label).toBe(`${w.capacityGbps}G`);
      const band = w.utilisation >= 0.8 ? 'hot' : w.utilisation >= 0.5 ? 'warn' : 'ok';
      expect(e.data.band).toBe(band);
      // The demo's loads are whole hundredths (demo-estate.ts), so the percent is exact.
      expect(e.data.loadLabel).toBe(`${(w.utilisation * 100).toFixed(0)} %`);
    }
  });

  it('widens links with capacity', () => {
    expect(wanWidth(10)).toBeLessThan(wanWidth(100));
    expect(wanWidth(100)).toBeLessThan(wanWidth(400));
  });
});

describe('siteElements', () => {
  it('labels every host with its VM count', () => {
    const { nodes } = siteElements(estate, 'fra1');
    const hosts = nodes.filter((n) => n.data.role === 'host');
    expect(hosts).toHaveLength(64);
    const vmsOn = (id: string) => estate.vms.filter((vm) => vm.hostId === id).length;
    for (const h of hosts) expect(h.data.label).toBe(String(vmsOn(h.id)));
    expect(hosts.reduce((s, h) => s + Number(h.data.vms), 0)).toBe(
      estate.vms.filter((vm) => vm.hostId.startsWith('fra1.')).length,
    );
  });

  it('includes the gateway, the links of the site only, and captions for each tier', () => {
    const { nodes, edges } = siteElements(estate, 'lon1');
    expect(nodes.filter((n) => n.data.role === 'gateway')).toHaveLength(1);
    const ids = new Set(nodes.map((n) => n.id));
    for (const e of edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    expect(nodes.filter((n) => n.data.kind === 'row').map((n) => n.data.label)).toEqual([
      'Gateway',
      'Spine',
      'Leaf',
      'Hosts',
    ]);
  });

  it('colours BCube levels from the top of the fabric down', () => {
    const { nodes } = siteElements(estate, 'sin1');
    const tierOf = (level: number) =>
      new Set(
        nodes
          .filter((n) => n.data.role === 'bcube-switch' && n.data.level === level)
          .map((n) => n.data.tier),
      );
    expect(tierOf(1)).toEqual(new Set(['top']));
    expect(tierOf(0)).toEqual(new Set(['bottom']));
  });

  it('is empty for a site the estate does not have', () => {
    expect(siteElements(estate, 'nowhere')).toEqual({ nodes: [], edges: [] });
  });
});
