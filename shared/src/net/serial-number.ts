/**
 * Serial number arithmetic (RFC 1982) for fixed-width counters that wrap:
 * adding is modulo 2^bits (section 3.1), and of two numbers the later one is
 * the one less than half the space ahead (section 3.2), so 0 follows
 * 2^bits − 1. Numbers are plain JavaScript numbers, exact up to 2^53.
 */

/** `s + n` modulo 2^bits; RFC 1982 defines it for 0 <= n <= 2^(bits−1) − 1 only. */
export function serialAdd(s: number, n: number, bits: number): number {
  const space = 2 ** bits;
  if (!Number.isInteger(n) || n < 0 || n > space / 2 - 1)
    throw new RangeError(`serial addition of ${n} is undefined for ${bits} bits`);
  return (s + n) % space;
}

/**
 * -1 if `a` comes before `b`, 1 if after, 0 if equal, and 0 where RFC 1982
 * leaves the order undefined (the two are exactly 2^(bits−1) apart): a caller
 * with a tie-break of its own then decides, the same way whichever argument
 * comes first.
 */
export function serialCompare(a: number, b: number, bits: number): -1 | 0 | 1 {
  const half = 2 ** (bits - 1);
  if (a === b) return 0;
  if ((a < b && b - a < half) || (a > b && a - b > half)) return -1;
  if ((a < b && b - a > half) || (a > b && a - b < half)) return 1;
  return 0;
}
