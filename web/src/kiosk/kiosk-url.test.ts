import { describe, expect, it } from 'vitest';
import {
  INTERVAL_SECONDS,
  isKiosk,
  kioskLocation,
  parseKioskOptions,
  parseRotate,
  parseSeconds,
} from './kiosk-url.ts';

describe('kiosk URL', () => {
  it('switches on by presence or a true value, off otherwise', () => {
    expect(isKiosk('?kiosk')).toBe(true);
    expect(isKiosk('?estate=demo&kiosk=1')).toBe(true);
    expect(isKiosk('?kiosk=true')).toBe(true);
    expect(isKiosk('?kiosk=0')).toBe(false);
    expect(isKiosk('?kiosk=false')).toBe(false);
    expect(isKiosk('?estate=demo&view=global')).toBe(false);
    expect(isKiosk('')).toBe(false);
  });

  it('has defaults for everything', () => {
    expect(parseKioskOptions('?kiosk')).toEqual({
      estate: null,
      theme: null,
      rotate: null,
      intervalMs: 30_000,
      pollMs: 10_000,
    });
  });

  it('reads estate, theme, rotation, interval and poll', () => {
    expect(
      parseKioskOptions('?kiosk&estate=demo&theme=light&rotate=global,site:ams1&interval=5&poll=2'),
    ).toEqual({
      estate: 'demo',
      theme: 'light',
      rotate: [{ view: 'global' }, { view: 'site', siteId: 'ams1' }],
      intervalMs: 5_000,
      pollMs: 2_000,
    });
  });

  it('clamps the interval to 5..3600 s and falls back to 30 s on bad input', () => {
    expect(parseSeconds('1', INTERVAL_SECONDS)).toBe(5_000);
    expect(parseSeconds('-20', INTERVAL_SECONDS)).toBe(5_000);
    expect(parseSeconds('99999', INTERVAL_SECONDS)).toBe(3_600_000);
    expect(parseSeconds('7.5', INTERVAL_SECONDS)).toBe(7_500);
    for (const bad of [null, '', ' ', 'abc', '10s', 'Infinity', 'NaN'])
      expect(parseSeconds(bad, INTERVAL_SECONDS), String(bad)).toBe(30_000);
    expect(parseKioskOptions('?kiosk&interval=fast&poll=0').intervalMs).toBe(30_000);
    expect(parseKioskOptions('?kiosk&poll=0').pollMs).toBe(1_000);
  });

  it('reads a site list, bare ids included, and skips what it cannot read', () => {
    expect(parseRotate(' GLOBAL , site:fra1,lon1,,site:, a:b ')).toEqual([
      { view: 'global' },
      { view: 'site', siteId: 'fra1' },
      { view: 'site', siteId: 'lon1' },
    ]);
    expect(parseRotate(null)).toBeNull();
    expect(parseRotate('')).toBeNull();
    expect(parseRotate(',,site:')).toBeNull();
  });

  it('ignores an unknown theme', () => {
    expect(parseKioskOptions('?kiosk&theme=neon').theme).toBeNull();
  });

  it('starts the store on the first view of the rotation', () => {
    expect(kioskLocation(parseKioskOptions('?kiosk&estate=demo&rotate=site:ams1,global'))).toEqual({
      estate: 'demo',
      view: 'site',
      site: 'ams1',
      tenant: null,
      theme: null,
    });
    expect(kioskLocation(parseKioskOptions('?kiosk&theme=dark'))).toEqual({
      estate: null,
      view: 'global',
      site: null,
      tenant: null,
      theme: 'dark',
    });
  });
});
