/**
 * The header's account corner: who is signed in and as what ("read-only"
 * for a viewer), "Sign in" for an anonymous viewer, and the user menu with
 * the account's dialogs (the admin's Users… and Audit log… among them).
 */
import { useEffect, useRef, useState } from 'react';
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
  const [shown, setShown] = useState<Shown>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  // A click elsewhere or Esc closes the menu, as a menu button's menu does (WAI-ARIA APG).
  useEffect(() => {
    if (!menuOpen) return;
    const onDown = (e: PointerEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) setMenuOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMenuOpen(false);
    };
    window.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [menuOpen]);

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
        type="button"
        className="btn btn-ghost"
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        onClick={() => setMenuOpen((o) => !o)}
        data-testid="user-menu"
      >
        <span data-testid="user-name">{me.name}</span>
        <span className="role-badge" data-testid="user-role">
          {me.role === 'viewer' ? 'viewer · read-only' : me.role}
        </span>
      </button>
      {menuOpen && (
        <div role="menu" aria-label="Account">
          {api && (
            <button type="button" role="menuitem" onClick={() => choose('tokens')}>
              API tokens…
            </button>
          )}
          {api && me.kind === 'user' && (
            <button type="button" role="menuitem" onClick={() => choose('password')}>
              Change password…
            </button>
          )}
          {api && isAdmin && (
            <button type="button" role="menuitem" onClick={() => choose('users')}>
              Users…
            </button>
          )}
          {api && isAdmin && (
            <button type="button" role="menuitem" onClick={() => choose('audit')}>
              Audit log…
            </button>
          )}
          {me.kind === 'user' && (
            <button type="button" role="menuitem" onClick={signOut}>
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
