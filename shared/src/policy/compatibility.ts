/**
 * Whether a VM can go live from its host to another (R15): the same
 * hypervisor family (KVM cannot take an ESXi guest's memory: moving between
 * families is a cold migration that converts the disk), a target release no
 * older than the source's (QEMU and vMotion migrate to the same or a newer
 * release; to an older one the guest's device state may not load), and every
 * CPU feature the guest sees present on the target's CPU (a guest does not
 * lose a CPU feature mid-flight: libvirt refuses the migration). The guest
 * sees its own `cpuModel` if it names one (a baseline such as x86-64-v2 goes
 * anywhere that has it), else its host's (libvirt's host-model). A host
 * without a `platform` is not checked. Part of the one admission rule.
 *
 * A cold move (`cold`) carries no memory: the guest boots on whatever CPU and
 * release the target has, so only the family is checked, and not even that
 * for a stateless VM, which is redeployed from its image rather than
 * converted (virt-v2v's conversion of a stateful guest is not modelled).
 */
import type { EstateIndex } from '../engine/estate-index.ts';
import type { CpuModel } from '../model/platform.ts';
import { perIndex } from '../addressing/per-index.ts';
import { resolveMoves, type Placement } from './placement.ts';

export interface CompatibilityReason {
  code: 'incompatible-hypervisor' | 'incompatible-cpu';
  vmId: string;
  hostId: string;
  message: string;
}

const cpuModelsOf = perIndex(
  (index) => new Map((index.estate.cpuModels ?? []).map((m) => [m.id, m])),
);

/** -1, 0 or 1 as release `a` is older than, the same as, or newer than `b` (dotted numbers). */
export function compareReleases(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** At most `n` items named, then how many more. */
const listed = (items: readonly string[], n = 4) =>
  items.length <= n
    ? items.join(', ')
    : `${items.slice(0, n).join(', ')} and ${items.length - n} more`;

/** The moves of `placement` that cannot go live (or cold, with `cold`), each with why. */
export function compatibilityReasons(
  index: EstateIndex,
  placement: Placement,
  { cold = false }: { cold?: boolean } = {},
): CompatibilityReason[] {
  const models = cpuModelsOf(index);
  const out: CompatibilityReason[] = [];
  for (const m of resolveMoves(index, placement)) {
    const from = index.devices.get(m.fromHostId)?.platform;
    const to = index.devices.get(m.toHostId)?.platform;
    if (!from || !to) continue;
    const base = { vmId: m.vm.id, hostId: m.toHostId };
    if (from.hypervisor !== to.hypervisor) {
      if (cold && m.vm.state === 'stateless') continue;
      out.push({
        ...base,
        code: 'incompatible-hypervisor',
        message: `${m.vm.id} runs on ${from.hypervisor}; ${m.toHostId} runs ${to.hypervisor}: another hypervisor family can take it neither live nor cold (its disk would need converting; only a stateless VM is redeployed from its image)`,
      });
      continue;
    }
    if (cold) continue;
    if (compareReleases(to.hypervisorVersion, from.hypervisorVersion) < 0) {
      out.push({
        ...base,
        code: 'incompatible-hypervisor',
        message: `${m.toHostId} runs ${to.hypervisor} ${to.hypervisorVersion}, older than ${from.hypervisorVersion} on ${m.fromHostId}: a live migration goes to the same or a newer release`,
      });
      continue;
    }
    const guest: CpuModel | undefined = models.get(m.vm.cpuModel ?? from.cpuModel);
    const target = models.get(to.cpuModel);
    if (!guest || !target) continue;
    const has = new Set(target.features);
    const missing = guest.features.filter((f) => !has.has(f));
    if (missing.length)
      out.push({
        ...base,
        code: 'incompatible-cpu',
        message: `${m.toHostId}'s CPU (${target.name}) lacks ${listed(missing)}, which ${m.vm.id} uses (its CPU model ${guest.name}${m.vm.cpuModel ? '' : ', its host’s'})`,
      });
  }
  return out;
}
