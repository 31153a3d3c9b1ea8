/**
 * Wave runs (docs/execution.md, "Wave runs"): a drain's or an evacuation's
 * waves carried out by the server one after another, with a gate between
 * them. An interface, so the store's tests run against a fake; failures come
 * back as outcomes in words (execution-api.ts `attempt`), a refusal's kind
 * from `error.data.refusal` (stale-estate, wave-not-awaiting, wave-run-ended).
 */
import type { WaveRun } from '@vmmi/shared';
import { attempt, type Outcome } from './execution-api.ts';
import type { TrpcClient } from './trpc.ts';

/** `waveRuns.create`'s input, as the server's router types it. */
export type WaveRunCreateInput = Parameters<TrpcClient['waveRuns']['create']['mutate']>[0];

export interface WaveRunsApi {
  create(input: WaveRunCreateInput): Promise<Outcome<WaveRun>>;
  /** The estate's wave runs, newest first. */
  list(estateId: string, opts: { active: boolean; limit?: number }): Promise<Outcome<WaveRun[]>>;
  get(id: string): Promise<Outcome<WaveRun>>;
  /** Opens the gate of `wave` (from 1), the one awaiting approval; answers the wave run after. */
  approve(id: string, wave: number): Promise<Outcome<WaveRun>>;
  /** Ends the wave run: no later wave begins (a begun wave's runs finish). */
  cancel(id: string): Promise<Outcome<WaveRun>>;
}

export function createWaveRunsApi(client: TrpcClient): WaveRunsApi {
  return {
    create: (input) => attempt(() => client.waveRuns.create.mutate(input)),
    list: (estateId, { active, limit = 20 }) =>
      attempt(() => client.waveRuns.list.query({ estateId, active, limit })),
    get: (id) => attempt(() => client.waveRuns.get.query({ id })),
    approve: (id, wave) => attempt(() => client.waveRuns.approve.mutate({ id, wave })),
    cancel: (id) => attempt(() => client.waveRuns.cancel.mutate({ id })),
  };
}
