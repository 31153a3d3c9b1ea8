import { describe, expect, it } from 'vitest';
import { formatTenants, parseTenants } from './tenant-list.ts';
import { auditQuery, AUDIT_PAGE } from './AuditDialog.tsx';
import { passwordProblem } from './SetupDialog.tsx';

describe("an operator's tenants as typed", () => {
  it('blank is every tenant (null), as the server reads it', () => {
    expect(parseTenants('  ')).toBeNull();
    expect(parseTenants(', ,')).toBeNull();
  });

  it('takes ids split by commas or spaces, once each, in order', () => {
    expect(parseTenants('t-acme, t-globex  t-acme,t-initech')).toEqual([
      't-acme',
      't-globex',
      't-initech',
    ]);
  });

  it('shows them as they are typed back', () => {
    expect(formatTenants(['t-acme', 't-globex'])).toBe('t-acme, t-globex');
    expect(parseTenants(formatTenants(['t-acme', 't-globex']))).toEqual(['t-acme', 't-globex']);
    expect(formatTenants(null)).toBe('');
  });
});

describe('the audit page query', () => {
  it('leaves blank filters out, so they filter nothing', () => {
    expect(auditQuery({ action: ' ', actor: '' }, null)).toEqual({ limit: AUDIT_PAGE });
  });

  it('asks for the page before the last row shown, with the filters trimmed', () => {
    expect(auditQuery({ action: ' user. ', actor: 'e2e-admin' }, '42')).toEqual({
      limit: AUDIT_PAGE,
      beforeId: '42',
      action: 'user.',
      actor: 'e2e-admin',
    });
  });
});

describe('a new password typed twice', () => {
  it('needs 12 characters (the server rule) and the same twice', () => {
    expect(passwordProblem('short', 'short')).toMatch(/at least 12/);
    expect(passwordProblem('twelve chars', 'twelve charz')).toBe('the two passwords differ');
    expect(passwordProblem('twelve chars', 'twelve chars')).toBeNull();
  });
});
