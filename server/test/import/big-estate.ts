/**
 * A valid estate of about 50 MB as compact JSON: a k = 32 fat-tree (8,192 hosts,
 * 1,280 switches, 24,576 links) and 180,000 VMs on one network, spread over the hosts.
 */
import { buildSingleSiteEstate, parseEstate, type Estate } from '@vmmi/shared';

const VMS = 180_000;

const hex = (n: number) => n.toString(16).padStart(2, '0');

/** The estate's id, and its JSON text in the key order the database gives back (the schema's). */
export function bigEstateJson(): { id: string; text: string; vms: number } {
  const estate: Estate = buildSingleSiteEstate('fat-tree', { k: 32 });
  const hosts = estate.devices.filter((d) => d.role === 'host');
  estate.tenants.push({ id: 'bulk', name: 'Bulk' });
  estate.networks.push({
    id: 'bulk-net',
    tenantId: 'bulk',
    name: 'bulk',
    segmentation: { type: 'vxlan', vni: 5000 },
    // 10.128.0.0/9 holds the 180,000 addresses below (10.128.0.0 .. 10.130.191.255).
    subnets: [{ cidr: '10.128.0.0/9' }],
    siteIds: [estate.sites[0]!.id],
    stretched: false,
  });
  for (let i = 0; i < VMS; i++) {
    estate.vms.push({
      id: `vm-${i}`,
      name: `vm-${i}`,
      tenantId: 'bulk',
      networkId: 'bulk-net',
      hostId: hosts[i % hosts.length]!.id,
      mac: `52:54:00:${hex((i >> 16) & 255)}:${hex((i >> 8) & 255)}:${hex(i & 255)}`,
      ipv4: `10.${128 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
      vcpu: 1,
      memoryGiB: 1,
      dirtyRateMiBps: 10,
      disk: { kind: 'shared', sizeGiB: 10 },
    });
  }
  const parsed = parseEstate(estate);
  if (!parsed.ok) throw new Error(`the big estate is invalid: ${parsed.issues[0]?.message}`);
  return { id: parsed.estate.id, text: JSON.stringify(parsed.estate), vms: VMS };
}
