/**
 * Short labels for a group of names that share a prefix, as the tenant view
 * draws its VMs: "acme-web-web-01", "acme-web-db-05" in network acme-web read
 * "web-01", "db-05" inside the network's picture. The prefix is cut at a
 * separator, and each name keeps at least its last two parts, so a label
 * never shrinks to a bare number.
 */
const SEPARATOR = /[-_.\s]/;

/** The index just after the last separator in `s[0, end)`, or 0. */
function cutAt(s: string, end: number): number {
  for (let i = end - 1; i >= 0; i--) if (SEPARATOR.test(s[i]!)) return i + 1;
  return 0;
}

/** Where a name's last two parts start (0 for a name of one or two parts). */
function lastTwoParts(name: string): number {
  const last = cutAt(name, name.length);
  return last === 0 ? 0 : cutAt(name, last - 1);
}

/**
 * Each name with the prefix all of them share removed, within the limits
 * above; a group of one keeps its name whole.
 *
 * @example
 * shortNames(['acme-web-web-01', 'acme-web-db-05']); // ['web-01', 'db-05']
 */
export function shortNames(names: readonly string[]): string[] {
  if (names.length < 2) return [...names];
  let common = names[0]!.length;
  for (const n of names) {
    let i = 0;
    while (i < common && i < n.length && n[i] === names[0]![i]) i++;
    common = i;
  }
  const prefix = cutAt(names[0]!, common);
  return names.map((n) => n.slice(Math.min(prefix, lastTwoParts(n))));
}
