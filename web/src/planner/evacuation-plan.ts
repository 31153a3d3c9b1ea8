/**
 * An evacuation, a drain, or a tenant's or any VMs' move to a site as the dialog shows it (docs/planning.md): the
 * shared engine's proposal and its waves, computed in the browser on the
 * estate shown (under the server's migration limits), and the moves in wave
 * order, ready to stage or to run on the server as a wave run.
 */
import {
  planWaves,
  proposeEvacuation,
  tenantVmsToMove,
  vmsToMove,
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
import { countOf } from './format.ts';

export type EvacuationSource =
  | { kind: 'host'; hostId: string }
  | { kind: 'site'; siteId: string }
  /** Every VM of a tenant that is not in `toSiteId` yet, moved there. */
  | { kind: 'tenant'; tenantId: string; toSiteId: string }
  /**
   * These VMs (an application: the VM table's rows shown), those not in
   * `toSiteId` yet moved there; `label` names the set in words.
   */
  | { kind: 'vms'; vmIds: string[]; toSiteId: string; label: string };

/** The engine's request for a source, or why there is nothing to ask. */
function requestOf(estate: Estate, source: EvacuationSource): EvacuationRequest | string {
  if (source.kind === 'host' || source.kind === 'site') return { source };
  const to = [source.toSiteId];
  const vmIds =
    source.kind === 'tenant'
      ? tenantVmsToMove(estate, source.tenantId, to)
      : vmsToMove(estate, source.vmIds, to);
  if (!vmIds.length)
    return source.kind === 'tenant'
      ? `Every VM of tenant ${source.tenantId} is in ${source.toSiteId} already.`
      : `Nothing to move: ${source.label} ${source.vmIds.length === 1 ? 'is' : 'are'} in ${source.toSiteId} already.`;
  return { source: { kind: 'vms', vmIds }, toSites: to };
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
export function sourceTitle(s: EvacuationSource): string {
  switch (s.kind) {
    case 'host':
      return `Evacuate host ${s.hostId}`;
    case 'site':
      return `Drain site ${s.siteId}`;
    case 'tenant':
      return `Move tenant ${s.tenantId} to ${s.toSiteId}`;
    case 'vms':
      return `Move ${countOf(s.vmIds.length, 'VM')} to ${s.toSiteId}`;
  }
}

/** How the staged notice and the wave run's card name what was staged from. */
export function sourceWhat(s: EvacuationSource): string {
  switch (s.kind) {
    case 'host':
      return `the evacuation of ${s.hostId}`;
    case 'site':
      return `the drain of ${s.siteId}`;
    case 'tenant':
      return `the move of tenant ${s.tenantId} to ${s.toSiteId}`;
    case 'vms':
      return `the move of ${s.label} to ${s.toSiteId}`;
  }
}

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
