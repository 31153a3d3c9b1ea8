/**
 * Every procedure declares the least role it needs (server/src/trpc.ts): a
 * new procedure built without one fails here before it can ship, and the
 * role it declares is the one docs/security.md's access matrix gives it.
 */
import { describe, expect, it } from 'vitest';
import { PROCEDURE_ROLES } from '../../src/auth/roles.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { matrixRows } from './matrix-table.ts';

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { role?: unknown } } }>,
);

describe('procedure roles', () => {
  it('walks a router of dozens of procedures', () => {
    // A broken walk (an empty record) would make the checks below pass vacuously.
    expect(procedures.length).toBeGreaterThan(30);
  });

  it.each(procedures)('%s declares a role', (_path, procedure) => {
    expect(PROCEDURE_ROLES).toContain(procedure._def.meta?.role);
  });

  it("declares the role docs/security.md's table gives each procedure, and the table lists every one", () => {
    const declared = Object.fromEntries(procedures.map(([p, proc]) => [p, proc._def.meta?.role]));
    const documented = Object.fromEntries(matrixRows().map((r) => [r.procedure, r.role]));
    expect(documented).toEqual(declared);
  });
});
