/**
 * API tokens… : one's tokens (an admin may list everyone's) for the vmmi CLI
 * and automation. A new token's secret is shown here once, with a copy
 * button: the server keeps only its hash. A revoked token is refused at once.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AdminApi, CreatedToken, TokenRow } from '../api/admin-api.ts';
import { AccountDialog, ConfirmAction, InlineError } from './AccountDialog.tsx';

const when = (iso: string | null, none: string) =>
  iso === null ? none : new Date(iso).toLocaleString();

export function TokensDialog({
  api,
  open,
  isAdmin,
  onClose,
}: {
  api: AdminApi;
  open: boolean;
  isAdmin: boolean;
  onClose: () => void;
}) {
  return (
    <AccountDialog open={open} onClose={onClose} title="API tokens" testId="tokens-dialog" wide>
      <TokensPanel api={api} isAdmin={isAdmin} />
    </AccountDialog>
  );
}

function TokensPanel({ api, isAdmin }: { api: AdminApi; isAdmin: boolean }) {
  const [all, setAll] = useState(false);
  const [tokens, setTokens] = useState<TokenRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const reload = useCallback(
    () =>
      void api.listTokens(all).then((res) => {
        if (res.ok) setTokens(res.value);
        setError(res.ok ? null : res.message);
      }),
    [api, all],
  );
  useEffect(reload, [reload]);

  return (
    <>
      <NewTokenForm
        api={api}
        onCreated={(token) => {
          setCreated(token);
          reload();
        }}
      />
      {created && <SecretOnce created={created} onDone={() => setCreated(null)} />}
      {isAdmin && (
        <label>
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />{' '}
          Everyone’s tokens
        </label>
      )}
      <InlineError error={error} />
      {tokens && (
        <table className="admin-table" data-testid="tokens-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Starts with</th>
              <th>Scope</th>
              <th>Created</th>
              <th>Expires</th>
              <th>Last used</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <TokenLine key={t.id} api={api} token={t} onChanged={reload} />
            ))}
          </tbody>
        </table>
      )}
      {tokens?.length === 0 && <p className="muted">No tokens yet.</p>}
    </>
  );
}

function NewTokenForm({
  api,
  onCreated,
}: {
  api: AdminApi;
  onCreated: (token: CreatedToken) => void;
}) {
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'read' | 'write'>('read');
  const [days, setDays] = useState(90);
  const [never, setNever] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="admin-row-form"
      aria-label="New API token"
      onSubmit={(e) => {
        e.preventDefault();
        const expiresInDays = never ? null : days;
        void api.createToken({ name: name.trim(), scope, expiresInDays }).then((res) => {
          setError(res.ok ? null : res.message);
          if (!res.ok) return;
          setName('');
          onCreated(res.value);
        });
      }}
    >
      <label>
        Name
        <input
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="ci-deploy"
          data-testid="new-token-name"
        />
      </label>
      <label>
        Scope
        <select
          value={scope}
          onChange={(e) => setScope(e.target.value === 'write' ? 'write' : 'read')}
          data-testid="new-token-scope"
        >
          <option value="read">read (as a viewer)</option>
          <option value="write">write (your role)</option>
        </select>
      </label>
      <label>
        Expires after (days)
        <input
          type="number"
          min={1}
          max={3650}
          required={!never}
          disabled={never}
          value={days}
          onChange={(e) => setDays(Number(e.target.value))}
        />
      </label>
      <label>
        <span>
          <input type="checkbox" checked={never} onChange={(e) => setNever(e.target.checked)} />{' '}
          Never expires
        </span>
      </label>
      <button type="submit" className="btn btn-primary" data-testid="new-token-create">
        Create token
      </button>
      <InlineError error={error} />
    </form>
  );
}

/** The new token's secret: here once, never again. */
function SecretOnce({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <div className="token-secret" role="status" data-testid="token-secret-box">
      <div>
        <strong>Copy the secret of “{created.token.name}” now: it is not shown again.</strong>
        <br />
        <code data-testid="token-secret">{created.secret}</code>
        {copied && <span className="muted small"> {copied}</span>}
      </div>
      <button
        type="button"
        className="btn btn-small"
        onClick={() =>
          void navigator.clipboard.writeText(created.secret).then(
            () => setCopied('Copied.'),
            () => setCopied('Copying is not allowed here: select the secret and copy it.'),
          )
        }
      >
        Copy
      </button>
      <button type="button" className="btn btn-small" onClick={onDone}>
        Done
      </button>
    </div>
  );
}

function TokenLine({
  api,
  token,
  onChanged,
}: {
  api: AdminApi;
  token: TokenRow;
  onChanged: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const revoke = () =>
    api.revokeToken(token.id).then((res) => {
      setError(res.ok ? null : res.message);
      onChanged();
    });
  return (
    <tr data-testid={`token-row-${token.name}`}>
      <td>{token.name}</td>
      <td>
        <code>{token.prefix}…</code>
      </td>
      <td>{token.scope}</td>
      <td>{when(token.createdAt, '')}</td>
      <td>{when(token.expiresAt, 'never')}</td>
      <td>{when(token.lastUsedAt, 'not yet')}</td>
      <td>
        {token.revokedAt !== null ? (
          <span data-testid="token-revoked">revoked {when(token.revokedAt, '')}</span>
        ) : (
          <ConfirmAction label="Revoke…" confirmLabel={`Revoke ${token.name}`} onConfirm={revoke} />
        )}
        <InlineError error={error} />
      </td>
    </tr>
  );
}
