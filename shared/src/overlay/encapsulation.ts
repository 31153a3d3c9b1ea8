/**
 * Encapsulation overheads and the MTU left for a VM (R9, R11). Sizes are the
 * protocols' own: what each tunnel adds in front of the VM's IP packet.
 *
 * - VXLAN (RFC 7348): outer IPv4 20 or IPv6 40, UDP 8, VXLAN 8, inner Ethernet
 *   14: 50 bytes over IPv4, 70 over IPv6; an inner 802.1Q tag adds 4.
 * - Geneve (RFC 8926): the same outer headers, an 8-byte base header plus
 *   options (multiples of 4 bytes), inner Ethernet 14: 50 + options over IPv4.
 * - The draft's communications-agent header (R9): Src_host_ip (4 or 16),
 *   Dst_vm_ip (4 or 16), Cluster_id 4, Packet_size 2, Seq_num 4: 18 bytes with
 *   IPv4 addresses, 42 with IPv6; carried over outer IP and UDP, with no inner
 *   Ethernet header (the agent forwards the VM's IP packet).
 * - PMIP redirection (RFC 5213 style): IP-in-IP, one outer IP header (20 or
 *   40), plus 4 for GRE when keyed GRE is used.
 * - LISP (RFC 9300 §5, "LISP Encapsulation Details": the IPv4-in-IPv4 and
 *   IPv6-in-IPv6 header formats, §5.1 and §5.2): an outer IP header (20 or
 *   40), UDP 8 (destination port 4341), the LISP header 8 (flags, nonce /
 *   map-version, instance id / locator-status bits), then the VM's IP packet
 *   with no Ethernet header: 36 bytes over IPv4, 56 over IPv6.
 */
import type { IpFamily } from '../net/ip.ts';

export const HEADER_BYTES = {
  ethernet: 14,
  dot1q: 4,
  ipv4: 20,
  ipv6: 40,
  udp: 8,
  vxlan: 8,
  geneveBase: 8,
  gre: 4,
  lisp: 8,
} as const;

/** The agent header's fields and their sizes in bytes for an address family. */
export function agentHeaderFields(family: IpFamily): { field: string; bytes: number }[] {
  const ip = family === 'ipv4' ? 4 : 16;
  return [
    { field: 'Src_host_ip', bytes: ip },
    { field: 'Dst_vm_ip', bytes: ip },
    { field: 'Cluster_id', bytes: 4 },
    { field: 'Packet_size', bytes: 2 },
    { field: 'Seq_num', bytes: 4 },
  ];
}

export function agentHeaderBytes(family: IpFamily): number {
  return agentHeaderFields(family).reduce((n, f) => n + f.bytes, 0);
}

export type Encapsulation =
  | { kind: 'none' }
  | { kind: 'vlan' }
  | { kind: 'vxlan'; outer: IpFamily; innerDot1q?: boolean }
  | { kind: 'geneve'; outer: IpFamily; optionBytes?: number; innerDot1q?: boolean }
  | { kind: 'agent'; outer: IpFamily; addressFamily: IpFamily }
  | { kind: 'pmip'; outer: IpFamily; gre?: boolean }
  | { kind: 'lisp'; outer: IpFamily };

// Module-level, not closures in encapsulationOverhead: it runs once per tunnel of every preview.
const ip = (f: IpFamily) => (f === 'ipv4' ? HEADER_BYTES.ipv4 : HEADER_BYTES.ipv6);
const tag = (t?: boolean) => (t ? HEADER_BYTES.dot1q : 0);

/** Bytes a tunnel adds in front of the VM's IP packet (what the VM's MTU loses). */
export function encapsulationOverhead(enc: Encapsulation): number {
  switch (enc.kind) {
    case 'none':
      return 0;
    case 'vlan':
      // The 802.1Q tag sits in the Ethernet header; switches carry 1522-byte frames, so the IP MTU is unchanged.
      return 0;
    case 'vxlan':
      return (
        ip(enc.outer) +
        HEADER_BYTES.udp +
        HEADER_BYTES.vxlan +
        HEADER_BYTES.ethernet +
        tag(enc.innerDot1q)
      );
    case 'geneve': {
      const opts = enc.optionBytes ?? 0;
      if (opts % 4 !== 0 || opts < 0 || opts > 252)
        throw new RangeError('Geneve options are 0..252 bytes in multiples of 4');
      return (
        ip(enc.outer) +
        HEADER_BYTES.udp +
        HEADER_BYTES.geneveBase +
        opts +
        HEADER_BYTES.ethernet +
        tag(enc.innerDot1q)
      );
    }
    case 'agent':
      return ip(enc.outer) + HEADER_BYTES.udp + agentHeaderBytes(enc.addressFamily);
    case 'pmip':
      return ip(enc.outer) + (enc.gre ? HEADER_BYTES.gre : 0);
    case 'lisp':
      return ip(enc.outer) + HEADER_BYTES.udp + HEADER_BYTES.lisp;
  }
}

/** The largest IP packet the VM can send without fragmentation over this tunnel. */
export function vmMtu(underlayMtu: number, enc: Encapsulation): number {
  return underlayMtu - encapsulationOverhead(enc);
}
