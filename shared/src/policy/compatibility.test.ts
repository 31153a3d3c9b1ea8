/**
 * Live-migration compatibility (R15). CPU feature sets are the x86-64 psABI
 * levels' flags (as Linux names them in /proc/cpuinfo): x86-64-v2 (cx16,
 * lahf_lm, popcnt, pni, sse4_1, sse4_2, ssse3), v3 adds avx, avx2, bmi1, bmi2,
 * f16c, fma, abm, movbe, xsave, v4 adds avx512f, avx512bw, avx512cd, avx512dq,
 * avx512vl. Cascade Lake (Intel) has all of v4; Milan (AMD Zen 3) has v3 and
 * no AVX-512, plus AMD's sse4a.
 */
import { describe, expect, it } from 'vitest';
import { indexEstate } from '../engine/estate-index.ts';
import { createImpactEngine } from '../impact/engine.ts';
import { previewMove } from '../impact/preview.ts';
import { hostIn, threeSites } from '../impact/three-sites.test-estate.ts';
import type { Estate } from '../model/estate.ts';
import type { HostPlatform } from '../model/platform.ts';
import { validateEstateReferences } from '../model/validate.ts';
import { proposeEvacuation } from '../planning/evacuate.ts';
import { admitPlacement } from './admission.ts';
import { compareReleases, compatibilityReasons } from './compatibility.ts';

const V2 = ['cx16', 'lahf_lm', 'popcnt', 'pni', 'sse4_1', 'sse4_2', 'ssse3'];
const V3 = [...V2, 'avx', 'avx2', 'bmi1', 'bmi2', 'f16c', 'fma', 'abm', 'movbe', 'xsave'];
const V4 = [...V3, 'avx512f', 'avx512bw', 'avx512cd', 'avx512dq', 'avx512vl'];

function estate(): Estate {
  const e = threeSites();
  e.cpuModels = [
    { id: 'cascadelake', name: 'Cascade Lake', vendor: 'intel', features: V4 },
    { id: 'milan', name: 'EPYC Milan', vendor: 'amd', features: [...V3, 'sse4a'] },
    { id: 'x86-64-v3', name: 'x86-64-v3', vendor: 'intel', features: V3 },
  ];
  const platform: Record<string, HostPlatform> = {
    [hostIn('a', 1)]: { hypervisor: 'kvm', hypervisorVersion: '7.2', cpuModel: 'cascadelake' },
    [hostIn('a', 2)]: { hypervisor: 'kvm', hypervisorVersion: '7.2.1', cpuModel: 'cascadelake' },
    [hostIn('b', 1)]: { hypervisor: 'kvm', hypervisorVersion: '8.2', cpuModel: 'milan' },
    [hostIn('b', 2)]: { hypervisor: 'kvm', hypervisorVersion: '8.2', cpuModel: 'milan' },
    [hostIn('c', 1)]: { hypervisor: 'kvm', hypervisorVersion: '6.2', cpuModel: 'cascadelake' },
    [hostIn('c', 2)]: { hypervisor: 'esxi', hypervisorVersion: '8.0', cpuModel: 'cascadelake' },
  };
  for (const d of e.devices) if (platform[d.id]) d.platform = platform[d.id];
  return e;
}

const reasons = (e: Estate, vmId: string, hostId: string) =>
  compatibilityReasons(indexEstate(e), new Map([[vmId, hostId]])).map((r) => [r.code, r.message]);

