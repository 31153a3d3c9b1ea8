/**
 * EUI-48 MAC addresses as text. Three spellings are read, the ones operators
 * paste from their tools: colon-separated (`aa:bb:cc:dd:ee:ff`, Linux, most
 * hypervisors), hyphen-separated (`AA-BB-CC-DD-EE-FF`, IEEE 802's own
 * notation, Windows) and dotted groups of four (`aabb.ccdd.eeff`, Cisco); hex
 * digits in either case. One is written: lower-case, colon-separated.
 */

/** The accepted spellings, anchored: what MacSchema (and the estate's JSON Schema) allow. */
export const MAC_INPUT_PATTERN =
  /^(?:[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}|[0-9a-fA-F]{2}(?:-[0-9a-fA-F]{2}){5}|[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){2})$/;

const CANONICAL = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;

/**
 * The canonical form of a MAC in any accepted spelling, or `undefined` if the
 * text is not one.
 *
 * @example
 * canonicalMac('AABB.CCDD.EEFF'); // 'aa:bb:cc:dd:ee:ff'
 */
export function canonicalMac(mac: string): string | undefined {
  // Estates mostly hold the canonical form already: keep it without building a new string.
  if (CANONICAL.test(mac)) return mac;
  if (!MAC_INPUT_PATTERN.test(mac)) return undefined;
  const hex = mac.replace(/[:.-]/g, '').toLowerCase();
  return hex.replace(/(..)(?!$)/g, '$1:');
}
