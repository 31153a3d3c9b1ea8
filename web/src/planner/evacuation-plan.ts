/**
 * An evacuation, a drain or a tenant's move to a site as the dialog shows it (docs/planning.md): the
 * shared engine's proposal and its waves, computed in the browser on the
 * estate shown (under the server's migration limits), and the moves in wave
 * order, ready to stage or to run on the server as a wave run.
 */
import {
  planWaves,
  proposeEvacuation,
  tenantVmsToMove,
  waveRunInput,
  type ChangeWindow,
  type Estate,
  type EvacuationRequest,
  type EvacuationProposal,
  type MigrationLimits,
  type WavePlan,
  type WaveGate,
  type WaveRunWaveInput,
} from '@vmmi/shared';
import { engineOf } from './browser-engine.ts';

export type EvacuationSource =
  | { kind: 'host'; hostId: string }
  | { kind: 'site'; siteId: string }
  /** Every VM of a tenant that is not in `toSiteId` yet, moved there. */
  | { kind: 'tenant'; tenantId: string; toSiteId: string };

/** The engine's request for a source, or why there is nothing to ask. */
function requestOf(estate: Estate, source: EvacuationSource): EvacuationRequest | string {
  if (source.kind !== 'tenant') return { source };
  const vmIds = tenantVmsToMove(estate, source.tenantId, [source.toSiteId]);
  if (!vmIds.length)
    return `Every VM of tenant ${source.tenantId} is in ${source.toSiteId} already.`;
  return { source: { kind: 'vms', vmIds }, toSites: [source.toSiteId] };
}

export type EvacuationPlan =
  | {
      ok: true;
      proposal: EvacuationProposal;
      waves: WavePlan;
      /** The proposal's moves, the first wave's first. */
      moves: { vmId: string; toHost: string }[];
    }
  | { ok: false; message: string };

export function evacuationPlan(
  estate: Estate,
  source: EvacuationSource,
  limits?: MigrationLimits,
): EvacuationPlan {
  const request = requestOf(estate, source);
  if (typeof request === 'string') return { ok: false, message: request };
  const engine = engineOf(estate);
  const result = proposeEvacuation(engine, request);
  if (!result.ok) return { ok: false, message: result.error.message };
  const { proposal } = result;
  const target = new Map(proposal.moves.map((m) => [m.vmId, m.toHost]));
  const waves = planWaves(
    engine,
    proposal.moves.map((m) => ({ vmId: m.vmId, toHost: m.toHost })),
    limits ? { limits } : {},
  );
  const moves = waves.waves.flatMap((w) =>
    w.vmIds.map((vmId) => ({ vmId, toHost: target.get(vmId)! })),
  );
  return { ok: true, proposal, waves, moves };
}

/** How the dialog names what it empties. */
export const sourceTitle = (s: EvacuationSource) =>
  s.kind === 'host'
    ? `Evacuate host ${s.hostId}`
    : s.kind === 'site'
      ? `Drain site ${s.siteId}`
      : `Move tenant ${s.tenantId} to ${s.toSiteId}`;

/** How the staged notice names what was staged from. */
export const sourceWhat = (s: EvacuationSource) =>
  s.kind === 'host'
    ? `the evacuation of ${s.hostId}`
    : s.kind === 'site'
      ? `the drain of ${s.siteId}`
      : `the move of tenant ${s.tenantId} to ${s.toSiteId}`;

/**
 * The waves as `waveRuns.create` takes them: each wave's moves, in the order
 * planned, and its gate. The first begins at once (asking for the wave run is
 * the operator's go); before each later one, `gate`: an operator's approval,
 * or none once the wave before has succeeded. With a change window, every
 * wave's switchovers keep to it (its copies start when the wave begins).
 */
export const waveRunWaves = (
  plan: Extract<EvacuationPlan, { ok: true }>,
  gate: WaveGate,
  window?: ChangeWindow,
): WaveRunWaveInput[] => waveRunInput(plan.waves, plan.moves, gate, window);
