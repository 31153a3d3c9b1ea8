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
