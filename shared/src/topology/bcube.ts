/**
 * BCube(n, k) of Guo et al., "BCube: A High Performance, Server-centric Network
 * Architecture for Modular Data Centers" (SIGCOMM 2009) (R2).
 *
 * n^(k+1) servers addressed by k+1 base-n digits a_k..a_0; k+1 levels of n^k
 * n-port switches; the level-l switch <s> connects the n servers whose digits
 * other than a_l spell s. Every server has k+1 ports, every switch n.
 * Server i gets the i-th address of the host plan (indexedHostIpv4: 10.0.1.1
 * upwards, never a network or broadcast address).
 */
import {
  FabricBuilder,
  FABRIC_DEFAULTS,
  indexedHostIpv4,
  checkGeneratedHosts,
  intParam,
  type Fabric,
  type ParamRange,
} from './fabric.ts';

export const bcubeDefaults = {
  /** Switch port count (servers per level-0 switch). */
  n: 4,
  /** Highest level; a BCube_k has k+1 levels. */
  k: 1,
} as const;

/** Together bounded by MAX_GENERATED_HOSTS: n^(k+1) servers (n = 64 takes k <= 2, k = 4 takes n <= 12). */
export const bcubeRanges: Readonly<Record<keyof typeof bcubeDefaults, ParamRange>> = {
  n: { min: 2, max: 64 },
  k: { min: 0, max: 4 },
};

export function bcubeDigits(index: number, n: number, k: number): number[] {
  const digits: number[] = [];
  let v = index;
  for (let l = 0; l <= k; l++) {
    digits.push(v % n);
    v = Math.floor(v / n);
  }
  return digits; // digits[l] is a_l
}

export function buildBCube(siteId: string, params: Readonly<Record<string, number>> = {}): Fabric {
  const n = intParam(params, 'n', bcubeDefaults.n, bcubeRanges.n);
  const k = intParam(params, 'k', bcubeDefaults.k, bcubeRanges.k);
  const servers = n ** (k + 1);
  checkGeneratedHosts(`BCube(${n},${k})`, servers);
  const b = new FabricBuilder(siteId);
  const switchesPerLevel = n ** k;

  const switchIds: string[][] = [];
  for (let l = 0; l <= k; l++) {
    const level: string[] = [];
    for (let s = 0; s < switchesPerLevel; s++)
      level.push(b.device({ id: `l${l}-sw-${s}`, role: 'bcube-switch', level: l }));
    switchIds.push(level);
  }
  for (let i = 0; i < servers; i++) {
    const digits = bcubeDigits(i, n, k);
    const host = b.device({
      id: `srv-${[...digits].reverse().join('')}`,
      role: 'host',
      level: 0,
      ipv4: indexedHostIpv4(i),
    });
    for (let l = 0; l <= k; l++) {
      // The switch index is the server's digits with a_l removed, read as a base-n number.
      let s = 0;
      for (let d = k; d >= 0; d--) if (d !== l) s = s * n + digits[d]!;
      b.link(host, switchIds[l]![s]!, FABRIC_DEFAULTS.hostLinkGbps);
    }
  }
  return b.build(switchIds[k]!);
}
