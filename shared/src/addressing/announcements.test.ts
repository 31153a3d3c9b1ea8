// What a moved VM announces, per address family, on QEMU's announce timer (R4, R7, R9).
import { describe, expect, it } from 'vitest';
import type { VirtualNetwork } from '../model/virtual-network.ts';
import { addressAnnouncements } from './announcements.ts';

const net = (segmentation: VirtualNetwork['segmentation']): VirtualNetwork => ({
  id: 'n',
  tenantId: 't',
  name: 'n',
  segmentation,
  subnets: [{ cidr: '10.0.0.0/24' }, { cidr: '2001:db8::/64' }],
  siteIds: ['a'],
  stretched: true,
});
const dual = { vmId: 'v', mac: '52:54:00:00:00:01', ipv4: '10.0.0.10', ipv6: '2001:db8::a' };

// QEMU 7.2, net/announce.c: after the send at t = 0 the timer re-arms after
// initial + (rounds − round − 1) × step, with round counting down 4, 3, 2, 1 and the defaults of
// migration/options.c (initial 50, step 100, max 550, rounds 5): gaps 50, 150, 250, 350 ms.
const QEMU_ANNOUNCE_MS = [0, 50, 200, 450, 800];

describe('addressAnnouncements', () => {
  it('a dual-stack VM on VXLAN: GARP (IPv4), unsolicited NA (IPv6), one type-2 route per MAC+IP pair', () => {
    const a = addressAnnouncements(net({ type: 'vxlan', vni: 5000 }), dual, {
      domain: 10,
      vteps: 4,
      nextHop: 'h9',
      controlPlaneMs: 100,
    });
    expect(a.map((x) => [x.kind, x.family, x.address, x.receivers, x.atMs])).toEqual([
      ['garp', 'ipv4', '10.0.0.10', 10, QEMU_ANNOUNCE_MS],
      ['unsolicited-na', 'ipv6', '2001:db8::a', 10, QEMU_ANNOUNCE_MS],
      ['evpn-type2', 'ipv4', '10.0.0.10', 4, [100]],
      ['evpn-type2', 'ipv6', '2001:db8::a', 4, [100]],
    ]);
  });

  it('an IPv6-only VM on a VLAN: only the unsolicited NA', () => {
    const a = addressAnnouncements(
      net({ type: 'vlan', vlanId: 10 }),
      { ...dual, ipv4: null },
      { domain: 3, nextHop: 'h9' },
    );
    expect(a.map((x) => x.kind)).toEqual(['unsolicited-na']);
  });

  it('a VM with no address on Geneve: one MAC-only type-2 route', () => {
    const a = addressAnnouncements(
      net({ type: 'geneve', vni: 7 }),
      { ...dual, ipv4: null, ipv6: null },
      { domain: 3, vteps: 2, nextHop: 'h9' },
    );
    expect(a.map((x) => [x.kind, x.address])).toEqual([['evpn-type2', null]]);
  });

  it('on the agent overlay: one (Dst_vm_ip, Cluster_id) entry per address, no GARP or NA', () => {
    const a = addressAnnouncements(net({ type: 'agent', clusterId: 3001 }), dual, {
      domain: 0,
      agents: 5,
      nextHop: '10.0.1.2',
    });
    expect(a.map((x) => [x.kind, x.detail, x.receivers])).toEqual([
      ['agent-update', '(10.0.0.10, cluster 3001) → 10.0.1.2', 5],
      ['agent-update', '(2001:db8::a, cluster 3001) → 10.0.1.2', 5],
    ]);
  });
});
