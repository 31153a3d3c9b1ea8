/**
 * The one gate of the planner's controls. Expected refusals follow the
 * server's role order (server/src/auth/roles.ts): viewer < operator < admin,
 * each allowed what the ones before it are.
 */
import { describe, expect, it } from 'vitest';
import { initialAuthState, type Me } from '../auth/types.ts';
import {
  refusalFor,
  selectAllTenantsRefusal,
  selectNeedsSignIn,
  selectRefusal,
} from './auth-selectors.ts';

const me = (over: Partial<Me>): Me => ({
  kind: 'user',
  name: 'alice',
  role: 'operator',
  tenants: null,
  estates: null,
  tokenId: null,
  setupNeeded: false,
  ...over,
});
const state = (m: Me | null) => ({
  auth:
    m === null
      ? initialAuthState()
      : { ...initialAuthState(), me: { status: 'ready' as const, data: m } },
});

describe('refusalFor', () => {
  it('allows a role at or above the one needed', () => {
    expect(refusalFor('operator', 'operator')).toBeNull();
    expect(refusalFor('admin', 'operator')).toBeNull();
    expect(refusalFor('admin', 'admin')).toBeNull();
    expect(refusalFor('viewer', 'viewer')).toBeNull();
  });

  it('refuses a lesser role or none, saying which role is needed', () => {
    expect(refusalFor('viewer', 'operator')).toBe('needs the operator role');
    expect(refusalFor('operator', 'admin')).toBe('needs the admin role');
    expect(refusalFor(null, 'viewer')).toBe('needs the viewer role');
  });
});

describe('selectRefusal', () => {
  it('an anonymous viewer (NOC screen) may look but not move', () => {
    const anon = state(
      me({ kind: 'anonymous', name: 'anonymous', role: 'viewer', estates: ['demo'] }),
    );
    expect(selectRefusal('viewer')(anon)).toBeNull();
    expect(selectRefusal('operator')(anon)).toBe('needs the operator role');
  });

  it('refuses everything while auth.me has not answered', () => {
    expect(selectRefusal('viewer')(state(null))).toBe('needs the viewer role');
  });

  it('is one stable function per role, so components do not re-render for nothing', () => {
    expect(selectRefusal('operator')).toBe(selectRefusal('operator'));
  });
});

describe('selectAllTenantsRefusal', () => {
  it('refuses an operator limited to tenants what the server keeps for all tenants, naming them', () => {
    const acme = state(me({ tenants: ['acme', 'initech'] }));
    expect(selectRefusal('operator')(acme)).toBeNull();
    expect(selectAllTenantsRefusal('operator')(acme)).toBe(
      'needs the operator role for all tenants (you act for acme, initech)',
    );
  });

  it('allows an operator of all tenants, and says the role first to a viewer', () => {
    expect(selectAllTenantsRefusal('operator')(state(me({ tenants: null })))).toBeNull();
    expect(
      selectAllTenantsRefusal('operator')(state(me({ role: 'viewer', tenants: ['acme'] }))),
    ).toBe('needs the operator role');
  });
});

describe('selectNeedsSignIn', () => {
  it('holds only once the server said the caller has no role', () => {
    expect(selectNeedsSignIn(state(null))).toBe(false);
    expect(selectNeedsSignIn(state(me({ kind: 'anonymous', role: null })))).toBe(true);
    expect(selectNeedsSignIn(state(me({ role: 'viewer' })))).toBe(false);
  });
});
