import { describe, expect, it } from 'vitest';
import { countOf, fmtColdDowntime, fmtCount } from './format.ts';

describe('counts in words', () => {
  it('give the noun in the number English needs (CLDR: "one" for 1 only)', () => {
    expect(countOf(1, 'warning')).toBe('1 warning');
    expect(countOf(0, 'warning')).toBe('0 warnings');
    expect(countOf(2, 'round')).toBe('2 rounds');
    expect(countOf(1, 'switch', 'switches')).toBe('1 switch');
    expect(countOf(3, 'switch', 'switches')).toBe('3 switches');
    expect(countOf(12_000, 'VM')).toBe('12,000 VMs');
    expect(countOf(-1, 'degree')).toBe('-1 degree');
    expect(countOf(1.5, 'hour')).toBe('1.5 hours');
  });

  it('group the thousands of any whole number with commas', () => {
    expect(countOf(999, 'host')).toBe('999 hosts');
    expect(countOf(1000, 'host')).toBe('1,000 hosts');
    expect(countOf(9472, 'device')).toBe('9,472 devices');
    expect(countOf(100_000, 'link')).toBe('100,000 links');
    expect(countOf(1_234_567, 'byte')).toBe('1,234,567 bytes');
    expect(countOf(-24_576, 'link')).toBe('-24,576 links');
    expect(countOf(12_345.5, 'GiB', 'GiB')).toBe('12,345.5 GiB');
  });

  it('write a bare count as English does, for the side panel and the canvas alike', () => {
    // Hand-written: groups of three digits from the right, comma-separated (CLDR "en").
    expect(fmtCount(0)).toBe('0');
    expect(fmtCount(512)).toBe('512');
    expect(fmtCount(8192)).toBe('8,192');
    expect(fmtCount(524_288)).toBe('524,288');
    expect(fmtCount(4_194_304)).toBe('4,194,304');
    expect(fmtCount(-1280)).toBe('-1,280');
    expect(fmtCount(0.25)).toBe('0.25');
  });
});

describe('a cold move’s downtime (R15)', () => {
  it('is worded as the sum of its parts, in the live downtime’s units', () => {
    // 100 GiB over 1.25e9 bytes/s is 85,899.35 ms; shutdown 10 s and boot 30 s; EVPN's 100 ms.
    const i = {
      vmId: 'x',
      stopAndCopyMs: 125_899.35,
      announceMs: 0,
      networkSwitchMs: 100,
      totalMs: 125_999.35,
    };
    const steps = {
      shutdownMs: 10_000,
      diskBytes: 100 * 2 ** 30,
      diskCopyMs: 85_899.34592,
      bootMs: 30_000,
    };
    expect(fmtColdDowntime(i, steps)).toBe(
      '126.0 s = shutdown 10.0 s + disk copy 85.9 s + boot 30.0 s + announcements 0 ms + network switch 100 ms',
    );
  });
});
