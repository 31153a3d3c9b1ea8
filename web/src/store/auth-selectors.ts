/**
 * What the signed-in caller may do, for every control that calls a mutation:
 * one selector per role, answering null (allowed) or the reason it is not,
 * in the words the control shows ("needs the operator role").
 */
import { ROLE_ORDER, type AuthState, type Me, type Role } from '../auth/types.ts';

type WithAuth = { auth: AuthState };

export const selectMe = (s: WithAuth): Me | null =>
  s.auth.me.status === 'ready' ? s.auth.me.data : null;

/** Null when `role` is at least `need`; else why not. */
export function refusalFor(role: Role | null, need: Role): string | null {
  if (role !== null && ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(need)) return null;
  return `needs the ${need} role`;
}

type Refusal = (s: WithAuth) => string | null;

/** One stable selector per role, so components do not re-render for nothing. */
const perRole = (make: (need: Role) => Refusal) =>
  Object.fromEntries(ROLE_ORDER.map((need) => [need, make(need)])) as Record<Role, Refusal>;

const refusals = perRole((need) => (s) => refusalFor(selectMe(s)?.role ?? null, need));

/** The selector for `need`: null while the caller has it, else the reason (also while `auth.me` is unanswered). */
export const selectRefusal = (need: Role): Refusal => refusals[need];

const allTenants = perRole((need) => (s) => {
  const refused = refusals[need](s);
  if (refused !== null) return refused;
  // As the server: any list of tenants, even an empty one, is a limit.
  const tenants = selectMe(s)?.tenants;
  if (!tenants) return null;
  return `needs the ${need} role for all tenants (you act for ${tenants.join(', ') || 'none'})`;
});

/**
 * As selectRefusal, for what the server allows only to callers of all tenants (imports,
 * faults: they touch every tenant's VMs): an operator limited to tenants is refused too.
 */
export const selectAllTenantsRefusal = (need: Role): Refusal => allTenants[need];

/** Whether the page shows the sign-in screen instead of the planner: the server answered, and with no role. */
export const selectNeedsSignIn = (s: WithAuth): boolean => {
  const me = selectMe(s);
  return me !== null && me.role === null;
};

export const selectSignInPrompt = (s: WithAuth) => s.auth.signIn;
export const selectSetupToken = (s: WithAuth) => s.auth.setupToken;
export const selectAuthNotice = (s: WithAuth) => s.auth.notice;
