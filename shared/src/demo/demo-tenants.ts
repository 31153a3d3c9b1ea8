/** The demo estate's tenants and their virtual networks: VLAN, VXLAN, Geneve and agent overlays; IPv4, IPv6, dual. */
import type { Tenant } from '../model/tenant.ts';
import type { VirtualNetwork } from '../model/virtual-network.ts';

export const DEMO_TENANTS: Tenant[] = [
  { id: 'acme', name: 'Acme Retail' },
  { id: 'globex', name: 'Globex Bank' },
  { id: 'initech', name: 'Initech Analytics' },
  { id: 'umbrella', name: 'Umbrella Health' },
  { id: 'stark', name: 'Stark Media' },
  { id: 'wayne', name: 'Wayne Logistics' },
];

/** A network with how many VMs the demo puts on it and which roles they play. */
export interface DemoNetwork {
  network: VirtualNetwork;
  vms: number;
  roles: readonly string[];
}

const v4v6 = (v4: string, v6: string) => [
  { cidr: v4, gateway: v4.replace(/0\/\d+$/, '1') },
  { cidr: v6, gateway: v6.replace(/\/\d+$/, '1') },
];

export const DEMO_NETWORKS: DemoNetwork[] = [
  {
    network: {
      id: 'acme-web',
      tenantId: 'acme',
      name: 'Acme storefront',
      segmentation: { type: 'vxlan', vni: 10010 },
      subnets: v4v6('10.10.0.0/22', '2001:db8:10::/64'),
      siteIds: ['fra1', 'ams1', 'lon1', 'dub-cloud'],
      stretched: true,
    },
    vms: 60,
    roles: ['web', 'web', 'app', 'cache', 'db'],
  },
  {
    // Two separate L2 domains that reuse one subnet: a move between them keeping the address collides (R10).
    network: {
      id: 'acme-legacy',
      tenantId: 'acme',
      name: 'Acme legacy ERP',
      segmentation: { type: 'vlan', vlanId: 120 },
      subnets: [
        {
          cidr: '10.120.0.0/24',
          gateway: '10.120.0.1',
          pool: { start: '10.120.0.10', end: '10.120.0.250' },
        },
      ],
      siteIds: ['fra1', 'ams1'],
      stretched: false,
    },
    vms: 20,
    roles: ['erp', 'erp-db'],
  },
  {
    network: {
      id: 'globex-core',
      tenantId: 'globex',
      name: 'Globex core banking',
      segmentation: { type: 'vlan', vlanId: 200 },
      subnets: [{ cidr: '10.20.0.0/22', gateway: '10.20.0.1' }],
      siteIds: ['fra1'],
      stretched: false,
    },
    vms: 40,
    roles: ['ledger', 'api', 'db'],
  },
  {
    network: {
      id: 'globex-trading',
      tenantId: 'globex',
      name: 'Globex trading',
      segmentation: { type: 'geneve', vni: 20020 },
      subnets: v4v6('10.21.0.0/23', '2001:db8:21::/64'),
      siteIds: ['fra1', 'lon1'],
      stretched: true,
    },
    vms: 40,
    roles: ['pricer', 'risk', 'gateway'],
  },
  {
    network: {
      id: 'initech-analytics',
      tenantId: 'initech',
      name: 'Initech analytics cluster',
      segmentation: { type: 'agent', clusterId: 3001 },
      subnets: [{ cidr: '10.30.0.0/22', gateway: '10.30.0.1' }],
      siteIds: ['ams1', 'iad1', 'sin1'],
      stretched: true,
    },
    vms: 50,
    roles: ['spark', 'spark', 'kafka', 'zk'],
  },
  {
    network: {
      id: 'umbrella-ehr',
      tenantId: 'umbrella',
      name: 'Umbrella patient records',
      segmentation: { type: 'vxlan', vni: 40040 },
      subnets: [{ cidr: '2001:db8:40::/64', gateway: '2001:db8:40::1' }],
      siteIds: ['lon1', 'sin1', 'fra1', 'dub-cloud'],
      stretched: true,
    },
    vms: 30,
    roles: ['ehr', 'ehr-db', 'imaging'],
  },
  {
    network: {
      id: 'stark-media',
      tenantId: 'stark',
      name: 'Stark media encoding',
      segmentation: { type: 'vlan', vlanId: 300 },
      subnets: [{ cidr: '10.50.0.0/22', gateway: '10.50.0.1' }],
      siteIds: ['iad1', 'dub-cloud'],
      stretched: false,
    },
    vms: 30,
    roles: ['encoder', 'origin', 'cdn-edge'],
  },
  {
    network: {
      id: 'wayne-ops',
      tenantId: 'wayne',
      name: 'Wayne fleet operations',
      segmentation: { type: 'agent', clusterId: 6001 },
      subnets: v4v6('10.60.0.0/22', '2001:db8:60::/64'),
      siteIds: ['ams1', 'iad1', 'dub-cloud'],
      stretched: true,
    },
    vms: 50,
    roles: ['tracker', 'router', 'db', 'api'],
  },
];
