/** Helpers for the generator tests: per-role counts and per-device link counts of a fabric. */
import type { DeviceRole } from '../model/device.ts';
import type { Fabric } from './fabric.ts';

export function countByRole(fabric: Fabric): Partial<Record<DeviceRole, number>> {
  const counts: Partial<Record<DeviceRole, number>> = {};
  for (const d of fabric.devices) counts[d.role] = (counts[d.role] ?? 0) + 1;
  return counts;
}

/** Links per device, counted from the links themselves (not from the `ports` field). */
export function degrees(fabric: Fabric): Map<string, number> {
  const deg = new Map<string, number>(fabric.devices.map((d) => [d.id, 0]));
  for (const l of fabric.links) {
    deg.set(l.a, (deg.get(l.a) ?? 0) + 1);
    deg.set(l.b, (deg.get(l.b) ?? 0) + 1);
  }
  return deg;
}
