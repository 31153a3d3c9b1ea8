import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { outcomeOfError } from './plans-api.ts';

const trpcError = (code: string, message: string) =>
  TRPCClientError.from({ error: { message, code: -32000, data: { code, httpStatus: 409 } } });

describe('outcomeOfError', () => {
  it('a CONFLICT is a changed estate: the planner offers to recompute', () => {
    expect(outcomeOfError(trpcError('CONFLICT', 'changed from version 1 to 2'))).toEqual({
      kind: 'conflict',
      message: 'changed from version 1 to 2',
    });
  });

  it("the server's refusals (infeasible, bad request) are refusals", () => {
    expect(outcomeOfError(trpcError('PRECONDITION_FAILED', 'address-conflict')).kind).toBe(
      'refused',
    );
    expect(outcomeOfError(trpcError('BAD_REQUEST', 'unknown-vm')).kind).toBe('refused');
  });

  it('a network failure keeps the plan staged and says so', () => {
    const outcome = outcomeOfError(new TypeError('Failed to fetch'));
    expect(outcome.kind).toBe('error');
    expect(outcome.kind === 'error' && outcome.message).toMatch(/stays staged/);
  });
});
