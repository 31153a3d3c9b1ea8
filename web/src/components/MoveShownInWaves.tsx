/**
 * The VM table's "Move the N shown to <site> in waves…": the rows the scope
 * and the filter leave (an application, picked by its name prefix or
 * cluster) moved to one site in the evacuation dialog, as the tenant view's
 * TenantMoveButton moves a tenant: stage the moves, or run the waves.
 */
import type { Estate } from '@vmmi/shared';
import { useMemo, useState } from 'react';
import { refusedProps } from '../auth/refused-props.ts';
import type { VmRow, VmScope } from '../estate/vm-rows.ts';
import { EvacuationDialog, TargetSiteSelect } from '../planner/EvacuationDialog.tsx';
import type { EvacuationSource } from '../planner/evacuation-plan.ts';
import { fmtCount } from '../planner/format.ts';
import { defaultTargetSite, moveShownRefusal, shownVmsLabel } from '../planner/shown-vms.ts';

export function MoveShownInWaves({
  estate,
  scope,
  query,
  rows,
  moveRefusal,
}: {
  estate: Estate;
  scope: VmScope;
  /** The filter the rows follow. */
  query: string;
  /** The rows shown, filtered. */
  rows: readonly VmRow[];
  /** Why the caller may not move VMs; null: may. */
  moveRefusal: string | null;
}) {
  const [chosen, setChosen] = useState<string | null>(null);
  // Taken when the button is pressed: the dialog plans that set even if the rows change under it.
  const [source, setSource] = useState<EvacuationSource | null>(null);
  const offered = useMemo(() => defaultTargetSite(estate, rows), [estate, rows]);
  // A site chosen from an estate since replaced may be gone.
  const toSiteId = estate.sites.some((s) => s.id === chosen) ? chosen : offered;
  if (toSiteId === null) return null;
  const refusal = moveShownRefusal(rows.length, moveRefusal);
  return (
    <div className="vmt-waves">
      <TargetSiteSelect
        label={`Move the ${fmtCount(rows.length)} shown to`}
        estate={estate}
        value={toSiteId}
        onChange={setChosen}
        testId="vm-waves-site"
      />
      <button
        type="button"
        className="btn"
        {...refusedProps(refusal)}
        onClick={() =>
          setSource({
            kind: 'vms',
            vmIds: rows.map((r) => r.id),
            toSiteId,
            label: shownVmsLabel(estate, scope, query, rows),
          })
        }
        data-testid="vm-waves"
      >
        in waves…
      </button>
      <EvacuationDialog
        estate={estate}
        source={source}
        kind="vms"
        onClose={() => setSource(null)}
      />
    </div>
  );
}
