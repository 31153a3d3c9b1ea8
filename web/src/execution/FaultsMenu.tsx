/**
 * Faults for demos and tests: a host or a WAN link down,
 * bandwidth collapse, or a stuck copy / executor crash on one running
 * migration; and the active faults with Clear. What each does to a run is in
 * docs/execution.md.
 */
import type { Estate, FaultInput, MigrationState } from '@vmmi/shared';
import { useId, useMemo, useState } from 'react';
import type { StoredFault } from '../api/execution-api.ts';
import { describeFault } from './describe.ts';
import { refusedProps } from '../auth/refused-props.ts';

type Kind = FaultInput['kind'];

const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'host-down', label: 'Host down' },
  { kind: 'link-down', label: 'WAN link down' },
  { kind: 'bandwidth-collapse', label: 'Bandwidth collapse' },
  { kind: 'stuck-progress', label: 'Stuck progress (a migration)' },
  { kind: 'executor-crash', label: 'Executor crash (a migration)' },
];

const FACTORS = [0.01, 0.1, 0.3];

export interface FaultsMenuProps {
  estate: Estate;
  activeRuns: readonly MigrationState[];
  faults: readonly StoredFault[];
  onInject: (fault: FaultInput) => Promise<boolean>;
  onClear: (id: string) => void;
  /** Why the caller may not inject or clear faults (the buttons say so, disabled); null: may. */
  refusal?: string | null;
}

export function FaultsMenu({
  estate,
  activeRuns,
  faults,
  onInject,
  onClear,
  refusal = null,
}: FaultsMenuProps) {
  const id = useId();
  const [kind, setKind] = useState<Kind>('host-down');
  const [siteId, setSiteId] = useState(estate.sites[0]?.id ?? '');
  const [hostId, setHostId] = useState('');
  const [linkId, setLinkId] = useState('');
  const [factor, setFactor] = useState(0.01);
  const [runId, setRunId] = useState('');
  const [busy, setBusy] = useState(false);

  const hosts = useMemo(
    () => estate.devices.filter((d) => d.role === 'host' && d.siteId === siteId),
    [estate, siteId],
  );
  const host = hosts.some((h) => h.id === hostId) ? hostId : (hosts[0]?.id ?? '');
  const link = estate.wanLinks.some((l) => l.id === linkId) ? linkId : '';
  const run = activeRuns.some((m) => m.id === runId) ? runId : (activeRuns[0]?.id ?? '');
  const vmOf = (id: string) => activeRuns.find((m) => m.id === id)?.spec.vmId;

  let fault: FaultInput | null = null;
  if (kind === 'host-down' && host) fault = { kind, hostId: host };
  else if (kind === 'link-down') fault = link ? { kind, linkId: link } : null;
  else if (kind === 'bandwidth-collapse') fault = { kind, factor, ...(link && { linkId: link }) };
  else if ((kind === 'stuck-progress' || kind === 'executor-crash') && run)
    fault = { kind, migrationId: run };

  const byRun = kind === 'stuck-progress' || kind === 'executor-crash';
  return (
    <details className="faults-menu" data-testid="faults-menu">
      <summary>Faults ({faults.length} active)</summary>
      <form
        className="faults-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!fault || busy || refusal !== null) return;
          setBusy(true);
          void onInject(fault).finally(() => setBusy(false));
        }}
      >
        <label htmlFor={`${id}-kind`}>Fault</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
          data-testid="fault-kind"
        >
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
        {kind === 'host-down' && (
          <>
            <label htmlFor={`${id}-site`}>Data center</label>
            <select id={`${id}-site`} value={siteId} onChange={(e) => setSiteId(e.target.value)}>
              {estate.sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            <label htmlFor={`${id}-host`}>Host</label>
            <select
              id={`${id}-host`}
              value={host}
              onChange={(e) => setHostId(e.target.value)}
              data-testid="fault-host"
            >
              {hosts.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                  {h.state !== 'up' ? ` (${h.state})` : ''}
                </option>
              ))}
            </select>
          </>
        )}
        {(kind === 'link-down' || kind === 'bandwidth-collapse') && (
          <>
            <label htmlFor={`${id}-link`}>WAN link</label>
            <select
              id={`${id}-link`}
              value={link}
              onChange={(e) => setLinkId(e.target.value)}
              data-testid="fault-link"
            >
              <option value="">{kind === 'link-down' ? 'Choose a link…' : 'every link'}</option>
              {estate.wanLinks.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.id}
                  {l.state !== 'up' ? ` (${l.state})` : ''}
                </option>
              ))}
            </select>
          </>
        )}
        {kind === 'bandwidth-collapse' && (
          <>
            <label htmlFor={`${id}-factor`}>Capacity left</label>
            <select
              id={`${id}-factor`}
              value={factor}
              onChange={(e) => setFactor(Number(e.target.value))}
            >
              {FACTORS.map((f) => (
                <option key={f} value={f}>
                  {Math.round(f * 100)} %
                </option>
              ))}
            </select>
          </>
        )}
        {byRun && (
          <>
            <label htmlFor={`${id}-run`}>Migration</label>
            <select
              id={`${id}-run`}
              value={run}
              onChange={(e) => setRunId(e.target.value)}
              data-testid="fault-migration"
            >
              {activeRuns.length === 0 && <option value="">No migration is running</option>}
              {activeRuns.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.spec.vmId} ({m.spec.fromHost} → {m.spec.toHost})
                </option>
              ))}
            </select>
          </>
        )}
        <button
          type="submit"
          className="btn btn-ghost btn-danger"
          disabled={!fault || busy}
          data-testid="fault-inject"
          {...refusedProps(refusal)}
        >
          Inject
        </button>
      </form>
      {faults.length > 0 && (
        <ul className="faults-list" data-testid="faults-list">
          {faults.map((f) => (
            <li key={f.id}>
              <span className="small">{describeFault(f.fault, vmOf)}</span>{' '}
              <button
                type="button"
                className="btn btn-ghost btn-small"
                onClick={() => onClear(f.id)}
                aria-label={`Clear fault: ${describeFault(f.fault, vmOf)}`}
                {...refusedProps(refusal)}
              >
                Clear
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
