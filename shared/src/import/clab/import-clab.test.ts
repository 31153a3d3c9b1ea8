// containerlab files → estates: counts derived by hand from the files, the link forms, labels, bad input.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import br01 from './fixtures/br01.clab.yml?raw';
import clos01 from './fixtures/clos01.clab.yml?raw';
import clos02 from './fixtures/clos02.clab.yml?raw';
import extended from './fixtures/extended.clab.yml?raw';
import vxlanSros from './fixtures/vxlan-sros.clab.yml?raw';
import { UnderlayRouting } from '../../routing/underlay.ts';
import { clabSchemaErrors } from './test-helpers.ts';
import { importClab, type ClabImportResult } from './import-clab.ts';

function roles(result: ClabImportResult): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const d of result.estate?.devices ?? []) (out[d.role] ??= []).push(d.name);
  for (const names of Object.values(out)) names.sort();
  return out;
}

const errors = (r: ClabImportResult) => r.report.filter((e) => e.severity === 'error');
const warnings = (r: ClabImportResult) => r.report.filter((e) => e.severity === 'warning');

describe('importClab on containerlab lab examples', () => {
  it('clos01: 5 nodes, 4 links; leaf1 and leaf2 serve the clients, spine sits above them', () => {
    // By hand: nodes leaf1, leaf2, spine (nokia_srlinux) and client1, client2 (linux);
    // links leaf1-spine, leaf2-spine, client1-leaf1, client2-leaf2.
    const r = importClab(clos01);
    expect(errors(r)).toEqual([]);
    expect(r.estate!.devices).toHaveLength(5);
    expect(r.estate!.links).toHaveLength(4);
    expect(roles(r)).toEqual({
      leaf: ['leaf1', 'leaf2'],
      spine: ['spine'],
      host: ['client1', 'client2'],
    });
    expect(r.estate!.sites.map((s) => [s.id, s.topology.kind])).toEqual([['clos01', 'custom']]);
    expect(r.estate!.devices.find((d) => d.name === 'spine')).toMatchObject({
      id: 'clos01.spine',
      siteId: 'clos01',
      ports: 2,
    });
  });

  it('clos02: 14 nodes, 16 links; 4 leaves, 4 spines, 2 super-spines (core), 4 clients', () => {
    // By hand: leaf1-4, spine1-4, superspine1-2 (srl), client1-4 (linux) = 14 nodes;
    // links: 4 leaf-spine + 2 spine-superspine per pod, 2 pods = 12, plus 4 client links = 16.
    const r = importClab(clos02);
    expect(errors(r)).toEqual([]);
    expect(r.estate!.devices).toHaveLength(14);
    expect(r.estate!.links).toHaveLength(16);
    expect(roles(r)).toEqual({
      leaf: ['leaf1', 'leaf2', 'leaf3', 'leaf4'],
      spine: ['spine1', 'spine2', 'spine3', 'spine4'],
      core: ['superspine1', 'superspine2'],
      host: ['client1', 'client2', 'client3', 'client4'],
    });
  });

  it('clos02 routes: client1 to client4 crosses leaf, spine, super-spine, spine, leaf', () => {
    // By hand: client1-leaf1-spine1|2-superspine1|2-spine3|4-leaf4-client4, two equal-cost
    // paths of 6 links (through superspine1 or superspine2).
    const estate = importClab(clos02).estate!;
    const path = new UnderlayRouting(estate).hostPath('clos02.client1', 'clos02.client4', 'f')!;
    expect(path.hops).toBe(6);
    expect(path.ecmpWidth).toBe(2);
    const role = (id: string) => estate.devices.find((d) => d.id === id)!.role;
    expect(path.devices.map(role)).toEqual([
      'host',
      'leaf',
      'spine',
      'core',
      'spine',
      'leaf',
      'host',
    ]);
  });

  it('states the defaults it assumed once each: host capacity, link speeds, the site', () => {
    const r = importClab(clos02);
    const assumed = r.report.filter((e) => e.severity === 'assumed').map((e) => e.object);
    expect(assumed.filter((o) => o === 'hosts')).toHaveLength(1);
    expect(assumed.filter((o) => o === 'links')).toHaveLength(1);
    const host = r.estate!.devices.find((d) => d.name === 'client1')!;
    expect(host.capacity).toEqual({ vcpu: 64, memoryGiB: 512, diskGiB: 4000 });
    const clientLink = r.estate!.links.find((l) => l.a === host.id || l.b === host.id)!;
    const fabricLink = r.estate!.links.find((l) => l.a === 'clos02.leaf1')!;
    expect([clientLink.capacityGbps, fabricLink.capacityGbps]).toEqual([25, 100]);
  });

  it('br01: the bridge and its three links are reported and left out; three lone switches stay', () => {
    const r = importClab(br01);
    expect(errors(r)).toEqual([]);
    expect(warnings(r).map((w) => w.object)).toEqual([
      'node "br-clab"',
      'links[0]',
      'links[1]',
      'links[2]',
    ]);
    expect(r.estate!.devices.map((d) => d.name)).toEqual(['srl1', 'srl2', 'srl3']);
    expect(r.estate!.links).toEqual([]);
    // No hosts: each switch is its own group's lowest layer.
    expect(roles(r)).toEqual({ leaf: ['srl1', 'srl2', 'srl3'] });
  });

  it('vxlan-sros: short-form links to the lab host are reported, not dropped silently', () => {
    const r = importClab(vxlanSros);
    expect(errors(r)).toEqual([]);
    expect(warnings(r)).toMatchObject([
      { object: 'links[0]', reason: expect.stringContaining('host link') as string },
      { object: 'links[1]', reason: expect.stringContaining('host:sr-eth2') as string },
    ]);
    expect(r.estate!.devices.map((d) => d.name)).toEqual(['sros']);
  });
});

