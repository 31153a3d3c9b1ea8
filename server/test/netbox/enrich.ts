/**
 * The enriched demo data: NetBox's demo records plus what they lack for placed
 * VMs. The demo's one Application Server (device 106, site NCSU-065) hosts three
 * VMs on VLAN 310 there; a Database Server added at NCSU-117 (cabled to its
 * distribution switch) hosts two VMs on VLAN 310 there (found by address) and
 * one on VLAN 320; VLAN 310 of both sites is one L2VPN of type vxlan-evpn with
 * identifier 10310; one more VM names a router as its device. Tests that use
 * it say so.
 */
import { rows, type Tables } from './demo-data.ts';

const NCSU_065 = 21;
const NCSU_117 = 22;
const NC_STATE = 13;
const APP_SERVER = 106;
/** A free 100G port of NCSU-117's distribution switch (device 94). */
const DIST_SWITCH_PORT = 912;
const ROUTER = 1;

export const ENRICHED = {
  dbServer: 1001,
  vlan310At065: 1001,
  vlan310At117: 1002,
  vlan320At117: 1003,
  l2vpn: 1,
  vni: 10310,
  /** VM pk → where it was placed. */
  placed: [
    {
      vm: 361,
      host: APP_SERVER,
      vlan: 1001,
      ip: '10.200.0.11/24',
      untagged: true,
      tenant: NC_STATE,
    },
    { vm: 362, host: APP_SERVER, vlan: 1001, ip: '10.200.0.12/24', untagged: true, tenant: null },
    { vm: 363, host: APP_SERVER, vlan: 1001, ip: '10.200.0.13/24', untagged: true, tenant: null },
    { vm: 364, host: 1001, vlan: 1002, ip: '10.200.1.14/24', untagged: false, tenant: NC_STATE },
    { vm: 365, host: 1001, vlan: 1002, ip: '10.200.1.15/24', untagged: false, tenant: null },
    { vm: 366, host: 1001, vlan: 1003, ip: '10.200.20.16/24', untagged: true, tenant: null },
  ],
  /** A VM whose device is a router: reported, not placed. */
  onRouter: 367,
  vcpus: 4,
  memoryMb: 8192,
  diskMb: 40960,
} as const;

/** Returns the tables with the enrichment added (they are changed in place). */
export function enrich(tables: Tables): Tables {
  const devices = rows(tables, 'dcim.device');
  const app = devices.get(APP_SERVER)!;
  devices.set(ENRICHED.dbServer, {
    ...structuredClone(app),
    name: 'ncsu117-db01',
    role: 8,
    site: NCSU_117,
    rack: null,
    position: null,
  });
  rows(tables, 'dcim.interface').set(5001, {
    device: ENRICHED.dbServer,
    name: 'eth0',
    type: '10gbase-x-sfpp',
    enabled: true,
    cable: 5001,
    cable_end: 'A',
  });
  rows(tables, 'dcim.cable').set(5001, { type: 'smf', status: 'connected', label: '', color: '' });
  rows(tables, 'dcim.interface').get(DIST_SWITCH_PORT)!.cable = 5001;
  const terms = rows(tables, 'dcim.cabletermination');
  terms.set(5001, {
    cable: 5001,
    cable_end: 'A',
    termination_type: ['dcim', 'interface'],
    termination_id: 5001,
  });
  terms.set(5002, {
    cable: 5001,
    cable_end: 'B',
    termination_type: ['dcim', 'interface'],
    termination_id: DIST_SWITCH_PORT,
  });

  const vlans = rows(tables, 'ipam.vlan');
  const vlan = (site: number, vid: number, name: string) => ({
    site,
    group: null,
    vid,
    name,
    tenant: NC_STATE,
    status: 'active',
    role: null,
  });
  vlans.set(ENRICHED.vlan310At065, vlan(NCSU_065, 310, 'App'));
  vlans.set(ENRICHED.vlan310At117, vlan(NCSU_117, 310, 'App'));
  vlans.set(ENRICHED.vlan320At117, vlan(NCSU_117, 320, 'DB'));
  const prefixes = rows(tables, 'ipam.prefix');
  const prefix = (p: string, v: number) => ({
    prefix: p,
    site: null,
    vrf: null,
    tenant: NC_STATE,
    vlan: v,
    status: 'active',
    role: null,
  });
  prefixes.set(1001, prefix('10.200.0.0/24', ENRICHED.vlan310At065));
  prefixes.set(1002, prefix('10.200.1.0/24', ENRICHED.vlan310At117));
  prefixes.set(1003, prefix('10.200.20.0/24', ENRICHED.vlan320At117));

  rows(tables, 'vpn.l2vpn').set(ENRICHED.l2vpn, {
    name: 'NCSU App',
    slug: 'ncsu-app',
    type: 'vxlan-evpn',
    identifier: ENRICHED.vni,
    tenant: NC_STATE,
  });
  const l2terms = rows(tables, 'vpn.l2vpntermination');
  l2terms.set(1, {
    l2vpn: ENRICHED.l2vpn,
    assigned_object_type: ['ipam', 'vlan'],
    assigned_object_id: ENRICHED.vlan310At065,
  });
  l2terms.set(2, {
    l2vpn: ENRICHED.l2vpn,
    assigned_object_type: ['ipam', 'vlan'],
    assigned_object_id: ENRICHED.vlan310At117,
  });

  const vms = rows(tables, 'virtualization.virtualmachine');
  const vmInterfaces = rows(tables, 'virtualization.vminterface');
  const addresses = rows(tables, 'ipam.ipaddress');
  const firstInterface = (vm: number) =>
    [...vmInterfaces.entries()]
      .filter(([, i]) => i.virtual_machine === vm)
      .sort((a, b) => a[0] - b[0])[0]!;
  for (const p of ENRICHED.placed) {
    const vm = vms.get(p.vm)!;
    const site = p.host === APP_SERVER ? NCSU_065 : NCSU_117;
    Object.assign(vm, {
      device: p.host,
      site,
      tenant: p.tenant,
      vcpus: ENRICHED.vcpus,
      memory: ENRICHED.memoryMb,
      disk: ENRICHED.diskMb,
    });
    const [itfId, itf] = firstInterface(p.vm);
    itf.mac_address = `52:54:00:00:01:${p.vm.toString(16).slice(-2)}`;
    if (p.untagged) Object.assign(itf, { mode: 'access', untagged_vlan: p.vlan });
    const ipId = 1000 + p.vm;
    addresses.set(ipId, {
      address: p.ip,
      vrf: null,
      tenant: null,
      status: 'active',
      role: '',
      assigned_object_type: ['virtualization', 'vminterface'],
      assigned_object_id: itfId,
    });
    vm.primary_ip4 = ipId;
  }
  Object.assign(vms.get(ENRICHED.onRouter)!, {
    device: ROUTER,
    vcpus: 2,
    memory: 2048,
    disk: 10240,
  });
  return tables;
}
