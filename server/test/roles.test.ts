import { describe, expect, it } from 'vitest';
import { hasRole, lesserRole } from '../src/auth/roles.ts';

describe('roles', () => {
  it('orders viewer < operator < admin', () => {
    expect(hasRole('admin', 'operator')).toBe(true);
    expect(hasRole('operator', 'operator')).toBe(true);
    expect(hasRole('operator', 'admin')).toBe(false);
    expect(hasRole('viewer', 'operator')).toBe(false);
  });

  it('gives a caller without a role nothing', () => {
    expect(hasRole(null, 'viewer')).toBe(false);
  });

  it('takes the lesser of two roles (a read-only token of an admin reads only)', () => {
    expect(lesserRole('admin', 'viewer')).toBe('viewer');
    expect(lesserRole('viewer', 'operator')).toBe('viewer');
    expect(lesserRole('operator', 'admin')).toBe('operator');
  });
});
