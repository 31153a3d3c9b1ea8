/** The signed-in state the page acts on: who `auth.me` says the caller is, and the sign-in prompts. */
import type { Role } from '@vmmi/server';
import type { Me } from '../api/auth-api.ts';
import type { ErrorInfo } from '../api/errors.ts';

export type { Me, Role };

/** Roles in increasing power, as the server orders them (server/src/auth/roles.ts). */
export const ROLE_ORDER = ['viewer', 'operator', 'admin'] as const satisfies readonly Role[];

export interface AuthState {
  me:
    | { status: 'idle' | 'loading' }
    | { status: 'ready'; data: Me }
    | { status: 'error'; error: ErrorInfo };
  /** The sign-in dialog over the page (a request needed a session), with why; null: closed. */
  signIn: { reason: string } | null;
  /** The one-time first-admin token the page was opened with (`?setup=`); null once used or absent. */
  setupToken: string | null;
  /** Why something was refused (a drag by a viewer, a 403 from the server); null: nothing to say. */
  notice: string | null;
}

export function initialAuthState(setupToken: string | null = null): AuthState {
  return { me: { status: 'idle' }, signIn: null, setupToken, notice: null };
}
