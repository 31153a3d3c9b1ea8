/**
 * Errors that carry data to the client. Validation failures carry their issue
 * list (path + message) in `error.data.issues`, so an import dialog can point
 * at the bad fields; refusals of a move carry a typed `error.data.refusal`, so
 * the planner can say why and offer the way out (recompute a stale preview).
 */
import { TRPCError } from '@trpc/server';
import { zodIssues, type EstateIssue, type PreviewErrorCode, type Reason } from '@vmmi/shared';
import { z } from 'zod';

/** Thrown as the `cause` of a BAD_REQUEST TRPCError when an estate does not validate. */
export class EstateValidationError extends Error {
  constructor(readonly issues: EstateIssue[]) {
    super(`the estate is invalid (${issues.length} issue${issues.length === 1 ? '' : 's'})`);
    this.name = 'EstateValidationError';
  }
}

/** The issues behind an error: an invalid estate, or a procedure input that failed its schema. */
export function issuesOf(error: TRPCError): EstateIssue[] | null {
  const { cause } = error;
  if (cause instanceof EstateValidationError) return cause.issues;
  if (cause instanceof z.ZodError) return zodIssues(cause);
  return null;
}

/** Why the server would not act on a move; `kind` matches the TRPCError code it comes with. */
export type Refusal =
  /** CONFLICT: the estate changed since the caller's preview, which must be recomputed. */
  | { kind: 'stale-estate'; estateId: string; expectedVersion: number; currentVersion: number }
  /** BAD_REQUEST: the request could not be previewed at all (unknown VM, same host…). */
  | { kind: 'preview-error'; code: PreviewErrorCode; message: string }
  /** PRECONDITION_FAILED: the move was previewed and is blocked. */
  | { kind: 'infeasible'; blocking: Reason[] }
  /** PRECONDITION_FAILED: the plan was executed already (or ended); accept the move again. */
  | { kind: 'plan-not-executable'; planId: string; status: string }
  /** PRECONDITION_FAILED: a check before execution failed; nothing was changed. */
  | { kind: 'precheck-failed'; reasons: Reason[] }
  /** CONFLICT: the VM is in another migration that has not ended. */
  | { kind: 'vm-busy'; vmId: string; migrationId: string | null }
  /** PRECONDITION_FAILED: the change window closes before the switchover could end in it. */
  | { kind: 'window-closed'; closesAt: string; message: string }
  /** PRECONDITION_FAILED: an abort of a migration that has ended. */
  | { kind: 'migration-finished'; migrationId: string; status: string }
  /** PRECONDITION_FAILED: an approval of a wave that is not the one awaiting it (awaitingWave null: none is). */
  | {
      kind: 'wave-not-awaiting';
      waveRunId: string;
      wave: number;
      status: string;
      awaitingWave: number | null;
    }
  /** PRECONDITION_FAILED: a cancel of a wave run that has ended. */
  | { kind: 'wave-run-ended'; waveRunId: string; status: string }
  /** CONFLICT: a new wave run would move a VM that an active wave run may still move. */
  | { kind: 'vm-in-wave-run'; vmId: string; waveRunId: string; wave: number };

/** Thrown as the `cause` of a TRPCError refusing a move; its refusal reaches the client in `error.data.refusal`. */
export class RefusalError extends Error {
  constructor(
    readonly refusal: Refusal,
    message: string,
  ) {
    super(message);
    this.name = 'RefusalError';
  }
}

const REFUSAL_CODES = {
  'stale-estate': 'CONFLICT',
  'preview-error': 'BAD_REQUEST',
  infeasible: 'PRECONDITION_FAILED',
  'plan-not-executable': 'PRECONDITION_FAILED',
  'window-closed': 'PRECONDITION_FAILED',
  'precheck-failed': 'PRECONDITION_FAILED',
  'vm-busy': 'CONFLICT',
  'migration-finished': 'PRECONDITION_FAILED',
  'wave-not-awaiting': 'PRECONDITION_FAILED',
  'wave-run-ended': 'PRECONDITION_FAILED',
  'vm-in-wave-run': 'CONFLICT',
} as const;

/** The TRPCError for a refusal, with the code its kind goes with. */
export function refuse(refusal: Refusal, message: string): TRPCError {
  const cause = new RefusalError(refusal, message);
  return new TRPCError({ code: REFUSAL_CODES[refusal.kind], message, cause });
}

/** CONFLICT for a caller whose preview was computed on another version of the estate. */
export function staleEstate(
  estateId: string,
  expectedVersion: number,
  currentVersion: number,
): TRPCError {
  return refuse(
    { kind: 'stale-estate', estateId, expectedVersion, currentVersion },
    `estate "${estateId}" changed from version ${expectedVersion} to ${currentVersion} since the preview: recompute it`,
  );
}

/** The refusal behind an error, for `error.data.refusal`; null for any other error. */
export function refusalOf(error: TRPCError): Refusal | null {
  return error.cause instanceof RefusalError ? error.cause.refusal : null;
}
