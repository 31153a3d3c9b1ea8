// R4, R7, R9: what is announced after a move, by address family and segmentation.
import { describe, expect, it } from 'vitest';
import { addressAnnouncements } from './announcements.ts';

const mac = '52:54:00:00:00:01';

describe('addressAnnouncements', () => {
  it('sends a gratuitous ARP for IPv4 and an unsolicited NA for IPv6 on a VLAN', () => {
    const net = { id: 'v', segmentation: { type: 'vlan' as const, vlanId: 10 } };
    expect(
      addressAnnouncements(net, { mac, ipv4: '10.0.0.5', ipv6: '2001:db8::5' }).map((a) => [
        a.kind,
        a.address,
      ]),
    ).toEqual([
      ['gratuitous-arp', '10.0.0.5'],
      ['unsolicited-na', '2001:db8::5'],
    ]);
  });

  it('adds one EVPN type-2 route per address on VXLAN and Geneve, MAC-only with no address', () => {
    const vx = { id: 'x', segmentation: { type: 'vxlan' as const, vni: 5000 } };
    expect(addressAnnouncements(vx, { mac, ipv6: '2001:db8::5' }).map((a) => a.kind)).toEqual([
      'unsolicited-na',
      'evpn-mac-ip',
    ]);
    const gn = { id: 'g', segmentation: { type: 'geneve' as const, vni: 7 } };
    expect(addressAnnouncements(gn, { mac })).toEqual([
      expect.objectContaining({ kind: 'evpn-mac-ip', mac }),
    ]);
  });

  it('updates agent tables only on the agent overlay, keyed by (Dst_vm_ip, Cluster_id)', () => {
    const ag = { id: 'a', segmentation: { type: 'agent' as const, clusterId: 3001 } };
    const out = addressAnnouncements(ag, { mac, ipv4: '10.30.0.10' });
    expect(out).toEqual([expect.objectContaining({ kind: 'agent-table', address: '10.30.0.10' })]);
    expect(out[0]!.message).toContain('(10.30.0.10, 3001)');
  });
});
