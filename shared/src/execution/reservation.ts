/**
 * What a migration in flight holds on its target (policy/admission.ts), from
 * its spec: the VM's vCPU and memory, and its local disk (the spec's
 * `storageBytes`, which is zero for a disk on shared storage). Every spec
 * ever stored has these fields, so runs created by older builds reserve too.
 */
import type { Reservation } from '../policy/admission.ts';
import type { MigrationSpec } from './events.ts';

const GiB = 2 ** 30;

/** The fields of a run's spec that its reservation needs. */
export type ReservingSpec = Pick<
  MigrationSpec,
  'vmId' | 'toHost' | 'vcpu' | 'memoryGiB' | 'storageBytes'
>;

/**
 * The reservation of a run not ended (admission ignores it once the run has
 * switched over and the estate has the VM on its target).
 *
 * @example
 * reservationOf(spec); // { vmId: 'vm-1', hostId: 'h2', load: { vcpu: 4, memoryGiB: 16, diskGiB: 100 } }
 */
export function reservationOf(spec: ReservingSpec): Reservation {
  return {
    vmId: spec.vmId,
    hostId: spec.toHost,
    // Bytes were GiB × 2^30 (spec.ts): dividing by a power of two gives the GiB back exactly.
    load: { vcpu: spec.vcpu, memoryGiB: spec.memoryGiB, diskGiB: spec.storageBytes / GiB },
  };
}
