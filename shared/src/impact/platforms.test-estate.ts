/**
 * The three-site test estate with platforms (R15), for the cold migration
 * tests: a.h1 and a.h2 run KVM 7.2 on Cascade Lake (AVX-512), b's hosts KVM
 * 8.2 on EPYC Milan (no AVX-512), c.h1 KVM 6.2, c.h2 ESXi. x-ov has a local
 * 100 GiB disk (every host has room for it), and whatever `vm` says.
 */
import type { Estate } from '../model/estate.ts';
import type { HostPlatform } from '../model/platform.ts';
import type { Vm } from '../model/vm.ts';
import { hostIn, threeSites } from './three-sites.test-estate.ts';

const V3 = ['avx', 'avx2', 'bmi1', 'bmi2', 'fma', 'sse4_2'];
const V4 = [...V3, 'avx512f', 'avx512bw'];

export function platformEstate(vm: Partial<Vm> = {}): Estate {
  const e = threeSites();
  e.cpuModels = [
    { id: 'cascadelake', name: 'Cascade Lake', vendor: 'intel', features: V4 },
    { id: 'milan', name: 'EPYC Milan', vendor: 'amd', features: [...V3, 'sse4a'] },
  ];
  const platform: Record<string, HostPlatform> = {
    [hostIn('a', 1)]: { hypervisor: 'kvm', hypervisorVersion: '7.2', cpuModel: 'cascadelake' },
    [hostIn('a', 2)]: { hypervisor: 'kvm', hypervisorVersion: '7.2', cpuModel: 'cascadelake' },
    [hostIn('b', 1)]: { hypervisor: 'kvm', hypervisorVersion: '8.2', cpuModel: 'milan' },
    [hostIn('b', 2)]: { hypervisor: 'kvm', hypervisorVersion: '8.2', cpuModel: 'milan' },
    [hostIn('c', 1)]: { hypervisor: 'kvm', hypervisorVersion: '6.2', cpuModel: 'cascadelake' },
    [hostIn('c', 2)]: { hypervisor: 'esxi', hypervisorVersion: '8.0', cpuModel: 'cascadelake' },
  };
  for (const d of e.devices) if (platform[d.id]) d.platform = platform[d.id];
  const x = e.vms.find((v) => v.id === 'x-ov')!;
  Object.assign(x, { disk: { kind: 'local', sizeGiB: 100 } }, vm);
  for (const d of e.devices) if (d.capacity) d.capacity.diskGiB = 1000;
  return e;
}
