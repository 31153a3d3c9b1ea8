import { restrictEstateToSite, validateEstateReferences } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { makeEstate } from './fixtures.ts';

const ids = (items: readonly { id: string }[]) => items.map((x) => x.id);

describe('restrictEstateToSite', () => {
  it('keeps the site, its devices and the links among them', () => {
    const view = restrictEstateToSite(makeEstate(), 'dc-a')!;
    expect(ids(view.sites)).toEqual(['dc-a']);
    expect(ids(view.devices)).toEqual([
      'gw-a',
      'spine-a',
      'leaf-a1',
      'leaf-a2',
      'host-a1',
      'host-a2',
    ]);
    expect(ids(view.links)).toEqual(['l-gw-a', 'l-a1', 'l-a2', 'l-h-a1', 'l-h-a2']);
  });

  it('keeps the WAN links touching its gateways', () => {
    const estate = makeEstate();
    expect(ids(restrictEstateToSite(estate, 'dc-a')!.wanLinks)).toEqual(['wan-ab']);
    expect(ids(restrictEstateToSite(estate, 'dc-b')!.wanLinks)).toEqual(['wan-ab']);
  });

  it('keeps the VMs on its hosts and the flows from or to them', () => {
    const estate = makeEstate();
    const a = restrictEstateToSite(estate, 'dc-a')!;
    expect(ids(a.vms)).toEqual(['vm-1', 'vm-2']);
    expect(ids(a.flows)).toEqual(['f-1-3']);
    const b = restrictEstateToSite(estate, 'dc-b')!;
    expect(ids(b.vms)).toEqual(['vm-3']);
    expect(ids(b.flows)).toEqual(['f-1-3', 'f-3-out']);
  });

  it('keeps only the networks present at the site and their tenants', () => {
    const estate = makeEstate();
    estate.tenants.push({ id: 'other', name: 'Other' });
    estate.networks.push({
      id: 'other-b',
      tenantId: 'other',
      name: 'Other in B',
      segmentation: { type: 'vlan', vlanId: 20 },
      subnets: [{ cidr: '192.168.0.0/24' }],
      siteIds: ['dc-b'],
      stretched: false,
    });
    const a = restrictEstateToSite(estate, 'dc-a')!;
    expect(ids(a.networks)).toEqual(['acme-web']);
    expect(ids(a.tenants)).toEqual(['acme']);
    const b = restrictEstateToSite(estate, 'dc-b')!;
    expect(ids(b.networks)).toEqual(['acme-web', 'other-b']);
    expect(ids(b.tenants)).toEqual(['acme', 'other']);
  });

  it('references outside the site are the only dangling ones', () => {
    const issues = validateEstateReferences(restrictEstateToSite(makeEstate(), 'dc-a')!);
    // The far gateway of the WAN link, the peer VM of the cross-site flow, and the other site of the stretched network.
    expect(issues.map((i) => i.message).sort()).toEqual([
      'unknown VM "vm-3"',
      'unknown device "gw-b"',
      'unknown site "dc-b"',
    ]);
  });

  it('returns undefined for an unknown site and leaves the input alone', () => {
    const estate = makeEstate();
    const before = structuredClone(estate);
    expect(restrictEstateToSite(estate, 'dc-zz')).toBeUndefined();
    restrictEstateToSite(estate, 'dc-a');
    expect(estate).toEqual(before);
  });
});
