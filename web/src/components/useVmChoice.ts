/**
 * What choosing a VM, host or site does, wherever it is chosen (search box,
 * VM table, tenant canvas): open the site, select the host, select the VM.
 * Also which VMs the table lists for the view shown.
 */
import type { Estate, Site, Tenant } from '@vmmi/shared';
import { useCallback, useMemo } from 'react';
import { estateIndex } from '../estate/estate-index.ts';
import type { SearchHit } from '../estate/search.ts';
import type { VmScope } from '../estate/vm-rows.ts';
import type { AppActions } from '../store/app-store.ts';

export interface VmChoice {
  /** A search answer chosen: a VM or host opens its site with the host selected; a site opens. */
  chooseHit: (hit: SearchHit) => void;
  /** A VM chosen in the table or on the canvas; in a site view its host is selected too. */
  chooseVm: (vmId: string) => void;
  scope: VmScope;
  scopeLabel: string;
}

export function useVmChoice(
  actions: AppActions,
  estate: Estate | null,
  site: Site | null,
  tenant: Tenant | null,
): VmChoice {
  const chooseHit = useCallback(
    (hit: SearchHit) => {
      actions.selectView('site', hit.siteId);
      if (hit.hostId !== null) actions.selectDevice(hit.hostId);
      if (hit.kind === 'vm') actions.selectVm(hit.id);
    },
    [actions],
  );
  const chooseVm = useCallback(
    (vmId: string) => {
      actions.selectVm(vmId);
      const vm = estate ? estateIndex(estate).vms.get(vmId) : undefined;
      if (site && vm) actions.selectDevice(vm.hostId);
    },
    [actions, estate, site],
  );
  const { scope, scopeLabel } = useMemo((): { scope: VmScope; scopeLabel: string } => {
    if (site)
      return { scope: { kind: 'site', siteId: site.id }, scopeLabel: `VMs in ${site.name}` };
    if (tenant)
      return {
        scope: { kind: 'tenant', tenantId: tenant.id },
        scopeLabel: `VMs of ${tenant.name}`,
      };
    return { scope: { kind: 'global' }, scopeLabel: 'All VMs of the estate' };
  }, [site, tenant]);
  return { chooseHit, chooseVm, scope, scopeLabel };
}
