/**
 * The demo's hosts and guest CPU models (R15): every site runs KVM (QEMU 7.2)
 * on Intel Cascade Lake, but Ashburn (iad1) runs AMD EPYC Milan. Guests see
 * their host's model unless they name one: Stark Media's and Wayne Logistics'
 * VMs run the x86-64-v3 baseline and go live anywhere; the others cannot cross
 * between Intel and AMD hosts live (Cascade Lake's AVX-512 is not on Milan,
 * Milan's sse4a is not on Cascade Lake). Feature lists are the x86-64 psABI
 * levels' flags as Linux names them.
 */
import type { Estate } from '../model/estate.ts';
import type { CpuModel } from '../model/platform.ts';

const V2 = ['cx16', 'lahf_lm', 'popcnt', 'pni', 'sse4_1', 'sse4_2', 'ssse3'];
const V3 = [...V2, 'avx', 'avx2', 'bmi1', 'bmi2', 'f16c', 'fma', 'abm', 'movbe', 'xsave'];
const V4 = [...V3, 'avx512f', 'avx512bw', 'avx512cd', 'avx512dq', 'avx512vl'];

export const DEMO_CPU_MODELS: CpuModel[] = [
  { id: 'cascadelake', name: 'Intel Xeon Cascade Lake', vendor: 'intel', features: [...V4, 'vmx'] },
  { id: 'epyc-milan', name: 'AMD EPYC Milan', vendor: 'amd', features: [...V3, 'sse4a', 'svm'] },
  { id: 'x86-64-v3', name: 'x86-64-v3 baseline', vendor: 'intel', features: V3 },
];

/** The sites on AMD hosts. */
const AMD_SITES = new Set(['iad1']);
/** Tenants whose VMs run the x86-64-v3 baseline model. */
const BASELINE_NETWORKS = /^(stark|wayne)-/;

/** Sets every host's platform and the baseline VMs' CPU model. */
export function applyDemoPlatforms(estate: Estate): void {
  estate.cpuModels = DEMO_CPU_MODELS.map((m) => ({ ...m, features: [...m.features] }));
  for (const d of estate.devices)
    if (d.role === 'host')
      d.platform = {
        hypervisor: 'kvm',
        hypervisorVersion: '7.2',
        cpuModel: AMD_SITES.has(d.siteId) ? 'epyc-milan' : 'cascadelake',
      };
  for (const vm of estate.vms) if (BASELINE_NETWORKS.test(vm.networkId)) vm.cpuModel = 'x86-64-v3';
}
