/**
 * Where each VM's QEMU processes run, on disk, so that they outlive the
 * server that started them: the next server (this instance restarted, or
 * another taking its runs over) finds a migration's two sides and asks them
 * what happened (docs/execution-ops.md, "After a crash"). libvirt keeps the
 * same kind of record per domain (/run/libvirt/qemu/<name>.xml, with the
 * monitor's socket) for the same reason.
 *
 * One JSON file per VM, written whole and renamed into place, so a reader
 * never sees half of one.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const LocationSchema = z.object({ pid: z.number().int().positive(), dir: z.string().min(1) });

export const GuestRecordSchema = z.object({
  estateId: z.string(),
  vmId: z.string(),
  /** The server instance that drives it now. */
  owner: z.string(),
  /** The host the VM's guest stands on, and the guest's process. */
  hostId: z.string(),
  guest: LocationSchema,
  /** While a migration is under way: its plan, its destination and the destination's process. */
  migration: z
    .object({ planId: z.string(), toHost: z.string(), target: LocationSchema.nullable() })
    .nullable(),
});
export type GuestRecord = z.infer<typeof GuestRecordSchema>;

const fileOf = (estateId: string, vmId: string) =>
  `${encodeURIComponent(estateId)}--${encodeURIComponent(vmId)}.json`;

export class GuestRecords {
  constructor(readonly dir: string) {}

  async write(record: GuestRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, fileOf(record.estateId, record.vmId));
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(record));
    await rename(tmp, file);
  }

  /** The VM's record; none when there is none or it cannot be read (then it is of no use). */
  async read(estateId: string, vmId: string): Promise<GuestRecord | undefined> {
    try {
      const text = await readFile(join(this.dir, fileOf(estateId, vmId)), 'utf8');
      const parsed = GuestRecordSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async remove(estateId: string, vmId: string): Promise<void> {
    await rm(join(this.dir, fileOf(estateId, vmId)), { force: true });
  }

  /** Every readable record this instance owns. */
  async ownedBy(owner: string): Promise<GuestRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const records: GuestRecord[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const [estateId, vmId] = name.slice(0, -'.json'.length).split('--').map(decodeURIComponent);
      const record = await this.read(estateId ?? '', vmId ?? '');
      if (record?.owner === owner) records.push(record);
    }
    return records;
  }
}
