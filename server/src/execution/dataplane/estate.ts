/**
 * The small estate the data-plane check runs on by default: two sites of one
 * leaf and two hosts each, joined by a WAN link, and one tenant network
 * stretched over both as VXLAN. The guest moves from a.leaf-1-h1 to
 * b.leaf-1-h1; its peer runs on b.leaf-1-h2 and talks to it. Three hosts
 * take part: the source, the destination and the peer's.
 */
import { buildMultiSiteEstate, type Estate } from '@vmmi/shared';

export const SMALL_ESTATE_MOVE = {
  vmId: 'guest',
  peerVmId: 'peer',
  toHost: 'b.leaf-1-h1',
} as const;

export function smallDataplaneEstate(): Estate {
  const estate = buildMultiSiteEstate({
    id: 'dataplane-small',
    name: 'data-plane check',
    wan: 'mesh',
    sites: (['a', 'b'] as const).map((id, i) => ({
      id,
      name: `site ${id}`,
      ownership: 'private' as const,
      region: `r-${id}`,
      location: { lat: 50, lon: 4 + i * 2 },
      topology: { kind: 'leaf-spine' as const, params: { spines: 1, leaves: 1, hostsPerLeaf: 2 } },
      gateway: { stack: 'dual' as const },
    })),
  });
  // Each site's fabric plan starts at the same addresses; VTEPs on one underlay need their own.
  for (const d of estate.devices)
    if (d.role === 'host' && d.ipv4)
      d.ipv4 = d.ipv4.replace(/^10\.0\./, d.siteId === 'a' ? '10.11.' : '10.12.');
  estate.tenants = [{ id: 't', name: 'Tenant' }];
  estate.networks = [
    {
      id: 'web',
      tenantId: 't',
      name: 'web',
      segmentation: { type: 'vxlan', vni: 5001 },
      subnets: [{ cidr: '10.77.0.0/24', gateway: '10.77.0.1' }],
      siteIds: ['a', 'b'],
      stretched: true,
    },
  ];
  const vm = (id: string, hostId: string, mac: string, ipv4: string) => ({
    id,
    name: id,
    tenantId: 't',
    networkId: 'web',
    hostId,
    mac,
    ipv4,
    vcpu: 1,
    memoryGiB: 2,
    dirtyRateMiBps: 8,
    disk: { kind: 'shared' as const, sizeGiB: 10 },
  });
  estate.vms = [
    vm('guest', 'a.leaf-1-h1', '52:54:00:77:00:05', '10.77.0.5'),
    vm('peer', 'b.leaf-1-h2', '52:54:00:77:00:06', '10.77.0.6'),
  ];
  estate.flows = [
    { id: 'peer-to-guest', src: 'peer', dst: { kind: 'vm', vmId: 'guest' }, rateMbps: 10 },
  ];
  return estate;
}
