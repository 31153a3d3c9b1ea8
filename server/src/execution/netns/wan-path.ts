/**
 * The QEMU executor's WAN path for one run: a WAN link (wan-link.ts) shaped
 * to the run's path as the estate it was planned on describes it, the one-way
 * latency of its links added up and the bandwidth of its narrowest. The
 * source's QEMU runs in one end, the destination's in the other, so the
 * migration stream crosses the shaped link.
 */
import type { Estate, MigrationSpec } from '@vmmi/shared';
import type { WanPath } from '../qemu/guests.ts';
import { shapeFromPath, withLatencies } from './path-shape.ts';
import { createWanLink } from './wan-link.ts';

/** The relay that delays frames tops out near 40 MiB/s here: a faster path is shaped to that. */
export const WAN_PATH_MAX_BYTES_PER_SECOND = 40 * 2 ** 20;

/** A WanPath factory for the QEMU executor, reading each run's estate through `estateOf`. */
export function netnsWanPath(
  estateOf: (estateId: string) => Promise<Pick<Estate, 'links' | 'wanLinks'> | undefined>,
): (spec: MigrationSpec) => Promise<WanPath> {
  return async (spec) => {
    const estate = await estateOf(spec.estateId);
    const path = estate ? withLatencies(estate, spec.path) : spec.path;
    const shape = shapeFromPath(path);
    const link = await createWanLink({
      name: 'mig',
      latencyMs: shape.latencyMs,
      bandwidthBytesPerSecond: Math.min(
        WAN_PATH_MAX_BYTES_PER_SECOND,
        shape.bandwidthBytesPerSecond,
      ),
    });
    return {
      sourceNs: link.nsA,
      targetNs: link.nsB,
      targetAddr: link.addrB,
      destroy: () => link.destroy(),
    };
  };
}
