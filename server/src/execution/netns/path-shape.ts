/**
 * What to shape a WAN link to so it stands for a migration's whole path:
 * latency adds up along the path, bandwidth is the narrowest link's.
 *
 * A run's spec records its path's links (id, free bandwidth, WAN or not) but
 * not their latency, which only the estate's links and WAN links carry; so
 * `withLatencies` looks it up by id in the estate the run was planned on.
 */
import type { Estate, PathLink } from '@vmmi/shared';

export interface LinkWithLatency {
  /** One-way, ms; a link without one adds nothing. */
  latencyMs?: number;
  /** capacity × (1 − background utilisation), bytes/s, as in PathLink. */
  freeBytesPerSecond: number;
  wan: boolean;
}

export interface PathShape {
  /** One-way latency end to end, ms: what createWanLink's latencyMs takes. */
  latencyMs: number;
  /**
   * The bottleneck's free bandwidth, bytes/s. Infinity for a path with no
   * links (a move within one host), 0 when a link has nothing free: neither
   * makes a WAN link, and createWanLink refuses both.
   */
  bandwidthBytesPerSecond: number;
  /** How many WAN links the path crosses. */
  wanLinks: number;
}

export function shapeFromPath(path: readonly LinkWithLatency[]): PathShape {
  let latencyMs = 0;
  let bandwidthBytesPerSecond = Infinity;
  let wanLinks = 0;
  for (const link of path) {
    latencyMs += link.latencyMs ?? 0;
    bandwidthBytesPerSecond = Math.min(bandwidthBytesPerSecond, link.freeBytesPerSecond);
    if (link.wan) wanLinks++;
  }
  return { latencyMs, bandwidthBytesPerSecond, wanLinks };
}

/**
 * A spec's path with each link's latency from the estate. A link the estate
 * no longer holds keeps no latency (it adds none), as pathLinks leaves out
 * links it cannot find.
 */
export function withLatencies(
  estate: Pick<Estate, 'links' | 'wanLinks'>,
  path: readonly PathLink[],
): (PathLink & { latencyMs?: number })[] {
  const latency = new Map<string, number>();
  for (const l of estate.links) latency.set(l.id, l.latencyMs);
  for (const l of estate.wanLinks) latency.set(l.id, l.latencyMs);
  return path.map((link) => {
    const ms = latency.get(link.id);
    return ms === undefined ? { ...link } : { ...link, latencyMs: ms };
  });
}
