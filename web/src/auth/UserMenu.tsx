/**
 * The header's account corner: who is signed in and as what ("read-only"
 * for a viewer), "Sign in" for an anonymous viewer, and the user menu with
 * the account's dialogs (the admin's Users… and Audit log… among them).
 * The menu follows the WAI-ARIA APG menu button: opening it focuses an item,
 * the arrows, Home and End move among them, Escape closes it back to the
 * button, Tab closes it and moves on.
 */
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { selectMe } from '../store/auth-selectors.ts';
import { useAppActions, useAppStore } from '../store/store-context.tsx';
import { useAdminApi } from './admin-context.tsx';
import { AuditDialog } from './AuditDialog.tsx';
import { ChangePasswordDialog } from './ChangePasswordDialog.tsx';
import { TokensDialog } from './TokensDialog.tsx';
import { UsersDialog } from './UsersDialog.tsx';

type Shown = 'tokens' | 'password' | 'users' | 'audit' | null;

export function UserMenu() {
  const me = useAppStore(selectMe);
  const actions = useAppActions();
  const api = useAdminApi();
  const [menuOpen, setMenuOpen] = useState(false);
  // Which item takes the focus once the menu is drawn: the first, or the last (Arrow Up).
  const [focusOn, setFocusOn] = useState<'first' | 'last'>('first');
  const [shown, setShown] = useState<Shown>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const itemsRef = useRef<HTMLDivElement>(null);
  const items = () => [
    ...(itemsRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []),
  ];

  // A click elsewhere or Esc closes the menu, as a menu button's menu does (WAI-ARIA APG);
  // Esc gives the focus back to the button.
  useEffect(() => {
    if (!menuOpen) return;
    const onDown = (e: PointerEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) setMenuOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setMenuOpen(false);
      buttonRef.current?.focus();
    };
    window.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [menuOpen]);

  useEffect(() => {
    if (!menuOpen) return;
    const all = items();
    (focusOn === 'first' ? all[0] : all.at(-1))?.focus();
  }, [menuOpen, focusOn]);

  const open = (at: 'first' | 'last') => {
    setFocusOn(at);
    setMenuOpen(true);
  };
  const onButtonKey = (e: ReactKeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    open(e.key === 'ArrowDown' ? 'first' : 'last');
  };
  const onMenuKey = (e: ReactKeyboardEvent) => {
    if (e.key === 'Tab') {
      setMenuOpen(false);
      return;
    }
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const to: Record<string, number> = {
      ArrowDown: (at + 1) % all.length,
      ArrowUp: (at - 1 + all.length) % all.length,
      Home: 0,
      End: all.length - 1,
    };
    const next = to[e.key];
    if (next === undefined) return;
    e.preventDefault();
    all[next]?.focus();
  };

  if (me === null) return null;
  if (me.kind === 'anonymous')
    return (
      <div className="user-menu">
        <span className="role-badge" data-testid="user-role">
          read-only
        </span>{' '}
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => actions.requireSignIn('Sign in to change things, not only look.')}
          data-testid="signin-open"
        >
          Sign in
        </button>
      </div>
    );

  const isAdmin = me.role === 'admin';
  const choose = (what: Shown) => {
    setMenuOpen(false);
    setShown(what);
  };
  const signOut = () => {
    setMenuOpen(false);
    void actions.signOut().then((refused) => refused && actions.setAuthNotice(refused));
  };

  return (
    <div className="user-menu" ref={menuRef}>
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-ghost"
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        onClick={() => (menuOpen ? setMenuOpen(false) : open('first'))}
        onKeyDown={onButtonKey}
        data-testid="user-menu"
      >
        <span data-testid="user-name">{me.name}</span>
        <span className="role-badge" data-testid="user-role">
          {me.role === 'viewer' ? 'viewer · read-only' : me.role}
        </span>
      </button>
      {menuOpen && (
        <div role="menu" aria-label="Account" ref={itemsRef} onKeyDown={onMenuKey}>
          {api && (
            <button type="button" role="menuitem" tabIndex={-1} onClick={() => choose('tokens')}>
              API tokens…
            </button>
          )}
          {api && me.kind === 'user' && (
            <button type="button" role="menuitem" tabIndex={-1} onClick={() => choose('password')}>
              Change password…
            </button>
          )}
          {api && isAdmin && (
            <button type="button" role="menuitem" tabIndex={-1} onClick={() => choose('users')}>
              Users…
            </button>
          )}
          {api && isAdmin && (
            <button type="button" role="menuitem" tabIndex={-1} onClick={() => choose('audit')}>
              Audit log…
            </button>
          )}
          {me.kind === 'user' && (
            <button type="button" role="menuitem" tabIndex={-1} onClick={signOut}>
              Sign out
            </button>
          )}
        </div>
      )}
      {api && (
        <>
          <TokensDialog
            api={api}
            open={shown === 'tokens'}
            isAdmin={isAdmin}
            onClose={() => setShown(null)}
          />
          <ChangePasswordDialog
            api={api}
            open={shown === 'password'}
            onClose={() => setShown(null)}
            onChanged={() => void actions.loadMe()}
          />
          {isAdmin && (
            <UsersDialog api={api} open={shown === 'users'} onClose={() => setShown(null)} />
          )}
          {isAdmin && (
            <AuditDialog api={api} open={shown === 'audit'} onClose={() => setShown(null)} />
          )}
        </>
      )}
    </div>
  );
}
