// @vitest-environment happy-dom
import { buildDemoEstate } from '@vmmi/shared';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SearchHit } from '../estate/search.ts';
import { SearchBox } from './SearchBox.tsx';

const demo = buildDemoEstate();
// A VM of the demo, found by its whole name: the one answer the name gives.
const vm = demo.vms[0]!;

afterEach(cleanup);

function setup() {
  const chosen: SearchHit[] = [];
  render(<SearchBox estate={demo} onChoose={(h) => chosen.push(h)} />);
  return { box: screen.getByRole('combobox'), chosen, user: userEvent.setup() };
}

describe('SearchBox (the ARIA 1.2 combobox of the top bar)', () => {
  it('lists the answers as the operator types and chooses the first with Enter', async () => {
    const { box, chosen, user } = setup();
    expect(box.getAttribute('aria-expanded')).toBe('false');
    await user.type(box, vm.name);
    expect(box.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getAllByRole('option')[0]!.textContent).toContain(vm.name);
    await user.keyboard('{Enter}');
    expect(chosen.map((h) => [h.kind, h.id])).toEqual([['vm', vm.id]]);
    // Chosen: the list closes, the text stays.
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect((box as HTMLInputElement).value).toBe(vm.name);
  });

  it('moves through the answers with the arrow keys, wrapping, and says which is active', async () => {
    const { box, chosen, user } = setup();
    // "ams1" names a site and its hosts and VMs: more than two answers.
    await user.type(box, 'ams1');
    const options = screen.getAllByRole('option');
    expect(options.length).toBeGreaterThan(2);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    expect(options[1]!.getAttribute('aria-selected')).toBe('true');
    // Up from the first wraps to the last.
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(box.getAttribute('aria-activedescendant')).toBe(options.at(-1)!.id);
    await user.keyboard('{Enter}');
    expect(chosen).toHaveLength(1);
    expect(options.at(-1)!.textContent).toContain(chosen[0]!.label);
  });

  it('says when nothing matches, and Esc closes the list first, then clears the text', async () => {
    const { box, chosen, user } = setup();
    await user.type(box, 'no-such-thing-zz');
    expect(screen.getByRole('listbox').textContent).toContain('Nothing matches “no-such-thing-zz”');
    await user.keyboard('{Enter}');
    expect(chosen).toEqual([]);
    await user.keyboard('{Escape}');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect((box as HTMLInputElement).value).toBe('no-such-thing-zz');
    await user.keyboard('{Escape}');
    expect((box as HTMLInputElement).value).toBe('');
  });

  it('is focused from anywhere on the page by the / key', async () => {
    const { box, user } = setup();
    const spy = vi.spyOn(box, 'focus');
    await user.keyboard('/');
    expect(spy).toHaveBeenCalled();
    expect(document.activeElement).toBe(box);
  });
});
