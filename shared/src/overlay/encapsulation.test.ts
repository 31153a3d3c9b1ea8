// Header sizes from RFC 7348 (VXLAN), RFC 8926 (Geneve), the draft's agent header (R9), RFC 5213 (PMIP) and RFC 9300 §5 (LISP).
import { describe, expect, it } from 'vitest';
import { agentHeaderBytes, encapsulationOverhead, vmMtu } from './encapsulation.ts';

describe('encapsulation overhead', () => {
  it('is 50 bytes for VXLAN over IPv4 and 70 over IPv6, 4 more with an inner 802.1Q tag', () => {
    expect(encapsulationOverhead({ kind: 'vxlan', outer: 'ipv4' })).toBe(50);
    expect(encapsulationOverhead({ kind: 'vxlan', outer: 'ipv6' })).toBe(70);
    expect(encapsulationOverhead({ kind: 'vxlan', outer: 'ipv4', innerDot1q: true })).toBe(54);
  });

  it('is Geneve 8 bytes plus options on top of the outer headers', () => {
    const base = encapsulationOverhead({ kind: 'geneve', outer: 'ipv4' });
    expect(base).toBe(50);
    expect(encapsulationOverhead({ kind: 'geneve', outer: 'ipv4', optionBytes: 12 })).toBe(
      base + 12,
    );
    expect(() => encapsulationOverhead({ kind: 'geneve', outer: 'ipv4', optionBytes: 6 })).toThrow(
      /multiples of 4/,
    );
  });

  it('sizes the agent header from its five fields: 18 bytes for IPv4, 42 for IPv6', () => {
    expect(agentHeaderBytes('ipv4')).toBe(4 + 4 + 4 + 2 + 4);
    expect(agentHeaderBytes('ipv6')).toBe(16 + 16 + 4 + 2 + 4);
    expect(encapsulationOverhead({ kind: 'agent', outer: 'ipv4', addressFamily: 'ipv4' })).toBe(
      20 + 8 + 18,
    );
  });

  it('is 36 bytes for LISP over IPv4 and 56 over IPv6: outer IP, UDP 8, LISP header 8, no inner Ethernet (RFC 9300 §5)', () => {
    expect(encapsulationOverhead({ kind: 'lisp', outer: 'ipv4' })).toBe(36);
    expect(encapsulationOverhead({ kind: 'lisp', outer: 'ipv6' })).toBe(56);
    expect(vmMtu(1500, { kind: 'lisp', outer: 'ipv4' })).toBe(1464);
    expect(vmMtu(1500, { kind: 'lisp', outer: 'ipv6' })).toBe(1444);
  });

  it('leaves 1450 bytes to a VM behind VXLAN over a 1500-byte IPv4 underlay', () => {
    expect(vmMtu(1500, { kind: 'vxlan', outer: 'ipv4' })).toBe(1450);
    expect(vmMtu(9000, { kind: 'vxlan', outer: 'ipv6' })).toBe(8930);
    expect(vmMtu(1500, { kind: 'vlan' })).toBe(1500);
    expect(vmMtu(1500, { kind: 'pmip', outer: 'ipv6', gre: true })).toBe(1456);
  });
});
