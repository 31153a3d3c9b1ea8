// @vitest-environment happy-dom
import { buildDemoEstate } from '@vmmi/shared';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { VmTable } from './VmTable.tsx';

const demo = buildDemoEstate();
const hostSite = new Map(demo.devices.map((d) => [d.id, d.siteId]));
// The demo's ams1 VMs, counted from the estate itself.
const ams1Vms = demo.vms.filter((v) => hostSite.get(v.hostId) === 'ams1');

afterEach(cleanup);

function rowIds(): string[] {
  return screen
    .getAllByRole('row')
    .map((r) => r.getAttribute('data-vm-id'))
    .filter((id): id is string => id !== null);
}

describe('VmTable', () => {
  it("counts the scope's VMs and what the filter leaves of them", async () => {
    const user = userEvent.setup();
    render(<VmTable estate={demo} scope={{ kind: 'site', siteId: 'ams1' }} />);
    const n = ams1Vms.length.toLocaleString('en');
    expect(screen.getByTestId('vm-count').textContent).toBe(`${n} VMs`);
    await user.type(screen.getByTestId('vm-filter'), ams1Vms[3]!.name);
    expect(await screen.findByText(`1 of ${n} VMs`)).toBeTruthy();
    expect(rowIds()).toEqual([ams1Vms[3]!.id]);
    await user.clear(screen.getByTestId('vm-filter'));
    await user.type(screen.getByTestId('vm-filter'), 'zz-nothing');
    expect(await screen.findByText('No VM matches.')).toBeTruthy();
  });

  it('sorts by a column, ascending then descending, and says so to assistive technology', async () => {
    const user = userEvent.setup();
    render(<VmTable estate={demo} scope={{ kind: 'site', siteId: 'ams1' }} />);
    const names = ams1Vms.map((v) => v.name);
    const header = () => screen.getByTestId('vm-sort-name').closest('th')!;
    expect(header().getAttribute('aria-sort')).toBe('none');
    await user.click(screen.getByTestId('vm-sort-name'));
    expect(header().getAttribute('aria-sort')).toBe('ascending');
    const first = demo.vms.find((v) => v.id === rowIds()[0])!.name;
    // Nothing in ams1 sorts before the first row's name (natural order keeps -2 before -10).
    expect(names.every((nm) => nm.localeCompare(first, 'en', { numeric: true }) >= 0)).toBe(true);
    await user.click(screen.getByTestId('vm-sort-name'));
    expect(header().getAttribute('aria-sort')).toBe('descending');
    const last = demo.vms.find((v) => v.id === rowIds()[0])!.name;
    expect(names.every((nm) => nm.localeCompare(last, 'en', { numeric: true }) <= 0)).toBe(true);
  });

  it('is driven by the keyboard: arrows move the focus, Enter selects, m asks to move', () => {
    const selected: string[] = [];
    const moved: string[] = [];
    render(
      <VmTable
        estate={demo}
        scope={{ kind: 'site', siteId: 'ams1' }}
        onSelect={(id) => selected.push(id)}
        onMoveTo={(id) => moved.push(id)}
      />,
    );
    const rows = screen.getAllByRole('row').filter((r) => r.hasAttribute('data-vm-id'));
    // One tab stop: the first row.
    expect(rows.map((r) => r.tabIndex)).toEqual([0, ...rows.slice(1).map(() => -1)]);
    rows[0]!.focus();
    fireEvent.keyDown(rows[0]!, { key: 'ArrowDown' });
    const second = rows[1]!.getAttribute('data-vm-id')!;
    expect(document.activeElement?.getAttribute('data-vm-id')).toBe(second);
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    fireEvent.keyDown(document.activeElement!, { key: 'm' });
    // Ctrl+M is the browser's, not a move.
    fireEvent.keyDown(document.activeElement!, { key: 'm', ctrlKey: true });
    expect(selected).toEqual([second]);
    expect(moved).toEqual([second]);
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement?.getAttribute('data-vm-id')).toBe(
      rows[0]!.getAttribute('data-vm-id'),
    );
  });

  it('disables Move to… with the reason when the operator may not move VMs', () => {
    render(
      <VmTable
        estate={demo}
        scope={{ kind: 'site', siteId: 'ams1' }}
        moveRefusal="Viewers cannot move VMs"
      />,
    );
    const move = screen.getByTestId<HTMLButtonElement>(`vm-move-${rowIds()[0]!}`);
    expect(move.disabled).toBe(true);
    expect(move.getAttribute('aria-description')).toBe('Viewers cannot move VMs');
  });
});
