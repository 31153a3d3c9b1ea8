/**
 * Users… (admin): the users, and a form for a new one. A role, the tenants
 * an operator is limited to, and the disabled switch change at once; a
 * password is reset and a user deleted after a second click. The server
 * ends a changed user's sessions, and refuses to demote, disable or delete
 * the last admin: its refusal shows on the row.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AdminApi, UserChange, UserRow } from '../api/admin-api.ts';
import { ROLE_ORDER, type Role } from './types.ts';
import { AccountDialog, ConfirmAction, InlineError } from './AccountDialog.tsx';
import { formatTenants, parseTenants } from './tenant-list.ts';

export function UsersDialog({
  api,
  open,
  onClose,
}: {
  api: AdminApi;
  open: boolean;
  onClose: () => void;
}) {
  return (
    <AccountDialog open={open} onClose={onClose} title="Users" testId="users-dialog" wide>
      <UsersPanel api={api} />
    </AccountDialog>
  );
}

function UsersPanel({ api }: { api: AdminApi }) {
  const [users, setUsers] = useState<UserRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    () =>
      void api.listUsers().then((res) => {
        if (res.ok) setUsers(res.value);
        setError(res.ok ? null : res.message);
      }),
    [api],
  );
  useEffect(reload, [reload]);

  return (
    <>
      <NewUserForm api={api} onCreated={reload} />
      <InlineError error={error} />
      {users && (
        <table className="admin-table" data-testid="users-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Tenants (blank: all)</th>
              <th>Disabled</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <UserLine key={u.id} api={api} user={u} onChanged={reload} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function NewUserForm({ api, onCreated }: { api: AdminApi; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [tenants, setTenants] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="admin-row-form"
      aria-label="New user"
      onSubmit={(e) => {
        e.preventDefault();
        const limited = role === 'admin' ? null : parseTenants(tenants);
        void api.createUser({ name: name.trim(), password, role, tenants: limited }).then((res) => {
          setError(res.ok ? null : res.message);
          if (!res.ok) return;
          setName('');
          setPassword('');
          setTenants('');
          onCreated();
        });
      }}
    >
      <label>
        Name
        <input
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="new-user-name"
        />
      </label>
      <label>
        Password (12+ characters)
        <input
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="new-user-password"
        />
      </label>
      <label>
        Role
        <select
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          data-testid="new-user-role"
        >
          {ROLE_ORDER.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        Tenants (blank: all)
        <input
          value={tenants}
          disabled={role === 'admin'}
          onChange={(e) => setTenants(e.target.value)}
          placeholder="t-acme, t-globex"
        />
      </label>
      <button type="submit" className="btn btn-primary" data-testid="new-user-create">
        Create user
      </button>
      <InlineError error={error} testId="new-user-error" />
    </form>
  );
}

function UserLine({
  api,
  user,
  onChanged,
}: {
  api: AdminApi;
  user: UserRow;
  onChanged: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [tenants, setTenants] = useState(formatTenants(user.tenants));
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');

  const update = (change: Omit<UserChange, 'id'>) =>
    void api.updateUser({ id: user.id, ...change }).then((res) => {
      setError(res.ok ? null : res.message);
      if (res.ok) {
        setResetting(false);
        setPassword('');
      }
      onChanged();
    });
  const remove = () =>
    api.deleteUser(user.id).then((res) => {
      setError(res.ok ? null : res.message);
      onChanged();
    });

  return (
    <tr data-testid={`user-row-${user.name}`}>
      <td>{user.name}</td>
      <td>
        <select
          aria-label={`Role of ${user.name}`}
          value={user.role}
          onChange={(e) =>
            update({
              role: e.target.value as Role,
              ...(e.target.value === 'admin' && { tenants: null }),
            })
          }
        >
          {ROLE_ORDER.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          aria-label={`Tenants of ${user.name}`}
          value={tenants}
          disabled={user.role === 'admin'}
          onChange={(e) => setTenants(e.target.value)}
        />{' '}
        {tenants !== formatTenants(user.tenants) && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => update({ tenants: parseTenants(tenants) })}
          >
            Save
          </button>
        )}
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`${user.name} is disabled`}
          checked={user.disabled}
          onChange={(e) => update({ disabled: e.target.checked })}
        />
      </td>
      <td>
        {resetting ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              update({ password });
            }}
          >
            <input
              type="password"
              autoComplete="new-password"
              aria-label={`New password of ${user.name}`}
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />{' '}
            <button type="submit" className="btn btn-small">
              Set
            </button>{' '}
            <button type="button" className="btn btn-small" onClick={() => setResetting(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <button type="button" className="btn btn-small" onClick={() => setResetting(true)}>
            Reset password…
          </button>
        )}{' '}
        <ConfirmAction label="Delete…" confirmLabel={`Delete ${user.name}`} onConfirm={remove} />
        <InlineError error={error} testId={`user-error-${user.name}`} />
      </td>
    </tr>
  );
}
