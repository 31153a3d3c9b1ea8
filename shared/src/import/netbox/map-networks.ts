/**
 * NetBox tenants, VLANs, prefixes, L2VPNs and VRFs → our tenants, networks and zones.
 * A VLAN with prefixes is a vlan network of its site; the VLANs an L2VPN of a VXLAN
 * type with an identifier terminates on are one stretched vxlan network (VNI = the
 * identifier) across their sites; a VRF is a policy zone over the sites of the
 * networks whose prefixes are in it (docs/import-netbox.md).
 */
import type { Zone } from '../../model/policy.ts';
import type { Tenant } from '../../model/tenant.ts';
import { CidrSchema, type Id } from '../../model/primitives.ts';
import type { Subnet, VirtualNetwork } from '../../model/virtual-network.ts';
import { idAllocator, refOf, type ImportContext } from './context.ts';
import type { MappedSites } from './map-sites.ts';

/** The tenant that objects NetBox gives none are put in. */
export const UNASSIGNED_TENANT: Tenant = { id: 'netbox-unassigned', name: 'No tenant in NetBox' };

/** L2VPN types that are VXLAN segments. */
const VXLAN_TYPES = new Set(['vxlan', 'vxlan-evpn']);

export interface MappedNetworks {
  tenants: Tenant[];
  /** NetBox tenant id → our tenant id. */
  tenantOf: Map<number, Id>;
  /** Uses (creating once) the tenant for objects without one, and reports it. */
  unassignedTenant(object: Parameters<ImportContext['assume']>[0]): Id;
  networks: VirtualNetwork[];
  /** NetBox VLAN id → the network it is part of. */
  networkOfVlan: Map<number, VirtualNetwork>;
  zones: Zone[];
}

