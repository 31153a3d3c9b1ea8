/**
 * What must be announced after a VM lands at its new location, so that
 * switches, neighbours and overlay endpoints learn where it is (R4, R7, R9):
 *
 * - IPv4: a gratuitous ARP (an ARP announcement, RFC 5227 section 3) from the
 *   destination host on the VM's behalf;
 * - IPv6: an unsolicited neighbour advertisement with the override flag
 *   (RFC 4861 section 7.2.6);
 * - VXLAN / Geneve: an EVPN type-2 MAC/IP route per address (a MAC-only route
 *   if the VM has none) with the MAC Mobility sequence number raised by one
 *   (RFC 7432 section 15, see overlay/evpn.ts);
 * - the draft's agent overlay: an agent-table update per address,
 *   (Dst_vm_ip, Cluster_id) -> the new Dst_host_ip, since agents capture the
 *   VM's frames and ARP/NA never leave the host.
 *
 * The ARP/NA announcements are sent for VLAN and VXLAN/Geneve networks alike:
 * on an overlay they update the local switch and the VTEP's ARP suppression.
 */
import type { VirtualNetwork } from '../model/virtual-network.ts';
import type { Vm } from '../model/vm.ts';

export interface AddressAnnouncement {
  kind: 'gratuitous-arp' | 'unsolicited-na' | 'evpn-mac-ip' | 'agent-table';
  mac: string;
  /** The announced IP; absent on a MAC-only EVPN route. */
  address?: string;
  message: string;
}

/**
 * The announcements for `addresses` (kept or new) on `network` after a move.
 *
 * @example
 * addressAnnouncements(vxlanNet, { mac, ipv4: '10.10.0.10' });
 * // [gratuitous-arp 10.10.0.10, evpn-mac-ip 10.10.0.10]
 */
export function addressAnnouncements(
  network: Pick<VirtualNetwork, 'id' | 'segmentation'>,
  addresses: Pick<Vm, 'mac' | 'ipv4' | 'ipv6'>,
): AddressAnnouncement[] {
  const { mac, ipv4, ipv6 } = addresses;
  const ips = [ipv4, ipv6].filter((ip): ip is string => ip !== undefined);
  const seg = network.segmentation;
  if (seg.type === 'agent')
    return ips.map((address) => ({
      kind: 'agent-table',
      mac,
      address,
      message: `agents of cluster ${seg.clusterId} map (${address}, ${seg.clusterId}) to the new host`,
    }));
  const out: AddressAnnouncement[] = [];
  if (ipv4 !== undefined)
    out.push({
      kind: 'gratuitous-arp',
      mac,
      address: ipv4,
      message: `gratuitous ARP for ${ipv4} (${mac}) in network "${network.id}"`,
    });
  if (ipv6 !== undefined)
    out.push({
      kind: 'unsolicited-na',
      mac,
      address: ipv6,
      message: `unsolicited neighbour advertisement for ${ipv6} (${mac}) in network "${network.id}"`,
    });
  if (seg.type === 'vxlan' || seg.type === 'geneve') {
    const routes = ips.length > 0 ? ips : [undefined];
    for (const address of routes)
      out.push({
        kind: 'evpn-mac-ip',
        mac,
        ...(address !== undefined && { address }),
        message: `EVPN type-2 route for ${mac}${address ? ` / ${address}` : ''} in VNI ${seg.vni}, MAC mobility sequence + 1`,
      });
  }
  return out;
}
