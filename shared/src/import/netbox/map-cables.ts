/**
 * NetBox cables → links (both ends on imported devices' interfaces, one site)
 * and WAN links (between gateways of two sites). Speed from the interface type
 * or its speed, the slower end; cost by OSPF's reference-bandwidth rule.
 */
import type { Link } from '../../model/link.ts';
import type { Site } from '../../model/site.ts';
import type { WanLink } from '../../model/wan-link.ts';
import { FABRIC_DEFAULTS } from '../../topology/fabric.ts';
import { wanLatencyMs } from '../../topology/multi-site.ts';
import { idAllocator, refOf, type ImportContext } from './context.ts';
import type { MappedDevices } from './map-devices.ts';

/** Assumed for a link neither of whose ends says its speed (a LAG, a virtual or wireless port). */
export const UNKNOWN_LINK_GBPS = 1;

/**
 * Gb/s of a NetBox interface type: `1000base-t` is 1000 Mb/s, `10gbase-x-sfpp` 10 Gb/s,
 * `2.5gbase-t` 2.5, `100base-tx` 0.1; undefined for types that name no rate.
 */
export function interfaceTypeGbps(type: string | null): number | undefined {
  const m = type && /^(\d+(?:\.\d+)?)(g?)base/.exec(type);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] ? n : n / 1000;
}

/** OSPF's rule, reference bandwidth / link bandwidth, with a 100 Gb/s reference (at least 1). */
export function netboxLinkCost(capacityGbps: number): number {
  return Math.max(1, Math.round(100 / capacityGbps));
}

export interface MappedCables {
  links: Link[];
  wanLinks: WanLink[];
}

export function mapCables(
  ctx: ImportContext,
  devices: MappedDevices,
  sitesById: ReadonlyMap<string, Site>,
): MappedCables {
  const interfaces = new Map(ctx.records.interfaces.map((i) => [i.id, i]));
  const speedOf = (id: number) => {
    const i = interfaces.get(id);
    if (!i) return undefined;
    return i.speed ? i.speed / 1_000_000 : interfaceTypeGbps(i.type);
  };
  const allocate = idAllocator();
  const links: Link[] = [];
  const wanLinks: WanLink[] = [];
  for (const cable of [...ctx.records.cables].sort((a, b) => a.id - b.id)) {
    const ref = refOf('dcim.cable', { id: cable.id, name: cable.label || `cable #${cable.id}` });
    const ends = [cable.a_terminations, cable.b_terminations];
    const other = ends.flat().find((t) => t.object_type !== 'dcim.interface');
    if (other) {
      ctx.skip(ref, `ends on a ${other.object_type} (not a device interface)`);
      continue;
    }
    if (ends.some((e) => e.length !== 1)) {
      ctx.skip(ref, 'not one interface at each end');
      continue;
    }
    const [a, b] = ends.map((e) => {
      const itf = interfaces.get(e[0]!.object_id);
      return { itf, device: itf && devices.byNetboxId.get(itf.device.id) };
    }) as [
      { itf?: { name: string; device: { id: number } }; device?: MappedDevices['devices'][0] },
      { itf?: { name: string; device: { id: number } }; device?: MappedDevices['devices'][0] },
    ];
    if (!a.device || !b.device) {
      const missing = !a.device ? a : b;
      ctx.skip(
        ref,
        missing.itf
          ? `device #${missing.itf.device.id} at one end was not imported`
          : 'an end is an interface that was not read',
      );
      continue;
    }
    if (a.device.id === b.device.id) {
      ctx.skip(ref, 'joins a device to itself');
      continue;
    }
    const speeds = [
      speedOf(cable.a_terminations[0]!.object_id),
      speedOf(cable.b_terminations[0]!.object_id),
    ];
    const known = speeds.filter((s): s is number => s !== undefined && s > 0);
    const capacityGbps = known.length ? Math.min(...known) : UNKNOWN_LINK_GBPS;
    if (!known.length) ctx.assume(ref, `no speed at either end: ${UNKNOWN_LINK_GBPS} Gb/s`);
    const state = cable.status === 'connected' || cable.status === null ? 'up' : 'down';
    if (state === 'down') ctx.assume(ref, `status "${cable.status}": state down`);
    const id = allocate(cable.label || `cable-${cable.id}`, cable.id);
    if (a.device.siteId === b.device.siteId) {
      links.push({
        id,
        a: a.device.id,
        b: b.device.id,
        capacityGbps,
        latencyMs: FABRIC_DEFAULTS.hopLatencyMs,
        cost: netboxLinkCost(capacityGbps),
        state,
        utilisation: 0,
      });
    } else if (a.device.role === 'gateway' && b.device.role === 'gateway') {
      const latencyMs = wanLatencyMs(
        sitesById.get(a.device.siteId)!.location,
        sitesById.get(b.device.siteId)!.location,
      );
      wanLinks.push({
        id,
        a: a.device.id,
        b: b.device.id,
        capacityGbps,
        latencyMs,
        cost: netboxLinkCost(capacityGbps),
        state,
        utilisation: 0,
      });
    } else {
      ctx.skip(
        ref,
        `joins sites "${a.device.siteId}" and "${b.device.siteId}" between devices that are not both gateways`,
      );
    }
  }
  return { links, wanLinks };
}
