// One MAC, one text: the spellings operators paste are read, one is written.
import { describe, expect, it } from 'vitest';
import { canonicalMac } from './mac.ts';

describe('canonicalMac', () => {
  it('writes colon, hyphen (IEEE 802) and dotted (Cisco) spellings as lower-case colon-separated', () => {
    for (const mac of [
      'ac:de:48:00:00:80',
      'AC:DE:48:00:00:80',
      'AC-DE-48-00-00-80',
      'ac-de-48-00-00-80',
      'acde.4800.0080',
      'ACDE.4800.0080',
    ])
      expect(canonicalMac(mac), mac).toBe('ac:de:48:00:00:80');
  });

  it('rejects mixed separators, missing or extra digits, and no separators', () => {
    for (const bad of [
      'ac:de-48:00:00:80',
      'ac:de:48:00:00',
      'ac:de:48:00:00:80:01',
      'acde48000080',
      'acde.4800.008',
      'ac:de:48:00:00:8g',
      '',
    ])
      expect(canonicalMac(bad), bad).toBeUndefined();
  });
});
