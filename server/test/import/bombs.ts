/** YAML built to cost a parser far more than its size. */

/**
 * The billion laughs: nine anchors, each a list of ten aliases of the one before, so the
 * last expands to 10^9 scalars; as YAML map entries `l0` … `l8`.
 */
export function billionLaughs(): string {
  const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 9; i++) {
    const aliases = Array.from({ length: 10 }, () => `*l${i - 1}`);
    lines.push(`l${i}: &l${i} [${aliases.join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}
