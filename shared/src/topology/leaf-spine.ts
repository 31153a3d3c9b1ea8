/** Two-tier leaf-spine Clos: every leaf connects to every spine; hosts hang off leaves (R2). */
import {
  FabricBuilder,
  FABRIC_DEFAULTS,
  indexedHostIpv4,
  indexedSwitchIpv4,
  intParam,
  type Fabric,
  type ParamRange,
} from './fabric.ts';

export const leafSpineDefaults = {
  /** Spine switches. */
  spines: 4,
  /** Leaf (top-of-rack) switches. */
  leaves: 8,
  /** Hosts under each leaf. */
  hostsPerLeaf: 8,
} as const;

/** At the top of all three, 1024 × 256 = 262,144 hosts: MAX_GENERATED_HOSTS exactly. */
export const leafSpineRanges: Readonly<Record<keyof typeof leafSpineDefaults, ParamRange>> = {
  spines: { min: 1, max: 256 },
  leaves: { min: 1, max: 1024 },
  hostsPerLeaf: { min: 1, max: 256 },
};

export function buildLeafSpine(
  siteId: string,
  params: Readonly<Record<string, number>> = {},
): Fabric {
  const spines = intParam(params, 'spines', leafSpineDefaults.spines, leafSpineRanges.spines);
  const leaves = intParam(params, 'leaves', leafSpineDefaults.leaves, leafSpineRanges.leaves);
  const hostsPerLeaf = intParam(
    params,
    'hostsPerLeaf',
    leafSpineDefaults.hostsPerLeaf,
    leafSpineRanges.hostsPerLeaf,
  );
  const b = new FabricBuilder(siteId);
  let hostIndex = 0;
  const spineIds = Array.from({ length: spines }, (_, s) =>
    b.device({ id: `spine-${s + 1}`, role: 'spine', ipv4: indexedSwitchIpv4(255, s) }),
  );
  for (let l = 0; l < leaves; l++) {
    const leaf = b.device({
      id: `leaf-${l + 1}`,
      role: 'leaf',
      pod: l,
      ipv4: indexedSwitchIpv4(254, l),
    });
    for (const spine of spineIds) b.link(leaf, spine, FABRIC_DEFAULTS.fabricLinkGbps);
    for (let h = 0; h < hostsPerLeaf; h++) {
      const host = b.device({
        id: `leaf-${l + 1}-h${h + 1}`,
        role: 'host',
        pod: l,
        ipv4: indexedHostIpv4(hostIndex++),
      });
      b.link(host, leaf, FABRIC_DEFAULTS.hostLinkGbps);
    }
  }
  return b.build(spineIds);
}
