/**
 * Validation failures carry their issue list (path + message) to the client in
 * `error.data.issues`, so an import dialog can point at the bad fields.
 */
import type { TRPCError } from '@trpc/server';
import { zodIssues, type EstateIssue } from '@vmmi/shared';
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
