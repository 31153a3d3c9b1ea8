/**
 * "Evacuate host…" and "Drain site…" (R16; docs/planning.md): a target for
 * every VM that the admission rule accepts as a whole, near each VM's peers,
 * and the waves that carry it out, as the shared engine proposes them in the
 * browser. "Stage N moves" stages each move in wave order, each previewed as a
 * drop is; nothing runs until each is accepted. "Run as waves" has the server
 * run the waves instead (RunAsWaves.tsx).
 */
import { durationText, gateBefore, type Estate, type WaveGate } from '@vmmi/shared';
import { useId, useMemo, useState } from 'react';
import { selectEstate } from '../store/selectors.ts';
import { ModalDialog } from '../components/ModalDialog.tsx';
import { useAppActions, useAppStore } from '../store/store-context.tsx';
import {
  evacuationPlan,
  sourceTitle,
  sourceWhat,
  type EvacuationSource,
} from './evacuation-plan.ts';
import { countOf, fmtCount } from './format.ts';
import { PlanDialogButton, StageActions } from './PlanDialogParts.tsx';
import { RunAsWaves } from './RunAsWaves.tsx';

const mbps = (x: number) => `${fmtCount(Math.round(x))} Mbit/s`;

export function EvacuationDialog({
  estate,
  source,
  kind,
  onClose,
}: {
  estate: Estate;
  /** What to empty; null while closed. */
  source: EvacuationSource | null;
  /** Which of the two dialogs (a host's, a site's) this is: both may be in the page at once. */
  kind: EvacuationSource['kind'];
  onClose: () => void;
}) {
  const actions = useAppActions();
  const limits = useAppStore((s) => s.previewOptions.migrationLimits);
  const plan = useMemo(
    () => (source ? evacuationPlan(estate, source, limits) : null),
    [estate, source, limits],
  );
  const title = source ? sourceTitle(source) : '';
  const [gate, setGate] = useState<WaveGate>('approval');

  return (
    <ModalDialog
      open={source !== null}
      onClose={onClose}
      className="move-dialog evacuation-dialog"
      labelledBy="evacuation-title"
      testId={`evacuation-dialog-${kind}`}
    >
      {source && plan && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            if (plan.ok) actions.stageMoves(plan.moves, sourceWhat(source));
            onClose();
          }}
        >
          <h2 id="evacuation-title" className="panel-heading">
            {title}
          </h2>
          {plan.ok ? (
            <PlanBody plan={plan} gate={gate} />
          ) : (
            <p className="reason blocking">{plan.message}</p>
          )}
          <RunAsWaves
            plan={plan}
            label={sourceWhat(source)}
            gate={gate}
            onGate={setGate}
            onStarted={onClose}
          />
          <StageActions
            moves={plan.ok ? plan.moves.length : 0}
            why={plan.ok ? 'no VM could be placed.' : 'the request was refused.'}
            testId="evacuation-stage"
            onCancel={onClose}
          />
        </form>
      )}
    </ModalDialog>
  );
}

function PlanBody({
  plan,
  gate,
}: {
  plan: Extract<ReturnType<typeof evacuationPlan>, { ok: true }>;
  /** Before each wave after the first, as chosen for Run as waves. */
  gate: WaveGate;
}) {
  const { proposal: p, waves: w } = plan;
  const s = p.summary;
  return (
    <>
      <p className="small" data-testid="evacuation-summary">
        {countOf(s.vms, 'VM')}: {fmtCount(s.placed)} placed
        {s.bySite.length > 0 &&
          ` (${s.bySite.map((b) => `${countOf(b.vms, 'VM')} to ${b.siteId}`).join(', ')})`}
        , {fmtCount(s.unplaced)} not placed. Their traffic over the WAN {mbps(s.wanMbpsBefore)} →{' '}
        {mbps(s.wanMbpsAfter)}; {fmtCount(s.memoryGiB)} GiB of memory to copy.
      </p>
      {w.waves.length > 0 && (
        <>
          <p className="small" data-testid="evacuation-totals">
            {countOf(w.waves.length, 'wave')}: {durationText(w.durationSeconds)} of copying (gates
            not counted), longest pause {fmtCount(Math.round(w.worstDowntimeMs))} ms, peak over the
            WAN {mbps(w.peakWanMbps)}.
          </p>
          <table className="wan evacuation-waves" data-testid="evacuation-waves">
            <thead>
              <tr>
                <th scope="col">Wave</th>
                <th scope="col">Starts</th>
                <th scope="col" className="num">
                  VMs
                </th>
                <th scope="col" className="num">
                  Copy time
                </th>
                <th scope="col" className="num">
                  Copies over the WAN
                </th>
                <th scope="col" className="num">
                  Application WAN
                </th>
              </tr>
            </thead>
            <tbody>
              {w.waves.map((wave) => (
                <tr key={wave.number} title={wave.vmIds.join(', ')}>
                  <td>{wave.number}</td>
                  <td>
                    {gateBefore(wave.number - 1, gate) === 'auto' ? 'at once' : 'on approval'}
                  </td>
                  <td className="num">{wave.vmIds.length}</td>
                  <td className="num">{durationText(wave.durationSeconds)}</td>
                  <td className="num">{mbps(wave.copyWanMbps)}</td>
                  <td className="num">
                    {mbps(wave.appWanMbpsDuring)} → {mbps(wave.appWanMbpsAfter)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {p.unplaced.length > 0 && (
        <>
          <h3 className="sub-heading">Not placed</h3>
          <ul className="small" data-testid="evacuation-unplaced">
            {p.unplaced.map((u) => (
              <li key={u.vmId}>
                {u.vmId}: {u.reasons.map((r) => r.message).join('; ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** The button that opens the dialog for a host or a site, with the dialog. */
export function EvacuateButton({ source, label }: { source: EvacuationSource; label: string }) {
  return (
    <PlanDialogButton
      label={label}
      testId={`evacuate-${source.kind}`}
      dialog={(estate, open, close) => (
        <EvacuationDialog
          estate={estate}
          source={open ? source : null}
          kind={source.kind}
          onClose={close}
        />
      )}
    />
  );
}

/**
 * The tenant view's "Move to <site> in waves…": every VM of the tenant not in
 * that site yet, placed there near its peers and split into waves, in the same
 * dialog as an evacuation (stage the moves, or run the waves on the server).
 */
export function TenantMoveButton({ tenantId }: { tenantId: string }) {
  const estate = useAppStore(selectEstate);
  const [chosen, setChosen] = useState<string | null>(null);
  const toSiteId = chosen ?? estate?.sites[0]?.id ?? null;
  const source = useMemo(
    () => (toSiteId ? { kind: 'tenant' as const, tenantId, toSiteId } : null),
    [tenantId, toSiteId],
  );
  if (!estate || !source) return null;
  return (
    <div className="tenant-move small">
      <TargetSiteSelect
        label="Move the tenant to"
        estate={estate}
        value={source.toSiteId}
        onChange={setChosen}
        testId="tenant-move-site"
      />{' '}
      <EvacuateButton source={source} label="in waves…" />
    </div>
  );
}

/** The labelled choice of the site a set of VMs moves to, beside the button that opens the dialog. */
export function TargetSiteSelect({
  label,
  estate,
  value,
  onChange,
  testId,
}: {
  label: string;
  estate: Pick<Estate, 'sites'>;
  value: string;
  onChange: (siteId: string) => void;
  testId: string;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>{' '}
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {estate.sites.map((site) => (
          <option key={site.id} value={site.id}>
            {site.name}
          </option>
        ))}
      </select>
    </>
  );
}
