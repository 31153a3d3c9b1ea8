// Export to containerlab, import back: the same devices, links, roles and sites.
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../../demo/demo-estate.ts';
import type { Estate } from '../../model/estate.ts';
import type { GeneratedTopologyKind } from '../../model/site.ts';
import { buildSingleSiteEstate } from '../../topology/multi-site.ts';
import { topologyGenerators } from '../../topology/registry.ts';
import { exportClab } from './export-clab.ts';
import { importClab } from './import-clab.ts';
import { SMALL_PARAMS } from './test-helpers.ts';

/** What a containerlab file can carry: devices by id with name, role and site; links as unordered pairs. */
function topologyOf(estate: Estate) {
  const pair = (l: { a: string; b: string }) => [l.a, l.b].sort().join(' ~ ');
  return {
    sites: estate.sites.map((s) => s.id).sort(),
    devices: estate.devices.map((d) => `${d.id} ${d.name} ${d.role} ${d.siteId}`).sort(),
    links: estate.links.map(pair).sort(),
    wanLinks: estate.wanLinks.map(pair).sort(),
    gatewayStacks: estate.devices
      .filter((d) => d.stack)
      .map((d) => `${d.id} ${d.stack}`)
      .sort(),
  };
}

function roundTrip(estate: Estate) {
  const back = importClab(exportClab(estate));
  expect(back.report.filter((e) => e.severity !== 'assumed')).toEqual([]);
  expect(topologyOf(back.estate!)).toEqual(topologyOf(estate));
  return back.estate!;
}

describe('containerlab round trips', () => {
  it.each(Object.keys(topologyGenerators) as GeneratedTopologyKind[])('%s', (kind) => {
    const estate = buildSingleSiteEstate(kind, SMALL_PARAMS[kind]);
    const back = roundTrip(estate);
    // Ports are recounted from the links, so they agree with the generator's.
    expect(back.devices.map((d) => d.ports)).toEqual(estate.devices.map((d) => d.ports));
  });

  it('the demo estate: six sites, their gateways and the WAN mesh', () => {
    const estate = buildDemoEstate();
    expect(estate.wanLinks.length).toBeGreaterThan(0);
    roundTrip(estate);
  });
});
