/**
 * The engine's VTEP tables (`buildVtepTables` in @vmmi/shared) as `bridge`
 * batch lines for one Linux VTEP: a static entry per remote MAC of the VNI
 * (what EVPN type-2 routes install) and the head-end replication list, one
 * all-zero entry per other VTEP of the VNI (what type-3 routes install), so
 * broadcasts such as ARP reach every host of the segment. Pure: the data
 * plane (fabric.ts) runs the lines.
 */
import type { FdbEntry, VtepTables } from '@vmmi/shared';

const ZERO_MAC = '00:00:00:00:00:00';

/** One namespace per host, so device names are fixed per VNI. */
export const vxlanDevice = (vni: number) => `vx${vni}`;
export const bridgeDevice = (vni: number) => `br${vni}`;

/** A host's VTEP table restricted to the VNIs the data plane carries. */
function entriesOf(tables: VtepTables, hostId: string, vnis: ReadonlySet<number>): FdbEntry[] {
  return [...(tables.get(hostId)?.values() ?? [])].filter((e) => vnis.has(e.vni));
}

const entryKey = (e: FdbEntry) => `${e.vni}|${e.mac}`;

/** The batch that programs a host's VTEP from scratch: flooding to `floodTo`, then the unicast entries. */
export function initialFdbBatch(
  tables: VtepTables,
  hostId: string,
  vnis: ReadonlySet<number>,
  floodTo: ReadonlyMap<number, readonly string[]>,
): string[] {
  const lines: string[] = [];
  for (const vni of vnis)
    for (const dst of floodTo.get(vni) ?? [])
      lines.push(`fdb append ${ZERO_MAC} dev ${vxlanDevice(vni)} dst ${dst} self permanent`);
  for (const e of entriesOf(tables, hostId, vnis))
    lines.push(`fdb replace ${e.mac} dev ${vxlanDevice(e.vni)} dst ${e.remoteVtep} self permanent`);
  return lines;
}

/**
 * The batch that takes a host's VTEP from one table to the next, as a
 * type-2 route with a higher MAC Mobility sequence does: entries that point
 * elsewhere now are replaced, entries for MACs that became local (or left
 * the VNI) are deleted. Empty when nothing changes for this host.
 */
export function fdbChangeBatch(
  before: VtepTables,
  after: VtepTables,
  hostId: string,
  vnis: ReadonlySet<number>,
): string[] {
  const old = new Map(entriesOf(before, hostId, vnis).map((e) => [entryKey(e), e]));
  const next = entriesOf(after, hostId, vnis);
  const lines: string[] = [];
  for (const e of next)
    if (old.get(entryKey(e))?.remoteVtep !== e.remoteVtep)
      lines.push(
        `fdb replace ${e.mac} dev ${vxlanDevice(e.vni)} dst ${e.remoteVtep} self permanent`,
      );
  const kept = new Set(next.map(entryKey));
  for (const [key, e] of old)
    if (!kept.has(key)) lines.push(`fdb del ${e.mac} dev ${vxlanDevice(e.vni)} self`);
  return lines;
}
