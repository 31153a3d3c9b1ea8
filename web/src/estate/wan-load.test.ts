import { describe, expect, it } from 'vitest';
import { wanLoad, wanLoadLabel } from './wan-load.ts';

describe('wanLoad', () => {
  it('gives the utilisation in whole percent and its band (warn from 50 %, hot from 80 %)', () => {
    // 0.625 rounds half up to 63; 0.494 to 49, below the warn band's 0.5.
    expect(wanLoad({ utilisation: 0.625, state: 'up' })).toEqual({ percent: 63, band: 'warn' });
    expect(wanLoad({ utilisation: 0.494, state: 'up' })).toEqual({ percent: 49, band: 'ok' });
    expect(wanLoad({ utilisation: 0.8, state: 'up' })).toEqual({ percent: 80, band: 'hot' });
    expect(wanLoad({ utilisation: 0, state: 'up' })).toEqual({ percent: 0, band: 'ok' });
  });

  it('says a link that is down is down, whatever load it last carried', () => {
    expect(wanLoad({ utilisation: 0.9, state: 'down' }).band).toBe('down');
    expect(wanLoadLabel(wanLoad({ utilisation: 0.9, state: 'down' }))).toBe('down');
  });

  it('labels a link with its percent and a space before the sign', () => {
    expect(wanLoadLabel(wanLoad({ utilisation: 0.62, state: 'up' }))).toBe('62 %');
    expect(wanLoadLabel(wanLoad({ utilisation: 1, state: 'up' }))).toBe('100 %');
  });
});
