/**
 * Roles, in increasing order of power, as Grafana's viewer / editor / admin:
 * each may do everything the ones before it may. A procedure declares the
 * least role it needs (`public` for the few a caller without one may call:
 * who am I, sign-in, health-like reads); a caller without a role
 * (anonymous, when the anonymous viewer is off) gets only those.
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a procedure declares: the least role it needs. */
export const PROCEDURE_ROLES = ['public', ...ROLES] as const;
export type ProcedureRole = (typeof PROCEDURE_ROLES)[number];

export function hasRole(role: Role | null, atLeast: Role): boolean {
  return role !== null && ROLES.indexOf(role) >= ROLES.indexOf(atLeast);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The lesser of two roles (a read-only token of an admin acts as a viewer). */
export function lesserRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}