export function mapNetworks(ctx: ImportContext, sites: MappedSites): MappedNetworks {
  const { records } = ctx;
  const tenantIds = idAllocator();
  const tenants: Tenant[] = [];
  const tenantOf = new Map<number, Id>();
  for (const t of [...records.tenants].sort((a, b) => a.id - b.id)) {
    const tenant = { id: tenantIds(t.slug, t.id), name: t.name };
    tenants.push(tenant);
    tenantOf.set(t.id, tenant.id);
  }
  let unassignedMade = false;
  const unassignedTenant: MappedNetworks['unassignedTenant'] = (object) => {
    if (!unassignedMade) tenants.push(UNASSIGNED_TENANT);
    unassignedMade = true;
    ctx.assume(object, `no tenant: tenant "${UNASSIGNED_TENANT.id}"`);
    return UNASSIGNED_TENANT.id;
  };
  const tenantFor = (
    nb: { tenant: { id: number } | null },
    object: Parameters<ImportContext['assume']>[0],
  ) => (nb.tenant && tenantOf.get(nb.tenant.id)) ?? unassignedTenant(object);

  // Prefixes: subnets of their VLAN's network; one bound to no VLAN is no network's.
  const subnetsOfVlan = new Map<number, { subnet: Subnet; vrf: number | null }[]>();
  for (const p of [...records.prefixes].sort((a, b) => a.id - b.id)) {
    const ref = refOf('ipam.prefix', { id: p.id, name: p.prefix });
    const cidr = CidrSchema.safeParse(p.prefix);
    if (!cidr.success) ctx.skip(ref, 'not an IP prefix');
    else if (!p.vlan)
      ctx.skip(ref, `bound to no VLAN (status ${p.status ?? '?'}): no network's subnet`);
    else {
      const list = subnetsOfVlan.get(p.vlan.id) ?? [];
      list.push({ subnet: { cidr: cidr.data }, vrf: p.vrf?.id ?? null });
      subnetsOfVlan.set(p.vlan.id, list);
    }
  }

  const vlans = new Map(records.vlans.map((v) => [v.id, v]));
  const networkIds = idAllocator();
  const networks: VirtualNetwork[] = [];
  const networkOfVlan = new Map<number, VirtualNetwork>();
  const vrfsOfNetwork = new Map<VirtualNetwork, Set<number>>();
  const addNetwork = (n: VirtualNetwork, vlanIds: number[]) => {
    networks.push(n);
    const vrfs = new Set<number>();
    for (const v of vlanIds) {
      networkOfVlan.set(v, n);
      for (const s of subnetsOfVlan.get(v) ?? []) if (s.vrf !== null) vrfs.add(s.vrf);
    }
    vrfsOfNetwork.set(n, vrfs);
  };
  const siteOfVlan = (id: number) => {
    const v = vlans.get(id);
    return v?.site ? sites.byNetboxId.get(v.site.id) : undefined;
  };

  // L2VPNs of a VXLAN type with an identifier: one stretched vxlan network over their VLANs.
  const terms = new Map<number, number[]>();
  for (const t of [...records.l2vpnTerminations].sort((a, b) => a.id - b.id)) {
    const ref = refOf('vpn.l2vpntermination', {
      id: t.id,
      name: `${t.l2vpn.name ?? t.l2vpn.id} → ${t.assigned_object_type} #${t.assigned_object_id}`,
    });
    if (t.assigned_object_type !== 'ipam.vlan')
      ctx.skip(ref, 'terminates on an interface, not a VLAN');
    else if (!vlans.has(t.assigned_object_id)) ctx.skip(ref, 'its VLAN was not read');
    else terms.set(t.l2vpn.id, [...(terms.get(t.l2vpn.id) ?? []), t.assigned_object_id]);
  }
  for (const l of [...records.l2vpns].sort((a, b) => a.id - b.id)) {
    const ref = refOf('vpn.l2vpn', l);
    const vlanIds = (terms.get(l.id) ?? []).filter((v) => siteOfVlan(v));
    const subnets = vlanIds.flatMap((v) => (subnetsOfVlan.get(v) ?? []).map((s) => s.subnet));
    if (!VXLAN_TYPES.has(l.type ?? '')) ctx.skip(ref, `type "${l.type}" is not a VXLAN`);
    else if (l.identifier == null || l.identifier < 1 || l.identifier > 16_777_215)
      ctx.skip(ref, 'no identifier in 1..16777215 to use as its VNI');
    else if (!vlanIds.length) ctx.skip(ref, 'terminates on no VLAN of an imported site');
    else if (!subnets.length) ctx.skip(ref, 'its VLANs have no prefixes');
    else {
      const siteIds = [...new Set(vlanIds.map((v) => siteOfVlan(v)!.id))];
      const network: VirtualNetwork = {
        id: networkIds(`l2vpn-${l.slug}`, l.id),
        tenantId: tenantFor(l, ref),
        name: l.name,
        segmentation: { type: 'vxlan', vni: l.identifier },
        subnets,
        siteIds,
        stretched: true,
      };
      addNetwork(network, vlanIds);
      for (const v of vlanIds)
        ctx.assume(
          refOf('ipam.vlan', vlans.get(v)!),
          `part of the vxlan network "${network.id}" (L2VPN ${l.name})`,
        );
    }
  }

  for (const v of [...records.vlans].sort((a, b) => a.id - b.id)) {
    if (networkOfVlan.has(v.id)) continue;
    const ref = refOf('ipam.vlan', v);
    const site = siteOfVlan(v.id);
    const subnets = (subnetsOfVlan.get(v.id) ?? []).map((s) => s.subnet);
    if (!site) ctx.skip(ref, v.site ? `its site #${v.site.id} was not imported` : 'no site');
    else if (v.vid < 1 || v.vid > 4094) ctx.skip(ref, `VLAN id ${v.vid} is outside 1..4094`);
    else if (!subnets.length) ctx.skip(ref, 'no prefixes: a network needs a subnet');
    else
      addNetwork(
        {
          id: networkIds(`${site.id}.vlan${v.vid}`, v.id),
          tenantId: tenantFor(v, ref),
          name: `${v.name} (${site.name})`,
          segmentation: { type: 'vlan', vlanId: v.vid },
          subnets,
          siteIds: [site.id],
          stretched: false,
        },
        [v.id],
      );
  }

  const zoneIds = idAllocator();
  const zones: Zone[] = [];
  for (const vrf of [...records.vrfs].sort((a, b) => a.id - b.id)) {
    const siteIds = [
      ...new Set(
        networks.filter((n) => vrfsOfNetwork.get(n)!.has(vrf.id)).flatMap((n) => n.siteIds),
      ),
    ];
    if (!siteIds.length)
      ctx.skip(refOf('ipam.vrf', vrf), 'none of its prefixes is a network subnet: no zone');
    else zones.push({ id: zoneIds(`vrf-${vrf.name}`, vrf.id), name: `VRF ${vrf.name}`, siteIds });
  }
  return { tenants, tenantOf, unassignedTenant, networks, networkOfVlan, zones };
}
