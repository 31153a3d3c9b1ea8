// @vitest-environment happy-dom
/**
 * The user menu from the keyboard, as the WAI-ARIA APG menu button pattern
 * has it: opening focuses an item, arrows wrap, Home and End jump, Escape
 * goes back to the button, Tab closes the menu.
 */
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdminApi } from '../api/admin-api.ts';
import { createAppStore } from '../store/app-store.ts';
import { StoreProvider } from '../store/store-context.tsx';
import { AdminApiProvider } from './admin-context.tsx';
import type { Me } from './types.ts';
import { UserMenu } from './UserMenu.tsx';

afterEach(cleanup);

const admin: Me = {
  kind: 'user',
  name: 'alice',
  role: 'admin',
  tenants: null,
  estates: null,
  tokenId: null,
  setupNeeded: false,
};

function showMenu() {
  const store = createAppStore({
    api: { listEstates: () => Promise.resolve([]), getEstate: () => Promise.reject(new Error()) },
  });
  store.setState((s) => ({ auth: { ...s.auth, me: { status: 'ready', data: admin } } }));
  // The dialogs stay closed in these tests: nothing of the API is called.
  render(
    <StoreProvider store={store}>
      <AdminApiProvider api={{} as AdminApi}>
        <UserMenu />
      </AdminApiProvider>
    </StoreProvider>,
  );
  return { user: userEvent.setup(), button: screen.getByTestId('user-menu') };
}

const focused = () => document.activeElement?.textContent;

describe('UserMenu from the keyboard', () => {
  it('opens on the first item; the arrows wrap, Home and End jump', async () => {
    const { user, button } = showMenu();
    button.focus();
    await user.keyboard('{Enter}');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    // An admin's items: API tokens…, Change password…, Users…, Audit log…, Sign out.
    expect(focused()).toBe('API tokens…');
    await user.keyboard('{ArrowDown}');
    expect(focused()).toBe('Change password…');
    await user.keyboard('{End}');
    expect(focused()).toBe('Sign out');
    await user.keyboard('{ArrowDown}');
    expect(focused()).toBe('API tokens…');
    await user.keyboard('{ArrowUp}');
    expect(focused()).toBe('Sign out');
    await user.keyboard('{Home}');
    expect(focused()).toBe('API tokens…');
  });

  it('Escape closes it and gives the focus back to the button; Arrow Up opens it on the last item', async () => {
    const { user, button } = showMenu();
    button.focus();
    await user.keyboard('{ArrowUp}');
    expect(focused()).toBe('Sign out');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
    await user.keyboard('{ArrowDown}');
    expect(focused()).toBe('API tokens…');
  });

  it('Tab closes it', async () => {
    const { user, button } = showMenu();
    await user.click(button);
    expect(screen.getByRole('menu')).toBeTruthy();
    await user.tab();
    expect(screen.queryByRole('menu')).toBeNull();
  });
});
