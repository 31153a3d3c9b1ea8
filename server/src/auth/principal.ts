/**
 * Who a request acts as. Every procedure reads the caller from here and
 * nowhere else: never from a header the client sets (OWASP ASVS 5.0 V8).
 */
import type { Role } from './roles.ts';

/**
 * `user`: a signed-in session; `token`: an API token; `proxy`: a user named
 * by a trusted reverse proxy; `anonymous`: no credentials; `system`: the
 * server itself (seeding, the CLI's in-process commands, tests).
 */
export type PrincipalKind = 'user' | 'token' | 'proxy' | 'anonymous' | 'system';

export interface Principal {
  kind: PrincipalKind;
  /** The user acted for; null for anonymous and system callers. */
  userId: string | null;
  /** For logs, the audit log and records such as "accepted by". */
  name: string;
  /** The effective role; null: only public procedures. */
  role: Role | null;
  /** Tenants an operator is limited to; null: every tenant. */
  tenants: readonly string[] | null;
  /** Estates the caller may read; null: every estate (only the anonymous viewer is limited). */
  estates: readonly string[] | null;
  /** The API token used, when kind is `token`. */
  tokenId?: string;
}

export const ANONYMOUS: Principal = Object.freeze({
  kind: 'anonymous',
  userId: null,
  name: 'anonymous',
  role: null,
  tenants: null,
  estates: null,
});

/** The anonymous read-only viewer (NOC screens), limited to some estates. */
export function anonymousViewer(estates: readonly string[]): Principal {
  return { ...ANONYMOUS, role: 'viewer', estates };
}

/** The server acting on its own behalf, with every right: seeding, offline CLI, tests. */
export function systemPrincipal(role: Role = 'admin', name = 'system'): Principal {
  return { kind: 'system', userId: null, name, role, tenants: null, estates: null };
}

/** Whether the caller may see and act on a tenant's VMs, networks and VNEs. */
export function seesTenant(principal: Principal, tenantId: string | undefined | null): boolean {
  if (principal.tenants === null) return true;
  return tenantId !== undefined && tenantId !== null && principal.tenants.includes(tenantId);
}

/** Whether the caller may read an estate at all. */
export function seesEstate(principal: Principal, estateId: string): boolean {
  return principal.estates === null || principal.estates.includes(estateId);
}

/** The caller as the audit log and "created by" fields name it: `alice`, `alice (token ci-deploy)`. */
export function actorName(principal: Principal): string {
  return principal.kind === 'token' && principal.tokenId
    ? `${principal.name} (token ${principal.tokenId})`
    : principal.name;
}
