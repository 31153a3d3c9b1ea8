/**
 * An estate in the audit log: not its document (megabytes, and another
 * tenant's data) but what identifies it: id, name, version, counts, and the
 * SHA-256 of its JSON with every object's keys sorted (as RFC 8785's JCS
 * orders them, for our data: strings, finite numbers, booleans, null), so two
 * entries show whether it changed and an export can be checked against the
 * log whatever order its keys come in.
 */
import { createHash } from 'node:crypto';
import type { Estate } from '@vmmi/shared';

export interface EstateDigest {
  id: string;
  name: string;
  version: number | null;
  sites: number;
  vms: number;
  /** Null for a stored estate written before the database kept digests (until its next write). */
  sha256: string | null;
}

/** An estate's digest as computed from its document, which always has the hash. */
export type ComputedDigest = EstateDigest & { sha256: string };

export function estateDigest(estate: Estate, version: number | null): ComputedDigest {
  return {
    id: estate.id,
    name: estate.name,
    version,
    sites: estate.sites.length,
    vms: estate.vms.length,
    sha256: estateSha256(estate),
  };
}

export function estateSha256(estate: Estate): string {
  return createHash('sha256').update(sortedJson(estate)).digest('hex');
}

/** JSON without whitespace, each object's keys in code-unit order. */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
