/**
 * The drawer under the canvas that holds the VM table: a bar with its toggle
 * (also the key `t`), and the table when open. Closed, the table is not
 * mounted at all, so a closed drawer costs nothing at 100,000 VMs.
 */
import { useId, useState } from 'react';
import { useHotkey } from './useHotkey.ts';
import { VmTable, type VmTableProps } from './VmTable.tsx';

export interface VmDrawerProps extends VmTableProps {
  /** Whether the drawer starts open. */
  initiallyOpen?: boolean;
  /** What the table lists, for the bar: "all VMs", "VMs in Frankfurt FRA1"… */
  scopeLabel: string;
}

export function VmDrawer({ initiallyOpen = false, scopeLabel, ...table }: VmDrawerProps) {
  const [open, setOpen] = useState(initiallyOpen);
  const bodyId = useId();
  useHotkey('t', (e) => {
    e.preventDefault();
    setOpen((o) => !o);
  });
  return (
    <section
      className={`vm-drawer${open ? ' vm-drawer-open' : ''}`}
      aria-label="VM table"
      data-testid="vm-drawer"
    >
      <div className="vm-drawer-bar">
        <button
          type="button"
          className="btn btn-ghost vm-drawer-toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          aria-keyshortcuts="t"
          onClick={() => setOpen((o) => !o)}
          data-testid="vm-table-toggle"
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> VM table
          <kbd className="kbd">t</kbd>
        </button>
        <span className="muted small">{scopeLabel}</span>
      </div>
      <div id={bodyId} className="vm-drawer-body" hidden={!open}>
        {open && <VmTable {...table} />}
      </div>
    </section>
  );
}
