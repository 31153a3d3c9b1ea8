/**
 * "Move to…" without dragging (WCAG 2.2, 2.5.7): pick a target from a list —
 * a data center (the engine picks the host) or one of its hosts — and a
 * strategy; the preview updates as the choice changes, exactly as during a
 * drag, and "Stage move" does what a drop does. The verdict and the first
 * blocking reason stay in the dialog; a blocked move is staged only through
 * "Keep as draft". Once staged, the keyboard lands on the new staged entry,
 * one Tab from its Accept.
 */
import type { Estate, MoveTarget } from '@vmmi/shared';
import { useMemo } from 'react';
import { ModalDialog } from '../components/ModalDialog.tsx';
import { useAppActions, useAppStore, useAppStoreApi } from '../store/store-context.tsx';
import { ColdModeControl } from './ColdModeControl.tsx';
import { focusStagedEntry } from './StagedPlans.tsx';
import { StrategySelect } from './StrategyCompare.tsx';
import { previewVerdict } from './verdict.ts';

const encode = (t: MoveTarget | null) =>
  t === null ? '' : t.kind === 'site' ? `site:${t.siteId}` : `host:${t.hostId}`;
const decode = (v: string): MoveTarget | null => {
  if (v.startsWith('site:')) return { kind: 'site', siteId: v.slice(5) };
  if (v.startsWith('host:')) return { kind: 'host', hostId: v.slice(5) };
  return null;
};

export function MoveToDialog({ estate }: { estate: Estate }) {
  const draft = useAppStore((s) => s.planner.draft);
  const preview = useAppStore((s) => s.planner.preview);
  const actions = useAppActions();
  const store = useAppStoreApi();
  const open = draft?.via === 'dialog';

  const groups = useMemo(
    () =>
      estate.sites.map((site) => ({
        site,
        hosts: estate.devices.filter((d) => d.siteId === site.id && d.role === 'host'),
      })),
    [estate],
  );
  const from = draft ? estate.vms.find((v) => v.id === draft.vmIds[0]) : undefined;
  const verdict = previewVerdict(preview, !!draft?.target);
  /** After the dialog closed (its close gives the focus back to where it was): onto the new entry. */
  const focusNewEntry = () =>
    requestAnimationFrame(() => {
      const id = store.getState().planner.focusedPlanId;
      if (id) focusStagedEntry(id);
    });

  return (
    <ModalDialog
      open={open}
      onClose={() => actions.cancelMove()}
      className="move-dialog"
      labelledBy="move-dialog-title"
      testId="move-dialog"
    >
      {draft && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            if (actions.stageMove()) focusNewEntry();
          }}
        >
          <h2 id="move-dialog-title">Move {draft.vmIds.join(', ')}</h2>
          {from && (
            <p className="muted small">Now on {from.hostId}. The impact shows in the side panel.</p>
          )}
          <label htmlFor="move-target">Target</label>
          <select
            id="move-target"
            data-testid="move-target"
            value={encode(draft.target)}
            onChange={(e) => actions.setMoveTarget(decode(e.target.value))}
            autoFocus
          >
            <option value="">Choose a data center or a host…</option>
            {groups.map(({ site, hosts }) => (
              <optgroup key={site.id} label={site.name}>
                <option value={`site:${site.id}`}>{site.name}: any host</option>
                {hosts.map((h) => (
                  <option key={h.id} value={`host:${h.id}`} disabled={h.id === from?.hostId}>
                    {h.name}
                    {h.state !== 'up' ? ` (${h.state})` : ''}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <StrategySelect
            id="move-strategy"
            value={draft.strategy}
            onChange={actions.setMoveStrategy}
          />
          <p className="small" role="status" data-testid="move-dialog-verdict">
            {verdict.tone === 'none'
              ? 'No target yet.'
              : verdict.tone === 'refused'
                ? verdict.reason
                : `${preview?.ok ? (preview.report.strategy ?? 'no strategy') : ''} · ${verdict.tone}`}
          </p>
          {verdict.tone === 'blocked' && (
            <p className="small reason blocking" data-testid="move-dialog-reason">
              {verdict.reason}
              {verdict.more > 0 && ` (+${verdict.more} more)`}
            </p>
          )}
          {preview?.ok && <ColdModeControl report={preview.report} onMode={actions.setMoveMode} />}
          <div className="dialog-actions">
            <button type="button" className="btn btn-ghost" onClick={() => actions.cancelMove()}>
              Cancel
            </button>
            {verdict.tone === 'blocked' && (
              <button
                type="button"
                className="btn btn-ghost"
                onClick={() => {
                  actions.stageMove();
                  actions.keepHeldAsDraft();
                  focusNewEntry();
                }}
              >
                Keep as draft
              </button>
            )}
            <button
              type="submit"
              className="btn btn-primary"
              disabled={verdict.tone !== 'feasible'}
              aria-describedby={verdict.tone === 'blocked' ? 'move-dialog-stage-why' : undefined}
            >
              Stage move
            </button>
          </div>
          {verdict.tone === 'blocked' && (
            <p className="disabled-reason" id="move-dialog-stage-why">
              Stage move is off: the move is blocked. Choose another target or strategy, or keep it
              as a draft.
            </p>
          )}
        </form>
      )}
    </ModalDialog>
  );
}
