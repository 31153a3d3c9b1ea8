// The draft's communications agent (R9): header layout, per-host tables, cluster isolation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { canonicalIp } from '../net/ip.ts';
import { agentLookup, buildAgentTables, decodeAgentHeader, encodeAgentHeader } from './agent.ts';

describe('agent header', () => {
  it('round-trips every field, in 18 bytes for IPv4 and 42 for IPv6', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.tuple(fc.ipV4(), fc.ipV4()), fc.tuple(fc.ipV6(), fc.ipV6())),
        fc.nat({ max: 0xffffffff }),
        fc.nat({ max: 0xffff }),
        fc.nat({ max: 0xffffffff }),
        ([src, dst], clusterId, packetSize, seqNum) => {
          const bytes = encodeAgentHeader({
            srcHostIp: src,
            dstVmIp: dst,
            clusterId,
            packetSize,
            seqNum,
          });
          expect(bytes.length).toBe(src.includes(':') ? 42 : 18);
          const back = decodeAgentHeader(bytes);
          expect(back).toMatchObject({ clusterId, packetSize, seqNum });
          // Decoded addresses are in canonical text (RFC 5952 for IPv6), whatever was encoded.
          expect([back.srcHostIp, back.dstVmIp]).toEqual([canonicalIp(src), canonicalIp(dst)]);
          expect(encodeAgentHeader(back)).toEqual(bytes);
        },
      ),
    );
  });

  it('puts Cluster_id right after the two addresses, in network byte order', () => {
    const b = encodeAgentHeader({
      srcHostIp: '10.0.0.1',
      dstVmIp: '10.30.0.10',
      clusterId: 3001,
      packetSize: 1400,
      seqNum: 7,
    });
    expect(Array.from(b.subarray(8, 12))).toEqual([0, 0, 0x0b, 0xb9]);
    expect(() => decodeAgentHeader(b.subarray(0, 17))).toThrow(/18 or 42/);
  });
});

describe('agent tables', () => {
  const demo = buildDemoEstate();
  const tables = buildAgentTables(demo);
  const net = demo.networks.find((n) => n.segmentation.type === 'agent')!;
  const clusterId = net.segmentation.type === 'agent' ? net.segmentation.clusterId : -1;
  const vms = demo.vms.filter((vm) => vm.networkId === net.id);

  it('exist exactly on the hosts that run a VM of an agent-overlay cluster', () => {
    const agentHosts = new Set(
      demo.vms
        .filter(
          (vm) => demo.networks.find((n) => n.id === vm.networkId)!.segmentation.type === 'agent',
        )
        .map((vm) => vm.hostId),
    );
    expect(new Set(tables.keys())).toEqual(agentHosts);
  });

  it('map (Dst_vm_ip, Cluster_id) to the host the VM runs on', () => {
    const hostIp = new Map(demo.devices.map((d) => [d.id, d.ipv4 ?? d.ipv6]));
    const from = vms[0]!.hostId;
    for (const vm of vms)
      expect(agentLookup(tables, from, vm.ipv4!, clusterId)).toBe(hostIp.get(vm.hostId));
  });

  it('never forward into another cluster: the same IP under another Cluster_id has no entry', () => {
    expect(agentLookup(tables, vms[0]!.hostId, vms[1]!.ipv4!, clusterId + 1)).toBeUndefined();
  });
});
