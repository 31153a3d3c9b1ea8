/** An operator's tenants as typed in the Users dialog: comma- or space-separated ids; blank: every tenant. */

/** Null (every tenant) for a blank entry; else the ids, once each, in the order typed. */
export function parseTenants(text: string): string[] | null {
  const ids = [...new Set(text.split(/[\s,]+/).filter((s) => s !== ''))];
  return ids.length === 0 ? null : ids;
}

export function formatTenants(tenants: readonly string[] | null): string {
  return tenants === null ? '' : tenants.join(', ');
}
