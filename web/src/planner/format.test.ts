import { describe, expect, it } from 'vitest';
import { countOf } from './format.ts';

describe('counts in words', () => {
  it('give the noun in the number English needs (CLDR: "one" for 1 only)', () => {
    expect(countOf(1, 'warning')).toBe('1 warning');
    expect(countOf(0, 'warning')).toBe('0 warnings');
    expect(countOf(2, 'round')).toBe('2 rounds');
    expect(countOf(1, 'switch', 'switches')).toBe('1 switch');
    expect(countOf(3, 'switch', 'switches')).toBe('3 switches');
    expect(countOf(12_000, 'VM')).toBe('12,000 VMs');
  });
});
