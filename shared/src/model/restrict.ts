/**
 * One site's slice of an estate, for views that show a single DC.
 * Pure, so the server's estate.get and the web's site view share it.
 */
import type { Estate } from './estate.ts';

/**
 * The estate restricted to one site: the site, its devices, the links among
 * them, the WAN links touching its gateways, the networks that exist there, the
 * VMs and VNEs on its hosts, the flows from or to those VMs, and the tenants of
 * all these. Policies are estate-wide and small, so they are kept whole.
 *
 * The result is a view, not a self-contained estate: WAN links name far-end
 * gateways, flows may name peer VMs, and stretched networks name other sites,
 * none of which are included. Returns undefined when the site does not exist.
 *
 * @example restrictEstateToSite(estate, 'dc-paris')?.devices.length
 */
export function restrictEstateToSite(estate: Estate, siteId: string): Estate | undefined {
  const site = estate.sites.find((s) => s.id === siteId);
  if (!site) return undefined;

  const devices = estate.devices.filter((d) => d.siteId === siteId);
  const deviceIds = new Set(devices.map((d) => d.id));
  const gatewayIds = new Set(devices.filter((d) => d.role === 'gateway').map((d) => d.id));
  const vms = estate.vms.filter((vm) => deviceIds.has(vm.hostId));
  const vmIds = new Set(vms.map((vm) => vm.id));
  const vnes = estate.vnes.filter((v) => deviceIds.has(v.hostId));
  // A valid estate only places VMs on networks present at their host's site, so this covers theirs too.
  const networks = estate.networks.filter((n) => n.siteIds.includes(siteId));
  const tenantIds = new Set([...networks, ...vms, ...vnes].map((x) => x.tenantId));

  return {
    ...estate,
    sites: [site],
    devices,
    links: estate.links.filter((l) => deviceIds.has(l.a) && deviceIds.has(l.b)),
    wanLinks: estate.wanLinks.filter((l) => gatewayIds.has(l.a) || gatewayIds.has(l.b)),
    tenants: estate.tenants.filter((t) => tenantIds.has(t.id)),
    networks,
    vms,
    vnes,
    flows: estate.flows.filter(
      (f) => vmIds.has(f.src) || (f.dst.kind === 'vm' && vmIds.has(f.dst.vmId)),
    ),
  };
}

/**
 * The estate as an operator limited to some tenants sees it: all of the
 * shared infrastructure (sites, devices, links, WAN links, zones), and of the
 * tenants' own objects only theirs: their tenants, networks, VMs and VNEs,
 * the flows among what remains (a flow to an external endpoint stays with
 * its VM), and the firewall and placement rules that name nothing hidden.
 * Nothing of another tenant is left, not even its id in a rule.
 *
 * @example restrictEstateToTenants(estate, ['acme']).vms.every((vm) => vm.tenantId === 'acme')
 */
export function restrictEstateToTenants(estate: Estate, tenantIds: readonly string[]): Estate {
  const tenants = new Set(tenantIds);
  const networks = estate.networks.filter((n) => tenants.has(n.tenantId));
  const networkIds = new Set(networks.map((n) => n.id));
  const vms = estate.vms.filter((vm) => tenants.has(vm.tenantId));
  const vmIds = new Set(vms.map((vm) => vm.id));
  const visible = (sel: Estate['policies']['firewallRules'][number]['from']) =>
    sel.kind === 'tenant'
      ? tenants.has(sel.tenantId)
      : sel.kind === 'network'
        ? networkIds.has(sel.networkId)
        : true;
  return {
    ...estate,
    tenants: estate.tenants.filter((t) => tenants.has(t.id)),
    networks,
    vms,
    vnes: estate.vnes.filter((v) => tenants.has(v.tenantId)),
    flows: estate.flows.filter(
      (f) => vmIds.has(f.src) && (f.dst.kind !== 'vm' || vmIds.has(f.dst.vmId)),
    ),
    policies: {
      ...estate.policies,
      firewallRules: estate.policies.firewallRules.filter((r) => visible(r.from) && visible(r.to)),
      placementRules: estate.policies.placementRules.filter((r) =>
        r.vmIds.every((id) => vmIds.has(id)),
      ),
    },
  };
}
