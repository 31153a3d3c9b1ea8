/**
 * The page: top bar; the site list, the canvas and the side panel; or, in
 * their place, the loading, empty and error states. Reads the store through
 * selectors and calls its actions; draws nothing itself.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import type { GraphHandle } from './graph/cy-instance.ts';
import { DragGhost } from './planner/DragGhost.tsx';
import { HeldDropCard } from './planner/HeldDropCard.tsx';
import { HostVms } from './planner/HostVms.tsx';
import { MoveToDialog } from './planner/MoveToDialog.tsx';
import { PlannerPanel } from './planner/PlannerPanel.tsx';
import { usePlannerKeys } from './planner/usePlannerKeys.ts';
import { useDragMove } from './planner/useDragMove.ts';
import { PreviewCanvas } from './planner/PreviewCanvas.tsx';
import { Header } from './components/Header.tsx';
import { Legend } from './components/Legend.tsx';
import { useFirstFrameDrawn } from './perf-marks.ts';
import { SidePanel } from './components/SidePanel.tsx';
import { SiteList } from './components/SiteList.tsx';
import { StatusView, type Status } from './components/StatusView.tsx';
import { ViewBar } from './components/ViewBar.tsx';
import { SearchBox } from './components/SearchBox.tsx';
import { TenantList } from './components/TenantList.tsx';
import { VmDrawer } from './components/VmDrawer.tsx';
import { Executions } from './execution/Executions.tsx';
import { ImportDialog } from './import/ImportDialog.tsx';
import { useImportApi } from './import/import-context.tsx';
import { MigrationsToggle } from './execution/MigrationsToggle.tsx';
import { useVmChoice } from './components/useVmChoice.ts';
import { tenantNodeId } from './graph/tenant-elements.ts';
import { vmsPerHost } from '@vmmi/shared';
import {
  selectCurrentSite,
  selectCurrentTenant,
  selectDevice,
  selectEstate,
  selectEstateStats,
  selectEstateId,
  selectEstateList,
  selectEstateStatus,
  selectMissingSiteId,
  selectShownView,
  selectSiteStats,
  selectVmId,
} from './store/selectors.ts';
import { useAppActions, useAppStore } from './store/store-context.tsx';
import { useTheme } from './theme/useTheme.ts';
import { AuthNotice } from './auth/AuthNotice.tsx';
import { LiveNotice } from './components/LiveNotice.tsx';
import { useEstateWatch } from './estate/useEstateWatch.ts';
import { UserMenu } from './auth/UserMenu.tsx';
import { useCan, useCanForAllTenants } from './auth/useCan.ts';
import { useUrlSync } from './url/useUrlSync.ts';
import { PlanHint, PlanHintButton } from './onboarding/PlanHint.tsx';
import { usePlanHint } from './onboarding/usePlanHint.ts';

const selectNothing = (): null => null;

export function App() {
  const theme = useTheme();
  useUrlSync();
  const actions = useAppActions();
  const list = useAppStore(selectEstateList);
  const estateStatus = useAppStore(selectEstateStatus);
  const estateId = useAppStore(selectEstateId);
  const estate = useAppStore(selectEstate);
  // The side panel renders after the canvas's first frame, its counts made then: over a big
  // site's devices they would cost that frame, which nobody's eyes need them in.
  const panelShown = useFirstFrameDrawn();
  const counts = useAppStore(panelShown ? selectEstateStats : selectNothing);
  const site = useAppStore(selectCurrentSite);
  const siteStats = useAppStore(panelShown ? selectSiteStats : selectNothing);
  const device = useAppStore(selectDevice);
  const shownView = useAppStore(selectShownView);
  const missingSiteId = useAppStore(selectMissingSiteId);
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const importApi = useImportApi();
  const [importOpen, setImportOpen] = useState(false);
  const graphRef = useRef<GraphHandle | null>(null);
  const moveRefusal = useCan('operator');
  // Imports replace every tenant's VMs: refused to an operator limited to tenants, as the server does.
  const importRefusal = useCanForAllTenants('operator');
  const { onVmPointerDown, pressVm, ghost, hovered, ghostRef, pointerRef } = useDragMove(
    graphRef,
    actions,
    moveRefusal,
  );
  const tenant = useAppStore(selectCurrentTenant);
  const vmId = useAppStore(selectVmId);
  const vmChoice = useVmChoice(actions, estate, site, tenant);
  // The server and the estate on the screen, checked every 15 s: a stale or deleted estate is said.
  const watch = useEstateWatch();
  usePlannerKeys(actions, vmId, moveRefusal);
  const {
    shown: hintShown,
    dismiss: dismissHint,
    toggle: toggleHint,
    hintRef,
    buttonRef,
  } = usePlanHint();

  const openSite = useCallback((id: string) => actions.selectView('site', id), [actions]);
  const openGlobal = useCallback(() => actions.selectView('global'), [actions]);

  // Esc leaves a site view, as the breadcrumb does.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement | null)?.tagName;
      if (e.key === 'Escape' && shownView !== 'global' && tag !== 'SELECT' && tag !== 'INPUT')
        openGlobal();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shownView, openGlobal]);

  useEffect(() => {
    document.title = site ? `${site.name} · VMMI Planner` : 'VMMI Planner';
  }, [site]);

  const hostVmList = useMemo(
    () =>
      estate && device?.role === 'host' ? estate.vms.filter((v) => v.hostId === device.id) : [],
    [estate, device],
  );
  const moveTo = useCallback(
    (id: string) =>
      moveRefusal === null
        ? actions.beginMove([id], 'dialog')
        : actions.setAuthNotice(`Moving a VM ${moveRefusal}.`),
    [actions, moveRefusal],
  );
  const onPressVm = useCallback(
    (id: string, at: { x: number; y: number }) =>
      pressVm([id], estate?.vms.find((v) => v.id === id)?.name ?? id, at),
    [pressVm, estate],
  );
  const onTableRowPointerDown = useCallback(
    (id: string, e: PointerEvent) =>
      onVmPointerDown([id], estate?.vms.find((v) => v.id === id)?.name ?? id, e),
    [onVmPointerDown, estate],
  );

  const vmsOnDevice = useMemo(
    () => (estate && device ? (vmsPerHost(estate).get(device.id) ?? 0) : 0),
    [estate, device],
  );

  let status: Status | null = null;
  if (list.status === 'error')
    status = { kind: 'error', error: list.error, onRetry: () => void actions.start() };
  else if (estateStatus.status === 'error')
    status = {
      kind: 'error',
      error: estateStatus.error,
      onRetry: () => void (estateId ? actions.loadEstate(estateId) : actions.start()),
    };
  // An estate on the screen that the server no longer lists stays up, said deleted (LiveNotice).
  else if (!estate && list.status === 'ready' && list.data.length === 0)
    status = {
      kind: 'empty',
      title: 'No estates yet',
      hint: 'Import one with Import… above (an estate file, a NetBox, a containerlab topology), or with the vmmi CLI.',
    };
  else if (estate && estate.sites.length === 0)
    status = {
      kind: 'empty',
      title: 'This estate has no sites',
      hint: 'Add sites to the estate file and import it again.',
    };
  else if (!estate)
    status = { kind: 'loading', what: list.status === 'ready' ? 'the estate' : 'estates' };

  return (
    <div className="app">
      <Header
        estates={list.status === 'ready' ? list.data : []}
        estateId={estateId}
        estateName={estate?.name ?? null}
        theme={theme}
        onPickEstate={(id) => void actions.openEstate(id)}
        onToggleTheme={actions.toggleTheme}
        {...(importApi && { onImport: () => setImportOpen(true) })}
        importRefusal={importRefusal}
        account={<UserMenu />}
      >
        {estate && <SearchBox estate={estate} onChoose={vmChoice.chooseHit} />}
        <MigrationsToggle />
        {estate && <PlanHintButton shown={hintShown} onToggle={toggleHint} buttonRef={buttonRef} />}
      </Header>
      {status || !estate ? (
        <main className="main main-status">
          <AuthNotice />
          <StatusView status={status ?? { kind: 'loading', what: 'the estate' }} />
        </main>
      ) : (
        <>
          <SiteList
            estate={estate}
            currentSiteId={site?.id ?? null}
            onOpen={openSite}
            onHighlight={setHighlightId}
          >
            <TenantList
              estate={estate}
              currentTenantId={tenant?.id ?? null}
              onOpen={actions.openTenant}
            />
          </SiteList>
          <main className="main">
            <ViewBar estateName={estate.name} site={site} tenant={tenant} onGlobal={openGlobal} />
            <PlanHint shown={hintShown} onDismiss={dismissHint} hintRef={hintRef} />
            <AuthNotice />
            <LiveNotice
              serverDownSince={watch.serverDownSince}
              gone={watch.gone}
              className="notice live-notice"
              testIdPrefix="planner"
            />
            {missingSiteId && (
              <p className="notice" role="status" data-testid="missing-site">
                This estate has no site “{missingSiteId}”; showing the global view.
              </p>
            )}
            <PreviewCanvas
              hovered={hovered}
              estate={estate}
              view={shownView}
              site={site}
              tenant={tenant}
              theme={theme}
              highlightId={
                shownView === 'global'
                  ? highlightId
                  : shownView === 'tenant'
                    ? vmId && tenantNodeId.vm(vmId)
                    : (device?.id ?? null)
              }
              graphRef={graphRef}
              onOpenSite={openSite}
              onSelectDevice={actions.selectDevice}
              onSelectVm={vmChoice.chooseVm}
              onPressVm={onPressVm}
            />
            <Legend theme={theme} view={shownView} site={site} />
            <VmDrawer
              estate={estate}
              scope={vmChoice.scope}
              scopeLabel={vmChoice.scopeLabel}
              selectedVmId={vmId}
              onSelect={vmChoice.chooseVm}
              onRowPointerDown={onTableRowPointerDown}
              onMoveTo={moveTo}
              moveRefusal={moveRefusal}
            />
          </main>
          {!counts ? (
            <aside className="panel" aria-label="Details" aria-busy="true" />
          ) : (
            <SidePanel
              estate={estate}
              counts={counts}
              site={site}
              siteStats={siteStats}
              device={device}
              vmsOnDevice={vmsOnDevice}
              hostVms={
                <HostVms
                  vms={hostVmList}
                  onVmPointerDown={onVmPointerDown}
                  onMoveTo={moveTo}
                  moveRefusal={moveRefusal}
                />
              }
              planner={<PlannerPanel estate={estate} />}
              tenant={shownView === 'tenant' ? tenant : null}
            />
          )}
          <MoveToDialog estate={estate} />
          {ghost && (
            <DragGhost
              estate={estate}
              label={ghost.label}
              ghostRef={ghostRef}
              pointerRef={pointerRef}
            />
          )}
          <HeldDropCard estate={estate} />
        </>
      )}
      <Executions estate={estate} graphRef={graphRef} />
      {importApi && (
        <ImportDialog
          api={importApi}
          open={importOpen}
          onClose={() => setImportOpen(false)}
          onImported={(id) => void actions.loadEstateList().then(() => actions.openEstate(id))}
        />
      )}
    </div>
  );
}
