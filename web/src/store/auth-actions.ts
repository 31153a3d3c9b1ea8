/**
 * Signing in and out, and what a refused request brings up: thin steps over
 * the AuthApi that record the answer. Signing in keeps whatever the page
 * was doing (a staged move, an open dialog): what failed for want of a
 * session is loaded again, and the estate list (a user may see more estates
 * than the anonymous viewer did); the estate shown is not.
 */
import { describeError } from '../api/errors.ts';
import type { AuthApi } from '../api/auth-api.ts';
import type { AuthState } from '../auth/types.ts';
import { selectMe, selectNeedsSignIn } from './auth-selectors.ts';
import type { AppState } from './initial-state.ts';

export interface AuthActions {
  /** Asks the server who the caller is. */
  loadMe: () => Promise<void>;
  /** A request needed a session: opens the sign-in dialog over the page (the screen covers it when signed out). */
  requireSignIn: (reason?: string) => void;
  closeSignIn: () => void;
  /** Resolves to null when signed in, else the reason in words. */
  signIn: (name: string, password: string) => Promise<string | null>;
  signOut: () => Promise<string | null>;
  /** Creates the first admin with the setup token of the URL, signed in as it; null or why not. */
  completeSetup: (name: string, password: string) => Promise<string | null>;
  /** Says why something was refused; null clears it. */
  setAuthNotice: (notice: string | null) => void;
}

type Set = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
type Get = () => AppState;

export interface AuthDeps {
  api: AuthApi;
  /** Loads the estates again after the caller changed (what a signed-out caller was refused). */
  reload: () => Promise<void>;
  /** Reads the estate list again, leaving the estate shown as it is. */
  reloadList: () => Promise<unknown>;
}

export const SESSION_ENDED = 'Your session has ended: sign in again to go on.';

export const SIGN_IN_TO_SEE = 'Sign in to see this, or to change it.';

export function createAuthActions(
  set: Set,
  get: Get,
  { api, reload, reloadList }: AuthDeps,
): AuthActions {
  const patch = (change: Partial<AuthState>) => set((s) => ({ auth: { ...s.auth, ...change } }));

  // Estates refused for want of a session are loaded again once there is one.
  const reloadIfRefused = async () => {
    const s = get();
    if (s.estateList.status !== 'ready' || s.estate.status === 'error') await reload();
    else await reloadList();
  };

  const actions: AuthActions = {
    async loadMe() {
      if (get().auth.me.status === 'idle') patch({ me: { status: 'loading' } });
      const res = await api.me();
      patch({
        me: res.ok
          ? { status: 'ready', data: res.value }
          : { status: 'error', error: describeError(new Error(res.message)) },
      });
    },

    requireSignIn(reason) {
      if (get().auth.signIn !== null) return;
      const wasUser = selectMe(get())?.kind === 'user';
      patch({ signIn: { reason: reason ?? (wasUser ? SESSION_ENDED : SIGN_IN_TO_SEE) } });
    },

    closeSignIn() {
      patch({ signIn: null });
    },

    async signIn(name, password) {
      const res = await api.login(name, password);
      if (!res.ok) return res.message;
      patch({ signIn: null, notice: null });
      await actions.loadMe();
      await reloadIfRefused();
      return null;
    },

    async signOut() {
      const res = await api.logout();
      if (!res.ok) return res.message;
      await actions.loadMe();
      // Signed out, the caller may read less (or nothing): what is shown must be read again.
      if (!selectNeedsSignIn(get())) await reload();
      return null;
    },

    async completeSetup(name, password) {
      const token = get().auth.setupToken;
      if (token === null) return 'the setup link has been used';
      const res = await api.setup(token, name, password);
      if (!res.ok) return res.message;
      patch({ setupToken: null, signIn: null });
      await actions.loadMe();
      await reloadIfRefused();
      return null;
    },

    setAuthNotice(notice) {
      patch({ notice });
    },
  };
  return actions;
}
