/**
 * Import from a file: our estate file (JSON or YAML, stored whole or refused
 * with its issues), or a containerlab topology (read first, with its report,
 * then stored). A file can be chosen or its text pasted.
 */
import { useState } from 'react';
import type { ClabImport, ImportApi } from '../api/import-api.ts';
import { clabReportRows } from './import-report.ts';
import { ReportTable } from './ReportTable.tsx';
import { countOf } from '../planner/format.ts';

function TextSource({
  id,
  accept,
  text,
  onText,
}: {
  id: string;
  accept: string;
  text: string;
  onText: (text: string) => void;
}) {
  const [reading, setReading] = useState<string | null>(null);
  return (
    <>
      <label htmlFor={`${id}-file`}>File</label>
      <input
        id={`${id}-file`}
        type="file"
        accept={accept}
        data-testid={`${id}-file`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          setReading(file.name);
          void file.text().then((t) => {
            onText(t);
            setReading(null);
          });
        }}
      />
      <label htmlFor={`${id}-text`}>or paste it</label>
      <textarea
        id={`${id}-text`}
        rows={8}
        spellCheck={false}
        value={text}
        onChange={(e) => onText(e.target.value)}
        data-testid={`${id}-text`}
      />
      {reading && <p className="small muted">Reading {reading}…</p>}
    </>
  );
}

export function EstateFilePanel({
  api,
  onImported,
}: {
  api: ImportApi;
  onImported: (id: string) => void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="import-panel"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        void api.importFile(text).then((outcome) => {
          setBusy(false);
          if (outcome.ok) onImported(outcome.value.id);
          else setError(outcome.message);
        });
      }}
    >
      <TextSource id="estate-file" accept=".json,.yaml,.yml" text={text} onText={setText} />
      {error && (
        <p className="small reason blocking" role="alert" data-testid="estate-file-error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || text.trim() === ''}
          data-testid="estate-file-import"
        >
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
    </form>
  );
}

export function ClabPanel({
  api,
  onImported,
}: {
  api: ImportApi;
  onImported: (id: string) => void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [read, setRead] = useState<ClabImport | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function readTopology() {
    setBusy(true);
    setError(null);
    const outcome = await api.clab(text);
    setBusy(false);
    if (outcome.ok) setRead(outcome.value);
    else setError(outcome.message);
  }

  async function store() {
    if (!read?.estate) return;
    setBusy(true);
    const outcome = await api.store(read.estate);
    setBusy(false);
    if (outcome.ok) onImported(outcome.value.id);
    else setError(outcome.message);
  }

  const estate = read?.estate;
  return (
    <form
      className="import-panel"
      onSubmit={(e) => {
        e.preventDefault();
        void store();
      }}
    >
      <TextSource
        id="clab"
        accept=".yml,.yaml"
        text={text}
        onText={(t) => {
          setText(t);
          setRead(null);
        }}
      />
      <p className="small" role="status" aria-live="polite" data-testid="clab-status">
        {busy
          ? 'Reading…'
          : estate
            ? `${countOf(estate.sites.length, 'site')}, ${countOf(estate.devices.length, 'device')}, ${countOf(estate.links.length, 'link')}, ${countOf(estate.wanLinks.length, 'WAN link')}.`
            : read
              ? 'The topology does not make a valid estate: see the report.'
              : 'Read the topology to see what it becomes.'}
      </p>
      {error && (
        <p className="small reason blocking" role="alert" data-testid="clab-error">
          {error}
        </p>
      )}
      {read && <ReportTable rows={clabReportRows(read)} />}
      <div className="dialog-actions">
        <button
          type="button"
          disabled={busy || text.trim() === ''}
          onClick={() => void readTopology()}
          data-testid="clab-read"
        >
          Read
        </button>
        <button
          type="submit"
          className="primary"
          disabled={busy || !estate}
          data-testid="clab-import"
        >
          Import
        </button>
      </div>
    </form>
  );
}
