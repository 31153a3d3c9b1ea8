/**
 * Import from NetBox (R21): its URL and an API token, a dry run that shows how
 * NetBox's device roles map to ours (each editable) and what the import would
 * leave out, then the import itself. The token stays in this form: it is sent
 * with each call and never kept.
 */
import { DeviceRoleSchema, type MappedRole } from '@vmmi/shared';
import { useState } from 'react';
import type { ImportApi, ImportProgressEvent, NetboxImport } from '../api/import-api.ts';
import { netboxReportRows } from './import-report.ts';
import { ReportTable } from './ReportTable.tsx';
import { useElapsed } from './useElapsed.ts';
import { randomUuid } from './uuid.ts';
import { fmtCount } from '../planner/format.ts';

const ROLE_CHOICES: readonly MappedRole[] = [...DeviceRoleSchema.options, 'skip'];

export function NetboxImportPanel({
  api,
  onImported,
}: {
  api: ImportApi;
  onImported: (id: string) => void;
}) {
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [roleMap, setRoleMap] = useState<Record<string, MappedRole>>({});
  const [busySince, setBusySince] = useState<number | null>(null);
  const [busyWhat, setBusyWhat] = useState('');
  const [result, setResult] = useState<NetboxImport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgressEvent | null>(null);
  const elapsed = useElapsed(busySince);

  async function run(dryRun: boolean) {
    setError(null);
    setBusyWhat(dryRun ? 'Reading NetBox (dry run)' : 'Importing from NetBox');
    setBusySince(Date.now());
    setProgress(null);
    // The server publishes each page it reads under an id of ours; the token is never in a URL.
    const progressId = randomUuid();
    const stop = api.followProgress(progressId, setProgress);
    const outcome = await api.netbox({ url: url.trim(), token, roleMap, dryRun, progressId });
    stop();
    setBusySince(null);
    if (!outcome.ok) {
      setError(outcome.message);
      return;
    }
    setResult(outcome.value);
    if (!dryRun && outcome.value.stored) onImported(outcome.value.stored.id);
  }

  const busy = busySince !== null;
  const canRun = url.trim() !== '' && token !== '' && !busy;
  return (
    <form
      className="import-panel"
      onSubmit={(e) => {
        e.preventDefault();
        void run(false);
      }}
    >
      <label htmlFor="netbox-url">NetBox URL</label>
      <input
        id="netbox-url"
        type="url"
        placeholder="https://netbox.example.net"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        data-testid="netbox-url"
        required
      />
      <label htmlFor="netbox-token">API token</label>
      <input
        id="netbox-token"
        type="password"
        autoComplete="off"
        value={token}
        onChange={(e) => setToken(e.target.value)}
        data-testid="netbox-token"
        required
      />
      {result && result.roleMapping.length > 0 && (
        <fieldset className="import-roles" data-testid="netbox-roles">
          <legend>Device roles</legend>
          {result.roleMapping.map((m) => (
            <label key={m.slug} className="import-role">
              <span>
                {m.name} <span className="muted small">({m.devices} devices)</span>
              </span>
              <select
                value={roleMap[m.slug] ?? m.role}
                onChange={(e) => setRoleMap({ ...roleMap, [m.slug]: e.target.value as MappedRole })}
                data-testid={`netbox-role-${m.slug}`}
              >
                {ROLE_CHOICES.map((r) => (
                  <option key={r} value={r}>
                    {r === 'skip' ? 'skip (not imported)' : r}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}
      <p className="small" role="status" aria-live="polite" data-testid="netbox-status">
        {busy
          ? `${busyWhat}… ${progress ? `${progress.endpoint} ${fmtCount(progress.fetched)}/${fmtCount(progress.count)} · ` : ''}${elapsed} s`
          : result
            ? result.stored
              ? `Imported as “${result.stored.id}” (version ${result.stored.version}).`
              : result.ok
                ? `Dry run: ${describeSummary(result)}. Nothing stored yet.`
                : 'NetBox’s content does not make a valid estate: nothing was stored.'
            : 'A dry run shows the role mapping and the report without storing anything.'}
      </p>
      {error && (
        <p className="small reason blocking" role="alert" data-testid="netbox-error">
          {error}
        </p>
      )}
      {result && <ReportTable rows={netboxReportRows(result)} />}
      <div className="dialog-actions">
        <button
          type="button"
          disabled={!canRun}
          onClick={() => void run(true)}
          data-testid="netbox-dry-run"
        >
          Dry run
        </button>
        <button type="submit" className="primary" disabled={!canRun} data-testid="netbox-import">
          Import
        </button>
      </div>
    </form>
  );
}

function describeSummary(result: NetboxImport): string {
  const made = result.report.made;
  const n = (k: string) => fmtCount(made[k] ?? 0);
  return `${n('sites')} sites, ${n('devices')} devices, ${n('links')} links, ${n('vms')} VMs`;
}
