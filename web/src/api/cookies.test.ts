import { describe, expect, it } from 'vitest';
import { readCookie } from './cookies.ts';

describe('readCookie', () => {
  it('finds a cookie among others, whatever the spacing', () => {
    expect(readCookie('theme=dark;vmmi_csrf=abc123; other=1', 'vmmi_csrf')).toBe('abc123');
  });

  it('does not take a cookie whose name only ends with the one asked for', () => {
    expect(readCookie('x_vmmi_csrf=wrong; vmmi_csrf=right', 'vmmi_csrf')).toBe('right');
  });

  it('URL-decodes the value, and keeps "=" inside it', () => {
    expect(readCookie('vmmi_csrf=a%2Bb%3D%3D', 'vmmi_csrf')).toBe('a+b==');
    expect(readCookie('t=x=y', 't')).toBe('x=y');
  });

  it('a value that is not valid percent-encoding comes back as it is', () => {
    expect(readCookie('t=100%', 't')).toBe('100%');
  });

  it('is null when the cookie is not set (signed out)', () => {
    expect(readCookie('', 'vmmi_csrf')).toBeNull();
    expect(readCookie('theme=dark', 'vmmi_csrf')).toBeNull();
  });
});
