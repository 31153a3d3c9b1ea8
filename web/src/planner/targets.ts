/** Move targets: equality, and how they read in the UI. */
import type { Estate, MoveTarget } from '@vmmi/shared';

export function sameTarget(a: MoveTarget | null, b: MoveTarget | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'host') return b.kind === 'host' && a.hostId === b.hostId;
  return b.kind === 'site' && a.siteId === b.siteId;
}

/** "host ams1.p0-e0-h2 (ams1)" or "site ams1 (the engine picks the host)". */
export function describeTarget(estate: Estate, target: MoveTarget): string {
  if (target.kind === 'site') {
    const site = estate.sites.find((s) => s.id === target.siteId);
    return `${site?.name ?? target.siteId} (any host)`;
  }
  const host = estate.devices.find((d) => d.id === target.hostId);
  return host ? `${host.name} (${host.siteId})` : target.hostId;
}
