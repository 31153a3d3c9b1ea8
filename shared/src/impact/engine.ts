/**
 * The impact engine's state for one estate: the index and the routing state,
 * built once and reused by every preview (on every drag
 * frame in the browser, and by the server's check before execution).
 */
import type { Estate } from '../model/estate.ts';
import { indexEstate, type EstateIndex } from '../engine/estate-index.ts';
import { UnderlayRouting } from '../routing/underlay.ts';

export const ENGINE_DEFAULTS = {
  /** IP MTU inside a DC fabric (jumbo frames), bytes. */
  fabricMtu: 9000,
  /** IP MTU across the WAN, bytes: what an inter-site tunnel has to fit in. */
  wanMtu: 1500,
  /** Migration bandwidth cap as operators set max-bandwidth for a 10 Gbit/s NIC, bytes/s (QEMU's own default, 128 MiB/s, is in migration/bandwidth.ts). */
  maxMigrationBandwidth: 1.25e9,
} as const;

export interface ImpactEngine {
  index: EstateIndex;
  routing: UnderlayRouting;
}

export function createImpactEngine(
  estate: Estate,
  opts: { lazyRouting?: boolean } = {},
): ImpactEngine {
  const index = indexEstate(estate);
  const routing = new UnderlayRouting(estate, { lazy: opts.lazyRouting ?? false });
  return { index, routing };
}
