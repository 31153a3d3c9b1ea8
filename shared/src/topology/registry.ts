/**
 * The topology generators, as a registry with documented defaults (STYLE.md
 * practice 10): `{ name, description, defaults, build }`.
 */
import type { GeneratedTopologyKind } from '../model/site.ts';
import { bcubeDefaults, bcubeRanges, buildBCube } from './bcube.ts';
import { TopologyParamError, type Fabric, type ParamRange } from './fabric.ts';
import { buildFatTree, fatTreeDefaults, fatTreeRanges } from './fat-tree.ts';
import { buildLeafSpine, leafSpineDefaults, leafSpineRanges } from './leaf-spine.ts';
import { buildThreeTier, threeTierDefaults, threeTierRanges } from './three-tier.ts';

export interface TopologyGenerator {
  name: GeneratedTopologyKind;
  description: string;
  /** Every parameter with its default; each is documented where it is defined. */
  defaults: Readonly<Record<string, number>>;
  /** Every parameter's accepted values; some generators also bound their product (MAX_GENERATED_HOSTS). */
  ranges: Readonly<Record<string, ParamRange>>;
  build(siteId: string, params?: Readonly<Record<string, number>>): Fabric;
}

export const topologyGenerators: Readonly<Record<GeneratedTopologyKind, TopologyGenerator>> = {
  'three-tier': {
    name: 'three-tier',
    description: 'core / aggregation / access, access dual-homed to an aggregation pair',
    defaults: threeTierDefaults,
    ranges: threeTierRanges,
    build: buildThreeTier,
  },
  'fat-tree': {
    name: 'fat-tree',
    description: 'k-ary fat-tree (Al-Fares et al., SIGCOMM 2008)',
    defaults: fatTreeDefaults,
    ranges: fatTreeRanges,
    build: buildFatTree,
  },
  'leaf-spine': {
    name: 'leaf-spine',
    description: 'two-tier Clos, every leaf to every spine',
    defaults: leafSpineDefaults,
    ranges: leafSpineRanges,
    build: buildLeafSpine,
  },
  bcube: {
    name: 'bcube',
    description: 'BCube(n,k) server-centric network (Guo et al., SIGCOMM 2009)',
    defaults: bcubeDefaults,
    ranges: bcubeRanges,
    build: buildBCube,
  },
};

/** The parameters a generator will use: its defaults overlaid with the given ones (unknown names rejected). */
export function resolveTopologyParams(
  kind: GeneratedTopologyKind,
  params: Readonly<Record<string, number>> = {},
): Record<string, number> {
  const defaults = topologyGenerators[kind].defaults;
  for (const name of Object.keys(params))
    if (!(name in defaults))
      throw new TopologyParamError(
        name,
        `${kind} has no parameter "${name}" (it has ${Object.keys(defaults).join(', ')})`,
      );
  return { ...defaults, ...params };
}
