/** Helpers to look at what a failed call threw. */
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';

/** Awaits a call that must fail with a TRPCError, and returns the error. */
export async function trpcErrorOf(call: Promise<unknown>): Promise<TRPCError> {
  const error: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}
