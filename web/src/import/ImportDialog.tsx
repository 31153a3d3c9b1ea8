/**
 * "Import…": bring an estate in from an estate file, a NetBox, or a
 * containerlab topology (R21), each in a tab (arrow keys move between tabs,
 * as WAI-ARIA's tabs pattern has it). An import that stores an estate opens it.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { ModalDialog } from '../components/ModalDialog.tsx';
import type { ImportApi } from '../api/import-api.ts';
import { ClabPanel, EstateFilePanel } from './FileImportPanels.tsx';
import { NetboxImportPanel } from './NetboxImportPanel.tsx';
import './import.css';

const TABS = [
  { id: 'file', label: 'Estate file' },
  { id: 'netbox', label: 'NetBox' },
  { id: 'clab', label: 'containerlab' },
] as const;
type TabId = (typeof TABS)[number]['id'];

export interface ImportDialogProps {
  api: ImportApi;
  open: boolean;
  onClose: () => void;
  onImported: (estateId: string) => void;
}

export function ImportDialog({ api, open, onClose, onImported }: ImportDialogProps) {
  const [tab, setTab] = useState<TabId>('file');
  const tabRefs = useRef(new Map<TabId, HTMLButtonElement>());

  const onTabKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = TABS[(i + step + TABS.length) % TABS.length]!.id;
    setTab(next);
    tabRefs.current.get(next)?.focus();
  };

  const imported = (id: string) => {
    onImported(id);
    onClose();
  };

  return (
    <ModalDialog
      open={open}
      onClose={onClose}
      className="import-dialog"
      labelledBy="import-dialog-title"
      testId="import-dialog"
    >
      <h2 id="import-dialog-title">Import an estate</h2>
      <div role="tablist" aria-label="Import from" className="import-tabs" onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              if (el) tabRefs.current.set(t.id, el);
            }}
            type="button"
            role="tab"
            id={`import-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`import-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            data-testid={`import-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      {open &&
        TABS.map((t) => (
          <div
            key={t.id}
            role="tabpanel"
            id={`import-panel-${t.id}`}
            aria-labelledby={`import-tab-${t.id}`}
            hidden={tab !== t.id}
          >
            {t.id === 'file' && <EstateFilePanel api={api} onImported={imported} />}
            {t.id === 'netbox' && <NetboxImportPanel api={api} onImported={imported} />}
            {t.id === 'clab' && <ClabPanel api={api} onImported={imported} />}
          </div>
        ))}
      <div className="dialog-actions">
        <button type="button" onClick={onClose} data-testid="import-close">
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
