/**
 * Where the caller's limits meet the data. An anonymous viewer reads only
 * the estates named for it; an operator limited to tenants sees the shared
 * infrastructure whole and, of tenant objects, only its tenants'; it may
 * move only their VMs and VNEs, and may not change shared infrastructure
 * (import or delete estates, inject faults). A refusal names what the
 * caller may see, never another tenant's data.
 */
import { TRPCError } from '@trpc/server';
import { MoveRequestSchema, restrictEstateToTenants, type Estate } from '@vmmi/shared';
import type { EstateRepo } from '../db/estate-repo.ts';
import { seesEstate, seesTenant, type Principal } from './principal.ts';

/** An estate the caller may not read answers as one that does not exist. */
export function assertEstateVisible(principal: Principal, estateId: string): void {
  if (!seesEstate(principal, estateId))
    throw new TRPCError({ code: 'NOT_FOUND', message: `no estate "${estateId}"` });
}

/** The estate as the caller may see it. */
export function estateSeenBy(principal: Principal, estate: Estate): Estate {
  return principal.tenants === null ? estate : restrictEstateToTenants(estate, principal.tenants);
}

/** For changes to shared infrastructure: a caller limited to tenants is refused. */
export function assertAllTenants(principal: Principal, what: string): void {
  if (principal.tenants !== null)
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `${what} changes shared infrastructure: it needs a user who is not limited to tenants`,
    });
}

/** Whether the caller may see every one of these VMs (unknown ids count as not seen). */
export function seesVms(principal: Principal, estate: Estate, vmIds: readonly string[]): boolean {
  if (principal.tenants === null) return true;
  const tenantOf = new Map(estate.vms.map((vm) => [vm.id, vm.tenantId]));
  return vmIds.every((id) => seesTenant(principal, tenantOf.get(id)));
}

/**
 * Before a move is previewed, accepted or executed: every VM (or the VNE) it
 * names must be the caller's tenants'. A request that does not parse, or
 * names ids the estate lacks, is left to the preview to refuse.
 */
export function assertMayMove(principal: Principal, estate: Estate, request: unknown): void {
  if (principal.tenants === null) return;
  const parsed = MoveRequestSchema.safeParse(request);
  if (!parsed.success) return;
  const { vmIds, vneId } = parsed.data;
  const forbidden = (kind: string, id: string) =>
    new TRPCError({ code: 'FORBIDDEN', message: `${kind} "${id}" is not of a tenant you act for` });
  for (const id of vmIds) {
    const vm = estate.vms.find((v) => v.id === id);
    if (vm && !seesTenant(principal, vm.tenantId)) throw forbidden('VM', id);
  }
  if (vneId !== undefined) {
    const vne = estate.vnes.find((v) => v.id === vneId);
    if (vne && !seesTenant(principal, vne.tenantId)) throw forbidden('VNE', vneId);
  }
}

/** What a plan or run moves, as the caller's scope needs it. */
export interface Moved {
  vmIds: readonly string[];
  vneId?: string | null | undefined;
}

/**
 * Whether the caller sees every VM and VNE a plan or run moves: always for a
 * caller not limited to tenants; never when the estate is gone.
 */
export function seesMove(principal: Principal, estate: Estate | undefined, moved: Moved): boolean {
  if (principal.tenants === null) return true;
  if (!estate || !seesVms(principal, estate, moved.vmIds)) return false;
  if (!moved.vneId) return true;
  const vne = estate.vnes.find((v) => v.id === moved.vneId);
  return vne !== undefined && seesTenant(principal, vne.tenantId);
}

/** Whether the caller may see a migration run: its estate, and (limited to tenants) its VM. */
export async function seesRun(
  principal: Principal,
  estates: Pick<EstateRepo, 'get'>,
  run: { estateId: string; vmId: string },
): Promise<boolean> {
  if (!seesEstate(principal, run.estateId)) return false;
  if (principal.tenants === null) return true;
  return seesMove(principal, (await estates.get(run.estateId))?.estate, { vmIds: [run.vmId] });
}
