/**
 * The VMs on the host selected on the canvas: each row can be dragged onto
 * another host or site, or moved through "Move to…" (button, or M on the row).
 */
import type { Vm } from '@vmmi/shared';
import type { PointerEvent } from 'react';
import { refusedProps } from '../auth/refused-props.ts';

export interface HostVmsProps {
  vms: Vm[];
  onVmPointerDown: (vmIds: string[], label: string, e: PointerEvent) => void;
  onMoveTo: (vmId: string) => void;
  /** Why the caller may not move VMs; null: may. */
  moveRefusal?: string | null;
}

export function HostVms({ vms, onVmPointerDown, onMoveTo, moveRefusal = null }: HostVmsProps) {
  if (vms.length === 0) return <p className="muted small">No VMs on this host.</p>;
  return (
    <ul className="host-vms" aria-label="VMs on this host" data-testid="host-vms">
      {vms.map((vm) => (
        <li
          key={vm.id}
          className="host-vm"
          tabIndex={0}
          data-testid={`host-vm-${vm.id}`}
          data-vm-id={vm.id}
          aria-label={`${vm.name}, ${vm.ipv4 ?? vm.ipv6 ?? ''}. Drag onto a host or data center, or press M to move.`}
          onPointerDown={(e) => onVmPointerDown([vm.id], vm.name, e)}
          onKeyDown={(e) => {
            if (e.key === 'm' || e.key === 'M') {
              e.preventDefault();
              onMoveTo(vm.id);
            }
          }}
        >
          <span className="drag-handle" aria-hidden="true">
            ⠿
          </span>
          <span className="host-vm-name">{vm.name}</span>
          <code className="small">{vm.ipv4 ?? vm.ipv6}</code>
          <button
            type="button"
            className="link-btn"
            onPointerDown={(e) => e.stopPropagation()}
            onClick={() => onMoveTo(vm.id)}
            {...refusedProps(moveRefusal)}
          >
            Move to…
          </button>
        </li>
      ))}
    </ul>
  );
}
