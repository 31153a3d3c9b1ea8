// RFC 1982 serial number arithmetic, checked against the RFC's own examples.
import { describe, expect, it } from 'vitest';
import { serialAdd, serialCompare } from './serial-number.ts';

describe('serial number arithmetic (RFC 1982)', () => {
  it('adds modulo 2^SERIAL_BITS (section 5.2, SERIAL_BITS = 8)', () => {
    expect(serialAdd(255, 1, 8)).toBe(0);
    expect(serialAdd(100, 100, 8)).toBe(200);
    expect(serialAdd(200, 100, 8)).toBe(44);
  });

  it('leaves additions of 2^(SERIAL_BITS - 1) or more undefined (section 3.1)', () => {
    expect(() => serialAdd(0, 128, 8)).toThrow(RangeError);
    expect(() => serialAdd(0, -1, 8)).toThrow(RangeError);
    expect(serialAdd(0, 127, 8)).toBe(127);
  });

  it('orders across the wrap (section 5.2, SERIAL_BITS = 8)', () => {
    const less: [number, number][] = [
      [0, 1],
      [0, 44],
      [0, 100],
      [44, 100],
      [100, 200],
      [200, 255],
      [255, 0],
      [255, 100],
      [200, 0],
      [200, 44],
    ];
    for (const [a, b] of less) {
      expect(serialCompare(a, b, 8), `${a} < ${b}`).toBe(-1);
      expect(serialCompare(b, a, 8), `${b} > ${a}`).toBe(1);
    }
    expect(serialCompare(7, 7, 8)).toBe(0);
  });

  it('gives 0 where the order is undefined: two numbers exactly half the space apart (section 3.2)', () => {
    // SERIAL_BITS = 2 (section 5.1): 0 and 2 are 2^1 apart.
    expect(serialCompare(0, 2, 2)).toBe(0);
    expect(serialCompare(2, 0, 2)).toBe(0);
    expect(serialCompare(3, 0, 2)).toBe(-1);
  });
});