describe('importClab link forms and inheritance', () => {
  it('reads extended and short links alike, keeps parallel links apart, reports host and dummy links', () => {
    // By hand: 5 nodes (spine1, leaf1, leaf2 from defaults' nokia_srlinux; server1, server2
    // linux from their group); 8 links of which 6 join two nodes (two leaf1-spine1, one
    // leaf2-spine1, the leaf1-leaf2 peer link, two server links), 1 host and 1 dummy link.
    expect(clabSchemaErrors(YAML.parse(extended))).toEqual([]);
    const r = importClab(extended);
    expect(errors(r)).toEqual([]);
    expect(roles(r)).toEqual({
      leaf: ['leaf1', 'leaf2'],
      spine: ['spine1'],
      host: ['server1', 'server2'],
    });
    const links = r.estate!.links;
    expect(links).toHaveLength(6);
    expect(new Set(links.map((l) => l.id)).size).toBe(6);
    expect(links.filter((l) => l.a === 'ext-lab.leaf1' && l.b === 'ext-lab.spine1')).toHaveLength(
      2,
    );
    expect(warnings(r).map((w) => [w.object, w.reason.split(' ').slice(0, 2).join(' ')])).toEqual([
      ['links[6]', 'a host'],
      ['links[7]', 'a dummy'],
    ]);
  });

  it('takes roles from vmmi-role labels over kinds and the graph', () => {
    const r = importClab(`
name: labelled
topology:
  nodes:
    agg: { kind: nokia_srlinux, labels: { vmmi-role: aggregation } }
    tor: { kind: linux, labels: { vmmi-role: access } }
    h1: { kind: linux }
  links:
    - endpoints: ["tor:eth1", "agg:e1-1"]
    - endpoints: ["h1:eth1", "tor:eth2"]
`);
    expect(errors(r)).toEqual([]);
    expect(roles(r)).toEqual({ aggregation: ['agg'], access: ['tor'], host: ['h1'] });
    expect(r.estate!.devices.find((d) => d.name === 'tor')!.tables).toEqual({
      macTable: 32_000,
      fib: 16_000,
    });
  });

  it('takes tiers from graph-level labels when every switch has one: the highest is the leaves', () => {
    // A chain a-b-c with no hosts: the graph alone would make a and c leaves.
    const r = importClab(`
name: levels
topology:
  defaults: { kind: nokia_srlinux }
  nodes:
    a: { labels: { graph-level: 1 } }
    b: { labels: { graph-level: 2 } }
    c: { labels: { graph-level: "3" } }
  links:
    - endpoints: ["a:e1-1", "b:e1-1"]
    - endpoints: ["b:e1-2", "c:e1-1"]
`);
    expect(roles(r)).toEqual({ core: ['a'], spine: ['b'], leaf: ['c'] });
  });

  it('calls a fourth switch layer and above core, and says so', () => {
    // host h - s1 - s2 - s3 - s4: s1 leaf, s2 spine, s3 and s4 core.
    const r = importClab(`
name: tall
topology:
  defaults: { kind: nokia_srlinux }
  nodes: { h: { kind: linux }, s1: , s2: , s3: , s4: }
  links:
    - endpoints: ["h:eth1", "s1:e1-1"]
    - endpoints: ["s1:e1-2", "s2:e1-1"]
    - endpoints: ["s2:e1-2", "s3:e1-1"]
    - endpoints: ["s3:e1-2", "s4:e1-1"]
`);
    expect(roles(r)).toEqual({ host: ['h'], leaf: ['s1'], spine: ['s2'], core: ['s3', 's4'] });
    expect(r.report).toContainEqual({
      severity: 'assumed',
      object: 'tiers',
      reason: 'more than three switch layers: s4, above the super-spines, taken as core too',
    });
  });

  it('without hosts takes the switches with fewest switch links as the leaves', () => {
    // Two spines, three leaves, every leaf to every spine: leaves have 2 links, spines 3.
    const links = ['l1', 'l2', 'l3'].flatMap((l, i) =>
      ['s1', 's2'].map((s, j) => `    - endpoints: ["${l}:e1-${j + 1}", "${s}:e1-${i + 1}"]`),
    );
    const r = importClab(
      `name: bare\ntopology:\n  defaults: { kind: arista_ceos }\n  nodes: { s1: , s2: , l1: , l2: , l3: }\n  links:\n${links.join('\n')}\n`,
    );
    expect(errors(r)).toEqual([]);
    expect(roles(r)).toEqual({ leaf: ['l1', 'l2', 'l3'], spine: ['s1', 's2'] });
  });

  it('splits sites by vmmi-site and joins their gateways by WAN links', () => {
    const site = (s: string) => `
    ${s}-gw: { kind: nokia_srlinux, labels: { vmmi-role: gateway, vmmi-site: ${s}${s === 'b' ? ', vmmi-stack: ipv6' : ''} } }
    ${s}-leaf: { kind: nokia_srlinux, labels: { vmmi-site: ${s} } }
    ${s}-h: { kind: linux, labels: { vmmi-site: ${s} } }`;
    const r = importClab(`
name: two-sites
topology:
  nodes:${site('a')}${site('b')}
  links:
    - endpoints: ["a-gw:e1-1", "a-leaf:e1-1"]
    - endpoints: ["a-h:eth1", "a-leaf:e1-2"]
    - endpoints: ["b-gw:e1-1", "b-leaf:e1-1"]
    - endpoints: ["b-h:eth1", "b-leaf:e1-2"]
    - endpoints: ["a-gw:e1-2", "b-gw:e1-2"]
`);
    expect(errors(r)).toEqual([]);
    const e = r.estate!;
    expect(e.sites.map((s) => s.id)).toEqual(['a', 'b']);
    expect(e.links).toHaveLength(4);
    expect(e.wanLinks).toMatchObject([{ a: 'a.a-gw', b: 'b.b-gw' }]);
    expect(
      e.devices.filter((d) => d.role === 'gateway').map((d) => [d.id, d.stack, d.ports]),
    ).toEqual([
      ['a.a-gw', 'dual', 2],
      ['b.b-gw', 'ipv6', 2],
    ]);
    expect(r.report).toContainEqual(
      expect.objectContaining({ severity: 'assumed', object: 'node "a-gw"' }),
    );
  });
});

