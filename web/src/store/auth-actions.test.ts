/**
 * Signing in keeps what the page was doing: a move being prepared stays,
 * and only estates refused for want of a session are fetched again.
 */
import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import type { AuthApi, Me } from '../api/auth-api.ts';
import type { EstateApi } from '../api/estate-api.ts';
import { createAppStore } from './app-store.ts';
import { SESSION_ENDED } from './auth-actions.ts';
import { selectMe, selectNeedsSignIn } from './auth-selectors.ts';

const demo = buildDemoEstate();
const signedOut: Me = {
  kind: 'anonymous',
  name: 'anonymous',
  role: null,
  tenants: null,
  estates: null,
  tokenId: null,
  setupNeeded: false,
};
const alice: Me = { ...signedOut, kind: 'user', name: 'alice', role: 'operator' };

/** A server with one user, alice, whose estates need a session. */
function fakeServer() {
  let session = false;
  const calls: string[] = [];
  const refused = () =>
    Promise.reject(Object.assign(new Error('sign in'), { data: { httpStatus: 401 } }));
  const api: EstateApi = {
    listEstates: () => {
      calls.push('list');
      return session
        ? Promise.resolve([
            { id: 'demo', name: demo.name, version: 1, sites: 6, vms: 1, updatedAt: '' },
          ])
        : refused();
    },
    getEstate: () => {
      calls.push('get');
      return session ? Promise.resolve({ estate: demo, version: 1 }) : refused();
    },
  };
  const auth: AuthApi = {
    me: () => Promise.resolve({ ok: true, value: session ? alice : signedOut }),
    login: (name, password) => {
      session = name === 'alice' && password === 'correct horse battery';
      return Promise.resolve(
        session ? { ok: true } : { ok: false, status: 401, message: 'wrong name or password' },
      );
    },
    logout: () => {
      session = false;
      return Promise.resolve({ ok: true });
    },
    setup: () =>
      Promise.resolve({ ok: false, status: 403, message: 'the setup token is wrong or used' }),
  };
  return { api, auth, calls, endSession: () => (session = false) };
}

describe('auth actions', () => {
  it('signed out: the screen; a wrong password says so; the right one loads the estates', async () => {
    const server = fakeServer();
    const store = createAppStore({ api: server.api, auth: server.auth });
    const { actions } = store.getState();
    await Promise.all([actions.loadMe(), actions.start()]);
    expect(selectNeedsSignIn(store.getState())).toBe(true);
    expect(store.getState().estateList.status).toBe('error');

    expect(await actions.signIn('alice', 'guess')).toBe('wrong name or password');
    expect(await actions.signIn('alice', 'correct horse battery')).toBeNull();
    const s = store.getState();
    expect(selectMe(s)?.role).toBe('operator');
    expect(selectNeedsSignIn(s)).toBe(false);
    expect(s.estate.status).toBe('ready');
  });

  it('a session that ends mid-move prompts once, keeps the move and the estate, reads the list again', async () => {
    const server = fakeServer();
    const store = createAppStore({ api: server.api, auth: server.auth });
    const { actions } = store.getState();
    await actions.signIn('alice', 'correct horse battery');
    await actions.start();
    actions.beginMove([demo.vms[0]!.id], 'dialog');
    server.endSession();
    const before = server.calls.length;

    actions.requireSignIn();
    actions.requireSignIn('a second refusal does not replace the first prompt');
    expect(store.getState().auth.signIn).toEqual({ reason: SESSION_ENDED });

    expect(await actions.signIn('alice', 'correct horse battery')).toBeNull();
    const s = store.getState();
    expect(s.auth.signIn).toBeNull();
    expect(s.planner.draft?.vmIds).toEqual([demo.vms[0]!.id]);
    expect(server.calls.slice(before)).toEqual(['list']);
    expect(s.estate.status).toBe('ready');
  });

  it('the setup link works once: without a token nothing is sent', async () => {
    const server = fakeServer();
    const store = createAppStore({ api: server.api, auth: server.auth, setupToken: 'setup_x' });
    expect(await store.getState().actions.completeSetup('root', 'long enough pw')).toBe(
      'the setup token is wrong or used',
    );
    expect(store.getState().auth.setupToken).toBe('setup_x');
    const none = createAppStore({ api: server.api, auth: server.auth });
    expect(await none.getState().actions.completeSetup('root', 'long enough pw')).toMatch(/used/);
  });
});
