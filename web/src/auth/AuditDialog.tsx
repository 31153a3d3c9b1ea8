/**
 * Audit log… (admin): who did what, newest first, filtered by an action
 * prefix (`user.`, `auth.login`) and an actor; "Older" fetches the page
 * before the last row shown. A row opens to show the record before and
 * after the change, as the server stored them.
 */
import { Fragment, useCallback, useEffect, useState } from 'react';
import type { AdminApi, AuditQuery, AuditRow } from '../api/admin-api.ts';
import { AccountDialog, InlineError } from './AccountDialog.tsx';

export const AUDIT_PAGE = 50;

export function AuditDialog({
  api,
  open,
  onClose,
}: {
  api: AdminApi;
  open: boolean;
  onClose: () => void;
}) {
  return (
    <AccountDialog open={open} onClose={onClose} title="Audit log" testId="audit-dialog" wide>
      <AuditPanel api={api} />
    </AccountDialog>
  );
}

/** The query for a page: the filters typed (blank ones left out), before the given row. */
export function auditQuery(
  filters: { action: string; actor: string },
  beforeId: string | null,
): AuditQuery {
  const action = filters.action.trim();
  const actor = filters.actor.trim();
  return {
    limit: AUDIT_PAGE,
    ...(beforeId !== null && { beforeId }),
    ...(action !== '' && { action }),
    ...(actor !== '' && { actor }),
  };
}

function AuditPanel({ api }: { api: AdminApi }) {
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [applied, setApplied] = useState({ action: '', actor: '' });
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);

  const load = useCallback(
    (beforeId: string | null) =>
      void api.audit(auditQuery(applied, beforeId)).then((res) => {
        setError(res.ok ? null : res.message);
        if (!res.ok) return;
        setRows((shown) => (beforeId === null ? res.value : [...shown, ...res.value]));
        setMore(res.value.length === AUDIT_PAGE);
      }),
    [api, applied],
  );
  useEffect(() => load(null), [load]);

  return (
    <>
      <form
        className="admin-row-form"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ action, actor });
        }}
      >
        <label>
          Action starts with
          <input
            value={action}
            onChange={(e) => setAction(e.target.value)}
            placeholder="user."
            data-testid="audit-action"
          />
        </label>
        <label>
          Actor
          <input
            value={actor}
            onChange={(e) => setActor(e.target.value)}
            data-testid="audit-actor"
          />
        </label>
        <button type="submit" className="btn" data-testid="audit-filter">
          Filter
        </button>
      </form>
      <InlineError error={error} />
      <table className="admin-table" data-testid="audit-table">
        <thead>
          <tr>
            <th>Time</th>
            <th>Actor</th>
            <th>Action</th>
            <th>Target</th>
            <th>Outcome</th>
            <th>Source</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <Fragment key={r.id}>
              <tr
                data-testid="audit-row"
                aria-expanded={openId === r.id}
                tabIndex={0}
                onClick={() => setOpenId(openId === r.id ? null : r.id)}
                onKeyDown={(e) => {
                  if (e.key !== 'Enter' && e.key !== ' ') return;
                  e.preventDefault();
                  setOpenId(openId === r.id ? null : r.id);
                }}
              >
                <td>{new Date(r.at).toLocaleString()}</td>
                <td>
                  {r.actor} <span className="muted small">({r.actorKind})</span>
                </td>
                <td>{r.action}</td>
                <td>{r.target ?? ''}</td>
                <td>{r.outcome}</td>
                <td>{r.source ?? ''}</td>
              </tr>
              {openId === r.id && (
                <tr data-testid="audit-detail">
                  <td colSpan={3}>
                    <strong>Before</strong>
                    <pre>{JSON.stringify(r.before, null, 2)}</pre>
                  </td>
                  <td colSpan={3}>
                    <strong>After</strong>
                    <pre>{JSON.stringify(r.after, null, 2)}</pre>
                    <span className="muted small">request {r.requestId ?? '—'}</span>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && error === null && <p className="muted">No entries.</p>}
      {more && (
        <button
          type="button"
          className="btn"
          onClick={() => load(rows[rows.length - 1]!.id)}
          data-testid="audit-older"
        >
          Older
        </button>
      )}
    </>
  );
}
