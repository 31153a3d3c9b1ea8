import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { segmentLabel, tenantElements, tenantNodeId } from './tenant-elements.ts';

const demo = buildDemoEstate();
const ofKind = (els: ReturnType<typeof tenantElements>, kind: string) => [
  ...els.nodes.filter((n) => n.data.kind === kind),
  ...els.edges.filter((e) => e.data.kind === kind),
];

describe('tenant elements', () => {
  const acme = tenantElements(demo, 'acme');

  it("draws the tenant's networks, VMs, VNEs and the sites they run in", () => {
    expect(ofKind(acme, 'vnet').map((n) => n.id)).toEqual(
      expect.arrayContaining(['vnet:acme-web', 'vnet:acme-legacy']),
    );
    expect(ofKind(acme, 'vnet')).toHaveLength(2);
    expect(ofKind(acme, 'vm')).toHaveLength(demo.vms.filter((v) => v.tenantId === 'acme').length);
    expect(ofKind(acme, 'vne').map((n) => n.id)).toEqual(['vne:acme-lb-1']);
    // acme-web runs in fra1, ams1, lon1 and dub-cloud; acme-legacy in fra1 and ams1.
    expect(ofKind(acme, 'tsite').map((n) => n.data.siteId)).toEqual([
      'fra1',
      'ams1',
      'lon1',
      'dub-cloud',
    ]);
    expect(acme.nodes.find((n) => n.id === 'vnet:acme-web')?.data.label).toBe(
      'Acme storefront\nVXLAN 10010 · stretched',
    );
  });

  it('joins every VM and VNE to its network', () => {
    expect(ofKind(acme, 'vm-net')).toHaveLength(80);
    expect(ofKind(acme, 'vne-net')).toEqual([
      expect.objectContaining({ source: 'vne:acme-lb-1', target: 'vnet:acme-web' }),
    ]);
    const ids = new Set(acme.nodes.map((n) => n.id));
    for (const e of acme.edges) expect(ids.has(e.source) && ids.has(e.target), e.id).toBe(true);
  });

  it('draws a tunnel between every two sites of a stretched network, none for a per-site one', () => {
    const tunnels = ofKind(acme, 'tunnel');
    expect(tunnels).toHaveLength(6); // 4 sites: 4·3/2
    expect(tunnels.every((t) => t.data.networkId === 'acme-web')).toBe(true);
    expect(tunnels.every((t) => t.data.label === 'VXLAN 10010')).toBe(true);
    expect(tunnels.map((t) => t.id)).toContain('tunnel:acme-web:fra1:dub-cloud');
    // Further apart, higher arc.
    const arc = (id: string) => -Number(tunnels.find((t) => t.id === id)!.data.arc);
    expect(arc('tunnel:acme-web:fra1:dub-cloud')).toBeGreaterThan(arc('tunnel:acme-web:fra1:ams1'));
    // Initech's agent overlay spans three sites: three tunnels.
    const initech = ofKind(tenantElements(demo, 'initech'), 'tunnel');
    expect(initech).toHaveLength(3);
    expect(initech[0]?.data.label).toBe('Agent 3001');
  });

  it('lays out deterministically: VMs inside their site box, networks below, no overlaps', () => {
    expect(tenantElements(demo, 'acme')).toEqual(acme);
    const boxes = ofKind(acme, 'tsite') as typeof acme.nodes;
    for (const vm of ofKind(acme, 'vm') as typeof acme.nodes) {
      const box = boxes.find((b) => b.data.siteId === vm.data.siteId)!;
      const w = Number(box.data.w) / 2;
      const h = Number(box.data.h) / 2;
      expect(Math.abs(vm.position.x - box.position.x)).toBeLessThan(w);
      expect(Math.abs(vm.position.y - box.position.y)).toBeLessThan(h);
    }
    const positions = new Set(acme.nodes.map((n) => `${n.position.x},${n.position.y}`));
    expect(positions.size).toBe(acme.nodes.length);
    const lowest = Math.max(...boxes.map((b) => b.position.y + Number(b.data.h) / 2));
    for (const n of ofKind(acme, 'vnet') as typeof acme.nodes)
      expect(n.position.y).toBeGreaterThan(lowest);
  });

  it("labels each VM by its name without its network's shared prefix, in a font that fits its cell", () => {
    const vm = (id: string) => acme.nodes.find((n) => n.id === `vm:${id}`)!.data;
    // Network acme-web's VMs all start "acme-web-"; acme-legacy's "acme-legacy-erp-", and a label
    // keeps at least two parts ("erp-01", not "01").
    expect(vm('acme-web-web-01')).toMatchObject({
      label: 'web-01',
      name: 'acme-web-web-01',
      networkName: 'Acme storefront',
    });
    expect(vm('acme-legacy-erp-01').label).toBe('erp-01');
    expect(vm('acme-legacy-erp-db-02').label).toBe('db-02');
    // The longest labels are "cache-NN", 8 characters: 80 px of a 96 px cell / (0.62 em × 8) = 16.1.
    const fonts = new Set((ofKind(acme, 'vm') as typeof acme.nodes).map((n) => n.data.fontSize));
    expect([...fonts]).toEqual([16]);
  });

  it('titles each site box inside its head, in a size that fits the box', () => {
    const title = (siteId: string) => acme.nodes.find((n) => n.id === `tsite:${siteId}`)!.data;
    // Four boxes of 4 columns: 4 × (4·96 + 2·30 + 110) = 2,216 px wide, captions 2216 / 80 → 26
    // (the largest). "Public cloud Dublin · 15 VMs" is 28 characters: (444 − 20) / (0.62 × 28)
    // = 24.4 → 24 px; "Frankfurt FRA1 · 25 VMs" (23) fits at 26.
    expect(title('fra1')).toMatchObject({ label: 'Frankfurt FRA1 · 25 VMs', fontSize: 26 });
    expect(title('dub-cloud')).toMatchObject({
      label: 'Public cloud Dublin · 15 VMs',
      fontSize: 24,
      titleDy: 34,
    });
    // Below the title (its offset under the box's top edge), the first row of VMs (14 px tall).
    for (const box of ofKind(acme, 'tsite') as typeof acme.nodes) {
      const top = box.position.y - Number(box.data.h) / 2;
      const vms = (ofKind(acme, 'vm') as typeof acme.nodes).filter(
        (n) => n.data.siteId === box.data.siteId,
      );
      for (const v of vms) expect(v.position.y - 7).toBeGreaterThan(top + Number(box.data.titleDy));
    }
  });

  it('draws nothing for an unknown tenant, and names segments as operators do', () => {
    expect(tenantElements(demo, 'nobody')).toEqual({ nodes: [], edges: [] });
    expect(segmentLabel({ type: 'geneve', vni: 7 })).toBe('Geneve 7');
    expect(segmentLabel({ type: 'vlan', vlanId: 120 })).toBe('VLAN 120');
    expect(tenantNodeId.vm('x')).toBe('vm:x');
  });
});
