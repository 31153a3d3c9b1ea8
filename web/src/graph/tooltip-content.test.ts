import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { globalElements, siteElements } from './elements.ts';
import { tenantElements } from './tenant-elements.ts';
import { tooltipContent } from './tooltip-content.ts';

const estate = buildDemoEstate();

describe('tooltipContent', () => {
  it('names a site with its topology, hosts and VMs', () => {
    const ams1 = globalElements(estate).nodes.find((n) => n.id === 'ams1')!;
    expect(tooltipContent(ams1.data)).toEqual({
      title: 'Amsterdam AMS1',
      rows: [
        ['Topology', 'fat-tree k=8'],
        ['Hosts', '128'],
        ['VMs', String(ams1.data.vms)],
      ],
    });
  });

  it('gives a host its role, state, VMs and load', () => {
    const host = siteElements(estate, 'fra1').nodes.find((n) => n.data.role === 'host')!;
    const t = tooltipContent(host.data)!;
    expect(t.title).toBe(host.data.name);
    expect(t.rows).toContainEqual(['VMs', String(host.data.vms)]);
    expect(t.rows.map(([k]) => k)).toEqual(['Role', 'State', 'VMs', 'Load']);
  });

  it('gives a WAN link its capacity, utilisation and latency', () => {
    const w = globalElements(estate).edges[0]!;
    const rows = tooltipContent(w.data)!.rows;
    expect(rows[0]![0]).toBe('Capacity');
    expect(rows[1]).toEqual(['Utilisation', `${Math.round(Number(w.data.utilisation) * 100)}%`]);
    expect(rows[2]).toEqual(['Latency', `${w.data.latencyMs} ms`]);
  });

  it("gives a tenant view's VM its full name, which its label shortens, and its network", () => {
    const vm = tenantElements(estate, 'acme').nodes.find((n) => n.id === 'vm:acme-web-web-01')!;
    expect(tooltipContent(vm.data)).toEqual({
      title: 'acme-web-web-01',
      rows: [['Network', 'Acme storefront']],
    });
  });

  it('has nothing to say about captions and boxes', () => {
    const caption = siteElements(estate, 'fra1').nodes.find((n) => n.data.kind === 'row')!;
    expect(tooltipContent(caption.data)).toBeNull();
  });
});
