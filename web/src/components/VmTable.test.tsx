// @vitest-environment happy-dom
import { buildDemoEstate } from '@vmmi/shared';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { scaledDemoEstate } from '../estate/scaled-estate.ts';
import { createAppStore } from '../store/app-store.ts';
import { StoreProvider } from '../store/store-context.tsx';
import { VmTable } from './VmTable.tsx';

const demo = buildDemoEstate();
const hostSite = new Map(demo.devices.map((d) => [d.id, d.siteId]));
// The demo's ams1 VMs, counted from the estate itself.
const ams1Vms = demo.vms.filter((v) => hostSite.get(v.hostId) === 'ams1');

afterEach(cleanup);

/** The table in a store: its Move … in waves opens the planner's dialog, which reads it. */
function show(table: ReactElement) {
  const store = createAppStore({
    api: { listEstates: () => Promise.resolve([]), getEstate: () => Promise.reject(new Error()) },
  });
  return render(<StoreProvider store={store}>{table}</StoreProvider>);
}

function rowIds(): string[] {
  return screen
    .getAllByRole('row')
    .map((r) => r.getAttribute('data-vm-id'))
    .filter((id): id is string => id !== null);
}

describe('VmTable', () => {
  it("counts the scope's VMs and what the filter leaves of them", async () => {
    const user = userEvent.setup();
    show(<VmTable estate={demo} scope={{ kind: 'site', siteId: 'ams1' }} />);
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
    show(<VmTable estate={demo} scope={{ kind: 'site', siteId: 'ams1' }} />);
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
    show(
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
    show(
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

describe('Move the N shown to … in waves', () => {
  const waves = () => screen.getByTestId<HTMLButtonElement>('vm-waves');
  const reason = () => [waves().disabled, waves().getAttribute('aria-description')];

  it('offers the first site that does not hold every row, under a label naming the count', () => {
    show(<VmTable estate={demo} scope={{ kind: 'site', siteId: 'fra1' }} />);
    const fra1 = demo.vms.filter((v) => hostSite.get(v.hostId) === 'fra1').length;
    // fra1 holds them all: the next site, ams1, is offered.
    const site = screen.getByLabelText<HTMLSelectElement>(`Move the ${fra1} shown to`);
    expect(site.value).toBe('ams1');
    expect(reason()).toEqual([false, null]);
  });

  it('is off, saying why, when no row is shown', async () => {
    show(<VmTable estate={demo} scope={{ kind: 'global' }} />);
    await userEvent.setup().type(screen.getByTestId('vm-filter'), 'zz-nothing');
    await screen.findByText('No VM matches.');
    expect(reason()).toEqual([true, 'No VM is shown to move']);
  });

  it('is off over 500 rows, saying to filter, and on at 500', () => {
    show(<VmTable estate={scaledDemoEstate(501)} scope={{ kind: 'global' }} />);
    expect(reason()).toEqual([true, 'Filter to 500 VMs or fewer to move them in waves']);
    cleanup();
    show(<VmTable estate={scaledDemoEstate(500)} scope={{ kind: 'global' }} />);
    expect(reason()).toEqual([false, null]);
  });

  it('is off for a caller who may not move VMs, with the reason', () => {
    show(
      <VmTable estate={demo} scope={{ kind: 'global' }} moveRefusal="needs the operator role" />,
    );
    expect(reason()).toEqual([true, 'needs the operator role']);
  });
});
