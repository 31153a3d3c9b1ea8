/**
 * What a host runs VMs on, for the live-migration compatibility check (R15,
 * policy/compatibility.ts): its hypervisor and release, and its CPU model. CPU
 * models are a catalogue of the estate (`cpuModels`), named by hosts and VMs,
 * so a site of thousands of hosts repeats a name, not a feature list.
 */
import { z } from 'zod';
import { IdSchema } from './primitives.ts';

export const HypervisorFamilySchema = z.enum(['kvm', 'esxi', 'hyper-v', 'xen']);
export type HypervisorFamily = z.infer<typeof HypervisorFamilySchema>;

/** A CPU model: the features a guest on it sees (Linux /proc/cpuinfo flag names). */
export const CpuModelSchema = z.object({
  id: IdSchema,
  name: z.string().min(1),
  vendor: z.enum(['intel', 'amd', 'arm']),
  features: z.array(z.string().regex(/^[a-z0-9_.-]+$/)).min(1),
});
export type CpuModel = z.infer<typeof CpuModelSchema>;

export const HostPlatformSchema = z.object({
  hypervisor: HypervisorFamilySchema,
  /** The hypervisor's release, dotted numbers (`7.2`, `8.0.2`): live migration goes to the same or a newer one. */
  hypervisorVersion: z.string().regex(/^\d+(\.\d+)*$/),
  /** The host's CPU model, an id of the estate's `cpuModels`. */
  cpuModel: IdSchema,
});
export type HostPlatform = z.infer<typeof HostPlatformSchema>;
