/**
 * The draft's virtual-network communications agent (R9): one agent per host,
 * created when the first VM of a cluster lands there and revoked when the last
 * leaves. Agents capture a VM's frames by rule (same Cluster_id only), wrap
 * them in the agent header and forward by looking up (Dst_vm_ip, Cluster_id)
 * to find Dst_host_ip.
 */
import type { Estate } from '../model/estate.ts';
import { ipFamily } from '../net/ip.ts';
import { formatIp, parseIp } from '../net/ip-text.ts';
import { agentHeaderBytes } from './encapsulation.ts';

/** One forwarding entry: (Dst_vm_ip, Cluster_id) → Dst_host_ip. */
export interface AgentEntry {
  dstVmIp: string;
  clusterId: number;
  dstHostIp: string;
}

/** Agent tables by host id: the entries every agent on a host holds. */
export type AgentTables = Map<string, Map<string, AgentEntry>>;

export const agentKey = (dstVmIp: string, clusterId: number) => `${clusterId}|${dstVmIp}`;

/** The agent tables of the estate: every host running a VM of an agent-overlay network learns every VM of that cluster. */
export function buildAgentTables(estate: Estate): AgentTables {
  const hostIp = new Map(estate.devices.map((d) => [d.id, d.ipv4 ?? d.ipv6]));
  const tables: AgentTables = new Map();
  for (const net of estate.networks) {
    if (net.segmentation.type !== 'agent') continue;
    const clusterId = net.segmentation.clusterId;
    const vms = estate.vms.filter((vm) => vm.networkId === net.id);
    const entries: AgentEntry[] = [];
    for (const vm of vms) {
      const dstHostIp = hostIp.get(vm.hostId);
      if (!dstHostIp) continue;
      for (const ip of [vm.ipv4, vm.ipv6])
        if (ip) entries.push({ dstVmIp: ip, clusterId, dstHostIp });
    }
    for (const host of new Set(vms.map((vm) => vm.hostId))) {
      const table = tables.get(host) ?? new Map<string, AgentEntry>();
      for (const e of entries) table.set(agentKey(e.dstVmIp, e.clusterId), e);
      tables.set(host, table);
    }
  }
  return tables;
}

/** The forwarding decision of an agent, or undefined when it has no entry (the frame is dropped, never leaked to another cluster). */
export function agentLookup(
  tables: AgentTables,
  hostId: string,
  dstVmIp: string,
  clusterId: number,
): string | undefined {
  return tables.get(hostId)?.get(agentKey(dstVmIp, clusterId))?.dstHostIp;
}

export interface AgentHeader {
  srcHostIp: string;
  dstVmIp: string;
  clusterId: number;
  packetSize: number;
  seqNum: number;
}

/**
 * Encodes the header in network byte order: Src_host_ip, Dst_vm_ip, Cluster_id
 * (32 bits), Packet_size (16 bits), Seq_num (32 bits). Both addresses must be
 * of one family, which decides the size (18 or 42 bytes).
 */
export function encodeAgentHeader(h: AgentHeader): Uint8Array {
  const family = ipFamily(h.srcHostIp);
  if (ipFamily(h.dstVmIp) !== family)
    throw new RangeError('Src_host_ip and Dst_vm_ip must be of one family');
  if (h.packetSize < 0 || h.packetSize > 0xffff) throw new RangeError('Packet_size is 16 bits');
  const out = new Uint8Array(agentHeaderBytes(family));
  const view = new DataView(out.buffer);
  const bytesOf = (ip: string) => parseIp(ip)!.groups.flatMap((g) => [g >> 8, g & 0xff]);
  const src = bytesOf(h.srcHostIp);
  const dst = bytesOf(h.dstVmIp);
  out.set(src, 0);
  out.set(dst, src.length);
  let o = src.length + dst.length;
  view.setUint32(o, h.clusterId >>> 0);
  view.setUint16((o += 4), h.packetSize);
  view.setUint32((o += 2), h.seqNum >>> 0);
  return out;
}

export function decodeAgentHeader(bytes: Uint8Array): AgentHeader {
  const ipLen =
    bytes.length === agentHeaderBytes('ipv4')
      ? 4
      : bytes.length === agentHeaderBytes('ipv6')
        ? 16
        : 0;
  if (!ipLen) throw new RangeError(`an agent header is 18 or 42 bytes, not ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ip = (from: number) => {
    const groups: number[] = [];
    for (let i = from; i < from + ipLen; i += 2) groups.push(view.getUint16(i));
    return formatIp({ family: ipLen === 4 ? 'ipv4' : 'ipv6', groups });
  };
  const o = 2 * ipLen;
  return {
    srcHostIp: ip(0),
    dstVmIp: ip(ipLen),
    clusterId: view.getUint32(o),
    packetSize: view.getUint16(o + 4),
    seqNum: view.getUint32(o + 6),
  };
}