describe('live-migration compatibility (R15)', () => {
  it('lets a VM go to the same hypervisor, a newer release and a CPU with every feature it uses', () => {
    expect(reasons(estate(), 'x-ov', hostIn('a', 2))).toEqual([]);
  });

  it('refuses a CPU without the guest’s features, naming them: Cascade Lake’s AVX-512 on Milan', () => {
    expect(reasons(estate(), 'x-ov', hostIn('b', 1))).toEqual([
      [
        'incompatible-cpu',
        `${hostIn('b', 1)}'s CPU (EPYC Milan) lacks avx512f, avx512bw, avx512cd, avx512dq and 1 more, which x-ov uses (its CPU model Cascade Lake, its host’s)`,
      ],
    ]);
  });

  it('lets a guest on a baseline model (x86-64-v3) go to any CPU that has the baseline', () => {
    const e = estate();
    e.vms.find((v) => v.id === 'x-ov')!.cpuModel = 'x86-64-v3';
    expect(reasons(e, 'x-ov', hostIn('b', 1))).toEqual([]);
  });

  it('refuses an older release and another hypervisor family', () => {
    expect(reasons(estate(), 'x-ov', hostIn('c', 1))).toEqual([
      [
        'incompatible-hypervisor',
        `${hostIn('c', 1)} runs kvm 6.2, older than 7.2 on ${hostIn('a', 1)}: a live migration goes to the same or a newer release`,
      ],
    ]);
    expect(reasons(estate(), 'x-ov', hostIn('c', 2))).toEqual([
      [
        'incompatible-hypervisor',
        `x-ov runs on kvm; ${hostIn('c', 2)} runs esxi: another hypervisor family can take it neither live nor cold (its disk would need converting; only a stateless VM is redeployed from its image)`,
      ],
    ]);
  });

  it('checks nothing for a host without a platform', () => {
    const e = estate();
    delete e.devices.find((d) => d.id === hostIn('b', 1))!.platform;
    expect(reasons(e, 'x-ov', hostIn('b', 1))).toEqual([]);
  });

  it('compares releases part by part, a missing part as 0', () => {
    expect(compareReleases('7.2', '7.10')).toBe(-1);
    expect(compareReleases('8.0', '7.2.1')).toBe(1);
    expect(compareReleases('7.2', '7.2.0')).toBe(0);
  });

  it('is part of the admission rule: the preview blocks, evacuation looks elsewhere or says why', () => {
    const e = estate();
    const admission = admitPlacement(indexEstate(e), new Map([['x-ov', hostIn('b', 1)]]));
    expect(admission.reasons.map((r) => r.code)).toEqual(['incompatible-cpu']);
    const engine = createImpactEngine(e);
    const r = previewMove(engine, {
      vmIds: ['x-ov'],
      target: { kind: 'host', hostId: hostIn('b', 1) },
      strategy: 'best',
    });
    expect(r.ok && r.report.feasible).toBe(false);
    expect(r.ok && r.report.blocking.map((b) => b.code)).toContain('incompatible-cpu');
    // Draining a: b lacks AVX-512, c.h1 is older, c.h2 is ESXi: no place for any VM. Each VM
    // says why its nearest candidate refused it: c.h1, beside its peer y (an older release).
    const drain = proposeEvacuation(engine, { source: { kind: 'site', siteId: 'a' } });
    expect(drain.ok && drain.proposal.moves).toEqual([]);
    expect(
      drain.ok &&
        drain.proposal.unplaced.map((u) => [u.vmId, u.reasons[0]!.code, u.reasons[0]!.message]),
    ).toEqual(
      ['x-ag', 'x-ov', 'x-rn', 'x-vl'].map((id) => [
        id,
        'incompatible-hypervisor',
        `${hostIn('c', 1)} runs kvm 6.2, older than 7.2 on ${hostIn('a', 1)}: a live migration goes to the same or a newer release`,
      ]),
    );
  });

  it('validates the CPU models named by hosts and VMs', () => {
    const e = estate();
    e.devices.find((d) => d.id === hostIn('a', 1))!.platform!.cpuModel = 'skylake';
    e.vms.find((v) => v.id === 'y')!.cpuModel = 'power9';
    const issues = validateEstateReferences(e).map((i) => i.message);
    expect(issues).toContain('unknown CPU model "skylake"');
    expect(issues).toContain('unknown CPU model "power9"');
  });
});
