/**
 * A small estate written by hand: two leaf-spine sites with one gateway each,
 * joined by a WAN link; one tenant with one stretched VXLAN network; three VMs
 * (two in site A, one in site B) and two flows, one across the WAN.
 */
import { parseEstate, type Estate, type EstateInput } from '@vmmi/shared';

const site = (id: string, region: string, lat: number, lon: number) => ({
  id,
  name: `DC ${id}`,
  ownership: 'private' as const,
  region,
  location: { lat, lon },
  topology: { kind: 'leaf-spine' as const, params: { spines: 1, leaves: 2 } },
  underlay: { ipv4: id === 'dc-a' ? '10.255.1.0/24' : '10.255.2.0/24' },
});

const host = (id: string, siteId: string) => ({
  id,
  siteId,
  name: id,
  role: 'host' as const,
  ports: 2,
  capacity: { vcpu: 32, memoryGiB: 256, diskGiB: 2000 },
});

const sw = (id: string, siteId: string, role: 'leaf' | 'spine') => ({
  id,
  siteId,
  name: id,
  role,
  ports: 32,
  tables: { macTable: 32_000, fib: 16_000 },
});

const link = (id: string, a: string, b: string) => ({
  id,
  a,
  b,
  capacityGbps: 100,
  latencyMs: 0.01,
  cost: 1,
});

const vm = (id: string, hostId: string, n: number) => ({
  id,
  name: id,
  tenantId: 'acme',
  networkId: 'acme-web',
  hostId,
  mac: `52:54:00:00:00:0${n}`,
  ipv4: `10.1.0.${10 + n}`,
  vcpu: 4,
  memoryGiB: 16,
  dirtyRateMiBps: 50,
  disk: { kind: 'shared' as const, sizeGiB: 40 },
});

/** A fresh copy each call, so a test may change it freely. */
export function makeEstateInput(): EstateInput {
  return {
    format: 'vmmi-estate',
    formatVersion: 1,
    id: 'test-estate',
    name: 'Test estate',
    sites: [site('dc-a', 'eu-west', 48.85, 2.35), site('dc-b', 'eu-central', 50.11, 8.68)],
    devices: [
      {
        id: 'gw-a',
        siteId: 'dc-a',
        name: 'gw-a',
        role: 'gateway',
        ports: 8,
        stack: 'dual',
        ipv4: '10.255.1.1',
      },
      sw('spine-a', 'dc-a', 'spine'),
      sw('leaf-a1', 'dc-a', 'leaf'),
      sw('leaf-a2', 'dc-a', 'leaf'),
      host('host-a1', 'dc-a'),
      host('host-a2', 'dc-a'),
      {
        id: 'gw-b',
        siteId: 'dc-b',
        name: 'gw-b',
        role: 'gateway',
        ports: 8,
        stack: 'ipv4',
        ipv4: '10.255.2.1',
      },
      sw('leaf-b1', 'dc-b', 'leaf'),
      host('host-b1', 'dc-b'),
    ],
    links: [
      link('l-gw-a', 'gw-a', 'spine-a'),
      link('l-a1', 'spine-a', 'leaf-a1'),
      link('l-a2', 'spine-a', 'leaf-a2'),
      link('l-h-a1', 'leaf-a1', 'host-a1'),
      link('l-h-a2', 'leaf-a2', 'host-a2'),
      link('l-gw-b', 'gw-b', 'leaf-b1'),
      link('l-h-b1', 'leaf-b1', 'host-b1'),
    ],
    wanLinks: [{ id: 'wan-ab', a: 'gw-a', b: 'gw-b', capacityGbps: 10, latencyMs: 8, cost: 10 }],
    tenants: [{ id: 'acme', name: 'ACME' }],
    networks: [
      {
        id: 'acme-web',
        tenantId: 'acme',
        name: 'ACME web',
        segmentation: { type: 'vxlan', vni: 10_001 },
        subnets: [{ cidr: '10.1.0.0/24', gateway: '10.1.0.1' }],
        siteIds: ['dc-a', 'dc-b'],
        stretched: true,
      },
    ],
    vms: [vm('vm-1', 'host-a1', 1), vm('vm-2', 'host-a2', 2), vm('vm-3', 'host-b1', 3)],
    flows: [
      { id: 'f-1-3', src: 'vm-1', dst: { kind: 'vm', vmId: 'vm-3' }, rateMbps: 200, port: 443 },
      { id: 'f-3-out', src: 'vm-3', dst: { kind: 'prefix', prefix: '0.0.0.0/0' }, rateMbps: 50 },
    ],
  };
}

/** The fixture parsed, with defaults filled in: what the server stores. */
export function makeEstate(): Estate {
  const parsed = parseEstate(makeEstateInput());
  if (!parsed.ok) throw new Error(`the test fixture is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.estate;
}
