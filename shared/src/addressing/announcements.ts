/**
 * What the new location of a VM announces, per address family (R4, R7, R9):
 *
 * - On a VLAN, VXLAN or Geneve segment the guest announces itself on QEMU's
 *   announce timer: one gratuitous ARP (RFC 5227 §3; RFC 826) per IPv4 address
 *   and one unsolicited neighbour advertisement (RFC 4861 §7.2.6) per IPv6
 *   address, each round. QEMU 7.2 fires the timer at 0, 50, 200, 450 and
 *   800 ms after the destination starts (net/announce.c with
 *   migration/options.c's defaults; migration/reconvergence.ts). The guest
 *   sends the frames itself when virtio-net negotiated GUEST_ANNOUNCE, as
 *   Linux guests do; otherwise QEMU sends RARP frames on the same timer, which
 *   teach switches the MAC but not the address.
 * - On VXLAN and Geneve the new VTEP also advertises an EVPN MAC/IP
 *   advertisement route (type 2, RFC 7432 §7.2) for every MAC+IP pair, so a
 *   dual-stack VM has two, with the MAC Mobility sequence number raised
 *   (§15); a VM with no address has one MAC-only route.
 * - On the agent overlay the controller pushes one (Dst_vm_ip, Cluster_id) →
 *   Dst_host_ip entry per address to every agent of the cluster; the VM's own
 *   frames are captured by its local agent and teach no switch.
 *
 * Strategies that move a route out of the old site (EVPN type-5 host routes,
 * PMIP bindings, DNS for a new address) add those announcements themselves.
 */
import { announcementSchedule } from '../migration/reconvergence.ts';
import type { VirtualNetwork } from '../model/virtual-network.ts';
import type { IpFamily } from '../net/ip.ts';
import type { Announcement } from '../impact/report.ts';

export interface AnnouncedAddresses {
  vmId: string;
  mac: string;
  ipv4: string | null;
  ipv6: string | null;
}

/** Who hears the announcements, and where the VM now is. */
export interface AnnouncementAudience {
  /** VMs in the VM's L2 domain: the hosts and switches that learn from its GARP / NA. */
  domain: number;
  /** Other VTEPs of the VNI (VXLAN, Geneve), receivers of its EVPN routes. */
  vteps?: number;
  /** Other agents of the cluster (agent overlay), receivers of its table updates. */
  agents?: number;
  /** The new host (VTEP or agent) the routes and entries point to. */
  nextHop: string;
  /** When the EVPN routes, or the agents' entries, are expected in place, ms after the switchover. */
  controlPlaneMs?: number;
}

const FRAME: Record<IpFamily, { kind: 'garp' | 'unsolicited-na'; what: string }> = {
  ipv4: { kind: 'garp', what: 'gratuitous ARP' },
  ipv6: { kind: 'unsolicited-na', what: 'unsolicited NA' },
};

function addressesOf(a: AnnouncedAddresses): { family: IpFamily; address: string }[] {
  const out: { family: IpFamily; address: string }[] = [];
  if (a.ipv4) out.push({ family: 'ipv4', address: a.ipv4 });
  if (a.ipv6) out.push({ family: 'ipv6', address: a.ipv6 });
  return out;
}

/**
 * The announcements of one VM at its new place on `network`, one per address
 * and family as the module comment lists them.
 *
 * @example
 * // A dual-stack VM on a VXLAN network: GARP, unsolicited NA and two type-2 routes.
 * addressAnnouncements(net, { vmId, mac, ipv4: '10.10.0.10', ipv6: '2001:db8:10::a' },
 *   { domain: 60, vteps: 12, nextHop: 'lon1.leaf-1-h1' }).map((a) => a.kind);
 * // ['garp', 'unsolicited-na', 'evpn-type2', 'evpn-type2']
 */
export function addressAnnouncements(
  network: VirtualNetwork,
  addresses: AnnouncedAddresses,
  audience: AnnouncementAudience,
): Announcement[] {
  const out: Announcement[] = [];
  const seg = network.segmentation;
  const ips = addressesOf(addresses);
  const control = audience.controlPlaneMs === undefined ? [] : [audience.controlPlaneMs];
  if (seg.type === 'agent') {
    for (const { family, address } of ips)
      out.push({
        kind: 'agent-update',
        vmId: addresses.vmId,
        address,
        family,
        detail: `(${address}, cluster ${seg.clusterId}) → ${audience.nextHop}`,
        receivers: audience.agents ?? 0,
        atMs: control,
      });
    return out;
  }
  const schedule = announcementSchedule();
  for (const { family, address } of ips)
    out.push({
      kind: FRAME[family].kind,
      vmId: addresses.vmId,
      address,
      family,
      detail: `${FRAME[family].what} ${address} at ${addresses.mac}, ${schedule.length} rounds`,
      receivers: audience.domain,
      atMs: schedule,
    });
  if (seg.type === 'vxlan' || seg.type === 'geneve') {
    const pairs = ips.length ? ips : [null];
    for (const ip of pairs)
      out.push({
        kind: 'evpn-type2',
        vmId: addresses.vmId,
        address: ip?.address ?? null,
        family: ip?.family ?? null,
        detail: `VNI ${seg.vni} MAC ${addresses.mac}${ip ? ` IP ${ip.address}` : ''} next hop ${audience.nextHop}, MAC Mobility sequence +1`,
        receivers: audience.vteps ?? 0,
        atMs: control,
      });
  }
  return out;
}
