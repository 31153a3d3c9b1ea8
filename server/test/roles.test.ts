import { describe, expect, it } from 'vitest';
import { hasRole, roleFromHeader } from '../src/auth/roles.ts';

describe('roles', () => {
  it('orders viewer < operator < admin', () => {
    expect(hasRole('admin', 'operator')).toBe(true);
    expect(hasRole('operator', 'operator')).toBe(true);
    expect(hasRole('operator', 'admin')).toBe(false);
    expect(hasRole('viewer', 'operator')).toBe(false);
  });

  it('reads the header, ignoring case, and falls back to the mode default', () => {
    expect(roleFromHeader('Admin', 'open')).toBe('admin');
    expect(roleFromHeader(['viewer', 'admin'], 'open')).toBe('viewer');
    expect(roleFromHeader(undefined, 'open')).toBe('operator');
    expect(roleFromHeader('root', 'open')).toBe('operator');
    expect(roleFromHeader(undefined, 'strict')).toBe('viewer');
    expect(roleFromHeader('root', 'strict')).toBe('viewer');
  });
});
