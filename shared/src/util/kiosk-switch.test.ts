import { describe, expect, it } from 'vitest';
import { isKiosk, queryParam } from './kiosk-switch.ts';

describe('isKiosk', () => {
  it('reads the kiosk switch as the web app always has', () => {
    expect(isKiosk('?kiosk')).toBe(true);
    expect(isKiosk('kiosk=1&estate=demo')).toBe(true);
    expect(isKiosk('?estate=demo&kiosk=TRUE')).toBe(true);
    expect(isKiosk('?kiosk=off')).toBe(false);
    expect(isKiosk('?kiosk=%20no%20')).toBe(false);
    expect(isKiosk('?kioskx=1')).toBe(false);
    expect(isKiosk('')).toBe(false);
  });
});

describe('queryParam', () => {
  // The values URLSearchParams gives for well-formed queries (WHATWG URL, application/x-www-form-urlencoded).
  it('decodes as URLSearchParams does', () => {
    expect(queryParam('?a=x+y&a=2', 'a')).toBe('x y');
    expect(queryParam('?k%69osk=%31', 'kiosk')).toBe('1');
    // Where URLSearchParams would put U+FFFD for bad bytes, the text stays as written: no kiosk either way.
    expect(queryParam('?a=%E0%A4%A', 'a')).toBe('%E0%A4%A');
    expect(queryParam('?a&b=', 'b')).toBe('');
    expect(queryParam('?a', 'b')).toBeNull();
  });
});
