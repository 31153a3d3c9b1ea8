/**
 * The QEMU executor's guests: which process is each VM's guest now, on which
 * host, and (with a state directory) the same on disk, so a server that dies
 * leaves them findable (guest-records.ts). A VM's guest lives on after its
 * move: the destination is the VM's guest from then on.
 */
import type { MigrationSpec } from '@vmmi/shared';
import { GuestRecords, type GuestRecord } from './guest-records.ts';
import { pidAlive } from './process-watch.ts';
import { attachQemu, type QemuHandle } from './qemu-process.ts';
import { readFile, rm } from 'node:fs/promises';

/** Two network namespaces joined as the run's path; the source's QEMU in one, the destination's in the other. */
export interface WanPath {
  sourceNs: string;
  targetNs: string;
  /** The target's address, where its QEMU listens for the stream. */
  targetAddr: string;
  /** Deletes the namespaces and every process left in them. */
  destroy(): Promise<void>;
}

/** A VM's guest process and the host it stands on (and the WAN path its namespace belongs to). */
export interface Placed {
  handle: QemuHandle;
  hostId: string;
  wan?: WanPath;
}

export async function closePlaced(p: Placed): Promise<void> {
  await p.handle.close();
  await p.wan?.destroy();
}

const location = (h: QemuHandle) => ({ pid: h.pid, dir: h.dir });

export class Guests {
  private readonly placed = new Map<string, Placed>();
  private readonly records: GuestRecords | null;

  /** With `stateDir`, QEMU is started detached and every placement is recorded there. */
  constructor(
    stateDir: string | undefined,
    private readonly owner: string,
  ) {
    this.records = stateDir ? new GuestRecords(stateDir) : null;
  }

  /** Whether QEMU should outlive this server (a state directory keeps track of it). */
  get detached(): boolean {
    return this.records !== null;
  }

  get(vmId: string): Placed | undefined {
    return this.placed.get(vmId);
  }

  /** The VM's guest is `p`, and no migration of it is under way. */
  async settle(spec: Pick<MigrationSpec, 'estateId' | 'vmId'>, p: Placed): Promise<void> {
    this.placed.set(spec.vmId, p);
    await this.records?.write({
      estateId: spec.estateId,
      vmId: spec.vmId,
      owner: this.owner,
      hostId: p.hostId,
      guest: location(p.handle),
      migration: null,
    });
  }

  /** A migration of the VM's guest (`source`) to `target` is under way (`target` null: not started yet). */
  async migrating(spec: MigrationSpec, source: Placed, target: QemuHandle | null): Promise<void> {
    this.placed.set(spec.vmId, source);
    await this.records?.write({
      estateId: spec.estateId,
      vmId: spec.vmId,
      owner: this.owner,
      hostId: source.hostId,
      guest: location(source.handle),
      migration: { planId: spec.planId, toHost: spec.toHost, target: target && location(target) },
    });
  }

  /** The record an earlier server left of this VM, whoever owned it. */
  recordOf(spec: Pick<MigrationSpec, 'estateId' | 'vmId'>): Promise<GuestRecord | undefined> {
    return this.records?.read(spec.estateId, spec.vmId) ?? Promise.resolve(undefined);
  }

  /** Reconnects to a process an earlier server recorded; null when it is gone or does not answer. */
  async attach(at: { pid: number; dir: string } | null): Promise<QemuHandle | null> {
    if (!at || !(await isRecordedQemu(at))) return null;
    return attachQemu(at).catch(() => null);
  }

  /** Stops every guest this instance holds or has on record (the server is shutting down). */
  async closeAll(): Promise<void> {
    const all = [...this.placed.values()];
    this.placed.clear();
    await Promise.all(all.map((g) => closePlaced(g)));
    for (const record of (await this.records?.ownedBy(this.owner)) ?? []) {
      const sides = [record.guest, record.migration?.target ?? null];
      for (const side of sides) if (side) await killRecorded(side);
      await this.records!.remove(record.estateId, record.vmId);
    }
  }
}

/** A recorded process no handle of this server holds: killed, its files removed. */
async function killRecorded(at: { pid: number; dir: string }): Promise<void> {
  if (await isRecordedQemu(at)) {
    try {
      process.kill(at.pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  await rm(at.dir, { recursive: true, force: true });
}

/**
 * Whether the recorded pid is still that QEMU: alive, and started with the
 * recorded directory on its command line (a pid can be reused once QEMU is gone).
 */
async function isRecordedQemu(at: { pid: number; dir: string }): Promise<boolean> {
  if (!(await pidAlive(at.pid))) return false;
  try {
    const cmdline = await readFile(`/proc/${at.pid}/cmdline`, 'utf8');
    return cmdline.includes(at.dir);
  } catch {
    return false;
  }
}
