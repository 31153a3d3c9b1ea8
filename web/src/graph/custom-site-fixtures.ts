/**
 * Custom fabrics for the tests: graphs no generator builds, as an importer
 * would hand them over (roles, no pods), and generated estates relabelled as
 * custom. Test-only.
 */
import {
  buildDemoEstate,
  buildSingleSiteEstate,
  type Device,
  type Estate,
  type Link,
} from '@vmmi/shared';

export const CUSTOM_SITE_ID = 'lab1';

function device(id: string, role: Device['role'], name = id): Device {
  return { id, siteId: CUSTOM_SITE_ID, name, role, ports: 48, state: 'up' };
}

function link(a: string, b: string, capacityGbps = 100): Link {
  return {
    id: `${a}--${b}`,
    a,
    b,
    capacityGbps,
    latencyMs: 0.01,
    cost: 1,
    state: 'up',
    utilisation: 0.2,
  };
}

/**
 * An irregular leaf-spine: leaf-a has uplinks to both spines, leaf-b and
 * leaf-c one each, leaf-d (two uplinks) has no hosts; host h-ab hangs off
 * leaf-a and leaf-b; the spines are linked to each other and to the gateway.
 */
export function irregularFabric(): { devices: Device[]; links: Link[] } {
  const devices = [
    device('gw', 'gateway'),
    device('s1', 'spine'),
    device('s2', 'spine'),
    ...['leaf-a', 'leaf-b', 'leaf-c', 'leaf-d'].map((id) => device(id, 'leaf')),
    ...['h-a1', 'h-a2', 'h-ab', 'h-b1', 'h-c1', 'h-c2', 'h-c3'].map((id) => device(id, 'host')),
  ];
  const links = [
    link('gw', 's1'),
    link('gw', 's2'),
    link('s1', 's2', 400),
    link('s1', 'leaf-a'),
    link('s2', 'leaf-a'),
    link('s2', 'leaf-b'),
    link('s1', 'leaf-c'),
    link('s1', 'leaf-d'),
    link('s2', 'leaf-d'),
    link('leaf-a', 'h-a1', 25),
    link('leaf-a', 'h-a2', 25),
    link('leaf-a', 'h-ab', 25),
    link('leaf-b', 'h-ab', 25),
    link('leaf-b', 'h-b1', 25),
    link('leaf-c', 'h-c1', 25),
    link('leaf-c', 'h-c2', 25),
    link('leaf-c', 'h-c3', 25),
  ];
  return { devices, links };
}

/**
 * Two stars whose leaves interleave by id: l1 and l3 hang off s2, l2 and l4
 * off s1, one host each. Drawn in id order the uplinks cross; a drawing
 * without crossings exists (each spine above its own two leaves).
 */
export function interleavedStars(): { devices: Device[]; links: Link[] } {
  const leaves = ['l1', 'l2', 'l3', 'l4'];
  const devices = [
    device('s1', 'spine'),
    device('s2', 'spine'),
    ...leaves.map((id) => device(id, 'leaf')),
    ...leaves.map((id) => device(`h-${id}`, 'host')),
  ];
  const links = [
    link('s2', 'l1'),
    link('s1', 'l2'),
    link('s2', 'l3'),
    link('s1', 'l4'),
    ...leaves.map((id) => link(id, `h-${id}`, 25)),
  ];
  return { devices, links };
}

/** An estate holding one custom site with the given fabric, no VMs. */
export function customEstate(fabric: { devices: Device[]; links: Link[] }): Estate {
  const base = buildSingleSiteEstate('leaf-spine');
  const site = { ...base.sites[0]!, id: CUSTOM_SITE_ID, name: 'Lab 1' };
  return {
    ...base,
    sites: [{ ...site, topology: { kind: 'custom', params: {} } }],
    devices: fabric.devices,
    links: fabric.links,
    // The base's VMs, flows and WAN links name devices this fabric does not have.
    wanLinks: [],
    vms: [],
    flows: [],
  };
}

/** The demo estate with every site's kind set to custom: the generators' graphs, laid out as imported ones. */
export function demoAsCustom(): Estate {
  const estate = buildDemoEstate();
  return {
    ...estate,
    sites: estate.sites.map((s) => ({ ...s, topology: { ...s.topology, kind: 'custom' } })),
  };
}
