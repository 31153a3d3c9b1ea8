/**
 * The impact engine's state for one estate: the index, the routing state and
 * the overlay tables, built once and reused by every preview (on every drag
 * frame in the browser, and by the server's check before execution).
 */
import type { Estate } from '../model/estate.ts';
import { indexEstate, type EstateIndex } from '../engine/estate-index.ts';
import { buildAgentTables, type AgentTables } from '../overlay/agent.ts';
import { UnderlayRouting } from '../routing/underlay.ts';

export const ENGINE_DEFAULTS = {
  /** IP MTU inside a DC fabric (jumbo frames), bytes. */
  fabricMtu: 9000,
  /** IP MTU across the WAN, bytes: what an inter-site tunnel has to fit in. */
  wanMtu: 1500,
  /** Migration bandwidth cap (QEMU max-bandwidth), bytes/s: 10 Gbit/s. */
  maxMigrationBandwidth: 1.25e9,
} as const;

export interface ImpactEngine {
  index: EstateIndex;
  routing: UnderlayRouting;
  /** Built on first use: only agent-overlay moves need them. */
  agentTables(): AgentTables;
}

export function createImpactEngine(
  estate: Estate,
  opts: { lazyRouting?: boolean } = {},
): ImpactEngine {
  const index = indexEstate(estate);
  const routing = new UnderlayRouting(estate, { lazy: opts.lazyRouting ?? false });
  let agents: AgentTables | undefined;
  return {
    index,
    routing,
    agentTables: () => (agents ??= buildAgentTables(estate)),
  };
}
