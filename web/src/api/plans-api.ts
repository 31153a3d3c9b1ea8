/**
 * Accepting a staged plan: the server recomputes the report on the stored
 * estate and refuses it when the estate changed since the preview. An
 * interface, so the store's tests run against a fake.
 */
import type { MoveRequest } from '@vmmi/shared';
import { TRPCClientError } from '@trpc/client';
import type { TrpcClient } from './trpc.ts';

export interface AcceptInput {
  estateId: string;
  request: MoveRequest;
  expectedVersion: number;
}

/** The server's answer, as the planner needs it: accepted, or why not. */
export type AcceptOutcome =
  | { kind: 'accepted'; planId: string }
  /** The estate changed since the preview: recompute, then accept again. */
  | { kind: 'conflict'; message: string }
  /** The server's own recomputation found the move infeasible or invalid. */
  | { kind: 'refused'; message: string }
  /** The server could not be asked (unreachable, timeout): the plan stays staged. */
  | { kind: 'error'; message: string };

export interface PlansApi {
  accept(input: AcceptInput): Promise<AcceptOutcome>;
}

const REFUSALS = new Set(['PRECONDITION_FAILED', 'BAD_REQUEST', 'NOT_FOUND', 'FORBIDDEN']);

/** Maps a failed call to an outcome: the tRPC error code says whose fault it was. */
export function outcomeOfError(err: unknown): AcceptOutcome {
  if (err instanceof TRPCClientError) {
    const code = (err.data as { code?: string } | undefined)?.code;
    if (code === 'CONFLICT') return { kind: 'conflict', message: err.message };
    if (code && REFUSALS.has(code)) return { kind: 'refused', message: err.message };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    kind: 'error',
    message: `the server could not be reached (${message}); the plan stays staged`,
  };
}

export function createPlansApi(client: TrpcClient): PlansApi {
  return {
    async accept(input) {
      try {
        const { plan } = await client.plans.accept.mutate(input);
        return { kind: 'accepted', planId: plan.id };
      } catch (err) {
        return outcomeOfError(err);
      }
    },
  };
}
