/**
 * The devices of a WAN link (wan-link.ts draws them): namespaces, veths to
 * the middle one, VXLAN between the two ends, and tbf on each end's egress.
 */
import { run } from './command.ts';

export type Namespaces = Record<'a' | 'b' | 'w', string>;

/** The underlay, inside the link's own namespaces only, so every link can use the same. */
export const UNDERLAY = {
  a: '169.254.0.1',
  wa: '169.254.0.2',
  b: '169.254.0.5',
  wb: '169.254.0.6',
};
export const UNDERLAY_RANGE = '169.254.0.0/16';
export const VXLAN_PORT = 4789;
// VXLAN adds 50 bytes; a larger underlay MTU keeps the overlay at the usual 1,500.
const UNDERLAY_MTU = '1550';
const MAC = { a: '02:00:0a:ff:00:0a', b: '02:00:0a:ff:00:0b' };
// The stack leaves TCP and UDP checksums for the device to fill in (checksum offload), and the
// relay reads the frames in W before any device has: remote checksum offload hands that job to
// the receiving end's VXLAN instead, or B would drop every segment as corrupt. (Turning the
// offload off would need ethtool, which iproute2 does not include.)
const VXLAN = 'type vxlan id 1 nolearning udpcsum remcsumtx remcsumrx'.split(' ');

const ip = (ns: string, ...args: string[]) => run('ip', ['-n', ns, ...args]);

export async function buildTopology(ns: Namespaces, addr: { a: string; b: string }, bits: number) {
  for (const n of [ns.a, ns.b, ns.w]) {
    await run('ip', ['netns', 'add', n]);
    await ip(n, 'link', 'set', 'lo', 'up');
  }
  for (const side of ['a', 'b'] as const) {
    const other = side === 'a' ? 'b' : 'a';
    const [mine, wan] = side === 'a' ? [UNDERLAY.a, UNDERLAY.wa] : [UNDERLAY.b, UNDERLAY.wb];
    const peer = `ul${side}`;
    await ip(ns[side], 'link', 'add', 'ul0', 'type', 'veth', 'peer', 'name', peer, 'netns', ns.w);
    await ip(ns[side], 'addr', 'add', `${mine}/30`, 'dev', 'ul0');
    await ip(ns.w, 'addr', 'add', `${wan}/30`, 'dev', peer);
    await ip(ns[side], 'link', 'set', 'ul0', 'mtu', UNDERLAY_MTU, 'up');
    await ip(ns.w, 'link', 'set', peer, 'mtu', UNDERLAY_MTU, 'up');
    const ends = ['remote', wan, 'local', mine, 'dev', 'ul0', 'dstport', String(VXLAN_PORT)];
    await ip(ns[side], 'link', 'add', 'vx0', 'address', MAC[side], ...VXLAN, ...ends);
    await ip(ns[side], 'addr', 'add', `${addr[side]}/${bits}`, 'dev', 'vx0');
    await ip(ns[side], 'link', 'set', 'vx0', 'up');
    // A permanent neighbour: no ARP round trip (itself delayed) before the first packet, or later.
    const neighbour = [addr[other], 'lladdr', MAC[other], 'dev', 'vx0', 'nud', 'permanent'];
    await ip(ns[side], 'neigh', 'replace', ...neighbour);
  }
}

export interface TbfParams {
  rateBytesPerSecond: number;
  burstBytes: number;
  limitBytes: number;
}

/**
 * tbf for one direction. Burst: 10 ms at the rate, at least 8 KiB so a full
 * frame (1,514 bytes on vx0) always passes. Limit: the burst plus a
 * round trip's worth of bytes (the bandwidth-delay product a TCP sender needs
 * queued to keep the link busy), at least 128 KiB so one 64 KiB GSO segment
 * always fits.
 */
export function tbfParams(shape: {
  bandwidthBytesPerSecond: number;
  latencyMs: number;
}): TbfParams {
  const rate = Math.round(shape.bandwidthBytesPerSecond);
  const burst = Math.max(8 * 1024, Math.round(rate / 100));
  const bdp = Math.round((rate * 2 * shape.latencyMs) / 1000);
  return {
    rateBytesPerSecond: rate,
    burstBytes: burst,
    limitBytes: burst + Math.max(128 * 1024, bdp),
  };
}

/** Sets (or changes in place) the tbf on vx0 in each of `namespaces`. */
export async function applyRate(
  namespaces: readonly string[],
  shape: { bandwidthBytesPerSecond: number; latencyMs: number },
): Promise<void> {
  const t = tbfParams(shape);
  // tc reads "bps" as bytes per second and "bit" as bits: bits leave no doubt.
  const tbf = ['rate', `${t.rateBytesPerSecond * 8}bit`, 'burst', String(t.burstBytes)];
  const args = [
    'qdisc',
    'replace',
    'dev',
    'vx0',
    'root',
    'tbf',
    ...tbf,
    'limit',
    String(t.limitBytes),
  ];
  for (const n of namespaces) await run('tc', ['-n', n, ...args]);
}
