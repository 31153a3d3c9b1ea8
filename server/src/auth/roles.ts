/**
 * Roles and where the caller's role comes from. This is the seam for real
 * authentication (see CONTEXT.md): today the role is a request header that the
 * client sets itself, which is only acceptable behind a trusted proxy or on a
 * workstation.
 */

/** In increasing order of power: each role may do everything the ones before it may. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * `open`: a request without a role header acts as an operator (a single-user
 * install just works). `strict`: it acts as a viewer, so nothing changes
 * unless the caller claims a role.
 */
export type AuthMode = 'open' | 'strict';

export const ROLE_HEADER = 'x-vmmi-role';

export function hasRole(role: Role, atLeast: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(atLeast);
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The role a request acts as; an absent or unknown header value gets the mode's default. */
export function roleFromHeader(header: string | string[] | undefined, mode: AuthMode): Role {
  const value = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase();
  if (value && isRole(value)) return value;
  return mode === 'strict' ? 'viewer' : 'operator';
}

export function authModeFromEnv(value: string | undefined): AuthMode {
  return value === 'strict' ? 'strict' : 'open';
}
