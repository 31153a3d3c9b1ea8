/**
 * One instance's lease and the takeover of runs nobody drives
 * (docs/execution.md, "Leases and the crash rule"). An instance holds one
 * lease, a row of `executor_instances` under a token new at every
 * registration, however many runs it drives; it renews it every leaseMs / 5.
 * An instance that finds another's lease expired deletes that row and takes
 * its runs over.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as leaseRepo from '../db/lease-repo.ts';
import * as runRepo from '../db/run-repo.ts';
import type { Database } from '../db/schema.ts';

export class Lease {
  /** This registration's token; a new one at every registration. */
  private token = '';

  constructor(
    private readonly db: Kysely<Database>,
    readonly instanceId: string,
    private readonly leaseMs: number,
  ) {}

  /** Registers under a new token with a fresh lease, replacing an earlier registration. */
  async register(): Promise<void> {
    const token = randomUUID();
    await leaseRepo.registerInstance(this.db, this.instanceId, token, this.leaseMs);
    this.token = token;
  }

  /**
   * Renews the lease. One that expired is still renewed while its row is there
   * (no one has taken a run over: that deletes the row first); false when the
   * row is gone, so the runs went to another instance.
   */
  renew(): Promise<boolean> {
    return leaseRepo.renewLease(this.db, this.instanceId, this.token, this.leaseMs);
  }

  /** Gives the lease up, so another instance (or the next start) takes the runs over at once. */
  release(): Promise<void> {
    return leaseRepo.releaseLease(this.db, this.instanceId, this.token);
  }

  /**
   * Fencing: whether this registration still holds its lease, its row locked
   * until `trx` ends. Another instance takes runs over only by deleting an
   * expired lease's row, which waits for this lock; once it has, the row is
   * gone and the caller must write nothing.
   */
  holdIn(trx: Kysely<Database>): Promise<boolean> {
    return leaseRepo.holdLease(trx, this.instanceId, this.token);
  }

  /**
   * Claims the active runs that no live instance drives, in one transaction
   * that first deletes the rows of expired leases: those instances' runs,
   * unowned ones, strays of this instance's name not in `exclude` (a previous
   * process's, a lost registration's), or with `everything` every active run
   * (an exclusive instance at its start). The ids of the instances whose
   * leases expired come back for the log.
   */
  async claimUnheld(options: { everything: boolean; exclude: readonly string[] }): Promise<{
    expired: string[];
    taken: { id: string; owner: string | null }[];
  }> {
    return this.db.transaction().execute(async (trx) => {
      const expired = await leaseRepo.expireOthers(trx, this.instanceId);
      const taken = await runRepo.claimUnheld(trx, this.instanceId, options);
      return { expired, taken };
    });
  }
}
