/** The demo estate's sites: five regions, every topology kind, every gateway stack, one public cloud. */
import type { LispDeployment } from '../model/lisp.ts';
import type { MultiSiteSpec } from '../topology/multi-site.ts';

export const DEMO_SITES: MultiSiteSpec['sites'] = [
  {
    id: 'fra1',
    name: 'Frankfurt FRA1',
    ownership: 'private',
    region: 'eu-central-1',
    location: { lat: 50.11, lon: 8.68 },
    topology: {
      kind: 'three-tier',
      params: { cores: 2, aggregations: 4, accessPerAggregation: 2, hostsPerAccess: 8 },
    },
    gateway: { stack: 'dual' },
  },
  {
    id: 'ams1',
    name: 'Amsterdam AMS1',
    ownership: 'private',
    region: 'eu-west-1',
    location: { lat: 52.37, lon: 4.9 },
    topology: { kind: 'fat-tree', params: { k: 8 } },
    gateway: { stack: 'ipv4' },
  },
  {
    id: 'lon1',
    name: 'London LON1',
    ownership: 'private',
    region: 'eu-west-2',
    location: { lat: 51.51, lon: -0.13 },
    topology: { kind: 'leaf-spine', params: { spines: 4, leaves: 8, hostsPerLeaf: 8 } },
    gateway: { stack: 'dual' },
  },
  {
    id: 'sin1',
    name: 'Singapore SIN1',
    ownership: 'private',
    region: 'ap-southeast-1',
    location: { lat: 1.35, lon: 103.82 },
    topology: { kind: 'bcube', params: { n: 4, k: 1 } },
    gateway: { stack: 'ipv6' },
  },
  {
    id: 'iad1',
    name: 'Ashburn IAD1',
    ownership: 'private',
    region: 'us-east-1',
    location: { lat: 39.04, lon: -77.49 },
    topology: { kind: 'leaf-spine', params: { spines: 2, leaves: 4, hostsPerLeaf: 8 } },
    gateway: { stack: 'ipv4' },
  },
  {
    id: 'dub-cloud',
    name: 'Public cloud Dublin',
    ownership: 'public',
    region: 'eu-west-3',
    location: { lat: 53.35, lon: -6.26 },
    topology: { kind: 'leaf-spine', params: { spines: 2, leaves: 4, hostsPerLeaf: 8 } },
    gateway: { stack: 'dual' },
  },
];

/**
 * LISP runs in three of the private DCs, so some moves can keep their address
 * as an EID and others cannot: the map server in Frankfurt, a proxy ITR in
 * London for the sites without LISP and the outside. The map-cache TTL is
 * left at its default (model/lisp.ts).
 */
export const DEMO_LISP: LispDeployment = {
  xtrSiteIds: ['fra1', 'lon1', 'iad1'],
  mapServerSiteId: 'fra1',
  proxyItrSiteIds: ['lon1'],
};