describe('importClab refuses bad files with a report, never a throw', () => {
  const refused = (text: string) => {
    const r = importClab(text);
    expect(r.estate).toBeNull();
    return errors(r).map((e) => [e.object, e.reason]);
  };

  it('text that is not YAML', () => {
    expect(refused('name: [unclosed\ntopology: {')).toEqual([
      ['file', expect.stringMatching(/^not YAML: /) as string],
    ]);
  });

  it('YAML that is no topology, or has no nodes', () => {
    expect(refused('just words')[0]![0]).toBe('file');
    expect(refused('name: x\ntopology: {}')).toEqual([
      ['topology.nodes', expect.any(String) as string],
    ]);
  });

  it('a link to an unknown node, a malformed endpoint, a node without a kind', () => {
    expect(
      refused(`
name: bad
topology:
  nodes:
    a: { kind: linux }
    b: {}
  links:
    - endpoints: ["a:eth1", "ghost:eth1"]
    - endpoints: ["a-eth2", "b:eth1"]
`),
    ).toEqual([
      ['node "b"', expect.stringContaining('has no kind') as string],
      ['links[1]', 'endpoint "a-eth2" is not "node:interface"'],
      ['links[0]', 'unknown node "ghost"'],
    ]);
  });

  it('a role label we do not know, and a link across sites between non-gateways', () => {
    expect(
      refused(`
name: bad
topology:
  nodes:
    a: { kind: linux, labels: { vmmi-role: router } }
`),
    ).toEqual([['node "a"', 'label vmmi-role: "router" is not valid']]);
    expect(
      refused(`
name: bad
topology:
  defaults: { kind: nokia_srlinux }
  nodes:
    a: { labels: { vmmi-site: s1 } }
    b: { labels: { vmmi-site: s2 } }
  links:
    - endpoints: ["a:e1-1", "b:e1-1"]
`),
    ).toEqual([['links[0]', expect.stringContaining('joins sites "s1" and "s2"') as string]]);
  });

  it('an alias bomb is refused, not expanded', () => {
    const lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    expect(refused(lines.join('\n'))).toEqual([
      ['file', expect.stringContaining('alias') as string],
    ]);
  });
});
