// Estates → containerlab topologies: containerlab's own schema holds them, names and labels as documented.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { buildDemoEstate } from '../../demo/demo-estate.ts';
import { buildMultiSiteEstate, buildSingleSiteEstate } from '../../topology/multi-site.ts';
import { topologyGenerators } from '../../topology/registry.ts';
import { tinySite } from '../../topology/test-helpers.ts';
import type { GeneratedTopologyKind } from '../../model/site.ts';
import br01 from './fixtures/br01.clab.yml?raw';
import clos01 from './fixtures/clos01.clab.yml?raw';
import { clabSchemaErrors, SMALL_PARAMS } from './test-helpers.ts';
import { ClabExportError, exportClab, exportClabTopology } from './export-clab.ts';

describe("containerlab's schema, as copied", () => {
  it("accepts containerlab's own examples (clos02 predates its kind names: srl is nokia_srlinux now)", () => {
    for (const text of [clos01, br01]) expect(clabSchemaErrors(YAML.parse(text))).toEqual([]);
  });

  it('refuses a node name with a colon and a link with one endpoint', () => {
    expect(
      clabSchemaErrors({ name: 'x', topology: { nodes: { 'a:b': { kind: 'linux' } } } }),
    ).not.toEqual([]);
    expect(
      clabSchemaErrors({
        name: 'x',
        topology: { nodes: { a: { kind: 'linux' } }, links: [{ endpoints: ['a:eth1'] }] },
      }),
    ).not.toEqual([]);
  });
});

describe('exportClab', () => {
  it('writes topologies the schema accepts: the demo estate and every generator', () => {
    const estates = [
      buildDemoEstate(),
      ...Object.keys(topologyGenerators).map((kind) =>
        buildSingleSiteEstate(
          kind as GeneratedTopologyKind,
          SMALL_PARAMS[kind as GeneratedTopologyKind],
        ),
      ),
    ];
    for (const estate of estates) {
      const yaml = exportClab(estate);
      expect(clabSchemaErrors(YAML.parse(yaml)), estate.id).toEqual([]);
    }
  });

  it('names interfaces per node in link order: eth1… on hosts, e1-1… on SR Linux', () => {
    // leaf-spine with 1 spine, 2 leaves, 1 host each: the generator links each leaf to the
    // spine, then its host to it, so leaf-1 gets e1-1 (spine) and e1-2 (host), the spine
    // e1-1 and e1-2 from leaf-1 and leaf-2, each host eth1.
    const estate = buildSingleSiteEstate('leaf-spine', { spines: 1, leaves: 2, hostsPerLeaf: 1 });
    const topo = exportClabTopology(estate);
    expect(topo.topology.links!.map((l) => l.endpoints)).toEqual([
      ['leaf-1:e1-1', 'spine-1:e1-1'],
      ['leaf-1-h1:eth1', 'leaf-1:e1-2'],
      ['leaf-2:e1-1', 'spine-1:e1-2'],
      ['leaf-2-h1:eth1', 'leaf-2:e1-2'],
    ]);
    expect(topo.topology.nodes['spine-1']).toEqual({
      kind: 'nokia_srlinux',
      labels: { 'vmmi-role': 'spine', 'vmmi-site': 'leaf-spine-site', 'graph-level': 3 },
    });
    expect(topo.topology.nodes['leaf-1-h1']!.kind).toBe('linux');
    expect(topo.topology.kinds).toEqual({
      nokia_srlinux: { image: 'ghcr.io/nokia/srlinux' },
      linux: { image: 'ghcr.io/hellt/network-multitool' },
    });
  });

  it('names a node by its id where device names repeat across sites, and labels what the name cannot say', () => {
    const topo = exportClabTopology(buildDemoEstate());
    // lon1, iad1 and dub-cloud are leaf-spine sites: each has a "spine-1".
    expect(topo.topology.nodes['lon1.spine-1']!.labels).toMatchObject({
      'vmmi-site': 'lon1',
      'vmmi-name': 'spine-1',
    });
    // The id is not <site>.<node name> (that would be lon1.lon1.spine-1), so it is labelled.
    expect(topo.topology.nodes['lon1.spine-1']!.labels['vmmi-id']).toBe('lon1.spine-1');
    // Gateways are named <site>-gw-1 with id <site>.gw-1.
    expect(topo.topology.nodes['fra1-gw-1']!.labels).toMatchObject({
      'vmmi-role': 'gateway',
      'vmmi-id': 'fra1.gw-1',
      'vmmi-stack': 'dual',
      'graph-level': 1,
    });
  });

  it('exports one site without the WAN links that leave it, and refuses a site the estate lacks', () => {
    const estate = buildMultiSiteEstate({
      id: 'pair',
      name: 'pair',
      wan: 'mesh',
      sites: [tinySite('x', 'ipv4'), tinySite('y', 'ipv4')],
    });
    // Per site by hand: spine, leaf, host, gateway = 4 nodes; leaf-spine, host-leaf, gateway-spine = 3 links.
    const whole = exportClabTopology(estate);
    expect(Object.keys(whole.topology.nodes)).toHaveLength(8);
    expect(whole.topology.links).toHaveLength(7);
    const x = exportClabTopology(estate, { siteId: 'x' });
    expect(x.name).toBe('pair-x');
    expect(Object.keys(x.topology.nodes)).toHaveLength(4);
    expect(x.topology.links).toHaveLength(3);
    expect(() => exportClab(estate, { siteId: 'z' })).toThrow(ClabExportError);
  });
});
