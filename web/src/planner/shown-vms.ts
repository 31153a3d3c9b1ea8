/**
 * The VM table's "Move the N shown to <site> in waves…" (docs/planning.md): an
 * application is the VMs a filter picks (its name prefix, its `cluster`), so
 * the rows shown are the set moved, named in words for the dialog and the
 * wave run's card.
 */
import type { Estate } from '@vmmi/shared';
import type { VmRow, VmScope } from '../estate/vm-rows.ts';
import { fmtCount } from './format.ts';

/**
 * The most rows moved in waves at once. The proposal runs in the page, on its
 * main thread, and each VM placed is checked against the whole placement so
 * far: 500 VMs of the scaled demo take about two seconds, thousands would
 * leave the page frozen far longer. An application is tens to hundreds.
 */
export const MAX_SHOWN_IN_WAVES = 500;

/** Why the rows shown cannot be moved in waves now, or null. */
export function moveShownRefusal(shown: number, moveRefusal: string | null): string | null {
  if (moveRefusal !== null) return moveRefusal;
  if (shown === 0) return 'No VM is shown to move';
  if (shown > MAX_SHOWN_IN_WAVES)
    return `Filter to ${MAX_SHOWN_IN_WAVES} VMs or fewer to move them in waves`;
  return null;
}

/** The rows shown in words: "the 60 VMs matching "acme-web"", "all 320 VMs", "VM acme-web-db-05". */
export function shownVmsLabel(
  estate: Pick<Estate, 'sites' | 'tenants'>,
  scope: VmScope,
  query: string,
  rows: readonly Pick<VmRow, 'name'>[],
): string {
  if (rows.length === 1) return `VM ${rows[0]!.name}`;
  const q = query.trim();
  const matching = q ? ` matching "${q}"` : '';
  const n = fmtCount(rows.length);
  switch (scope.kind) {
    case 'global':
      return q ? `the ${n} VMs${matching}` : `all ${n} VMs`;
    case 'tenant': {
      const name = estate.tenants.find((t) => t.id === scope.tenantId)?.name ?? scope.tenantId;
      return `the ${n} VMs of tenant ${name}${matching}`;
    }
    case 'site': {
      const name = estate.sites.find((s) => s.id === scope.siteId)?.name ?? scope.siteId;
      return `the ${n} VMs in ${name}${matching}`;
    }
  }
}

/**
 * The site the control offers first: the first that does not hold every row
 * already (the first site when one holds them all, or the rows are none), so
 * the dialog opens on a move rather than on "nothing to move".
 */
export function defaultTargetSite(
  estate: Pick<Estate, 'sites'>,
  rows: readonly Pick<VmRow, 'siteId'>[],
): string | null {
  const site = estate.sites.find((s) => rows.some((r) => r.siteId !== s.id)) ?? estate.sites[0];
  return site?.id ?? null;
}
