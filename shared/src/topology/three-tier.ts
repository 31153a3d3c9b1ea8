/**
 * Traditional three-tier DC network: core, aggregation and access layers (R2).
 * Aggregation switches come in pairs; every access switch is dual-homed to
 * both switches of its pair (the usual design for redundancy), and every
 * aggregation switch connects to every core.
 */
import {
  FabricBuilder,
  FABRIC_DEFAULTS,
  indexedHostIpv4,
  indexedSwitchIpv4,
  checkGeneratedHosts,
  intParam,
  TopologyParamError,
  type Fabric,
  type ParamRange,
} from './fabric.ts';

export const threeTierDefaults = {
  /** Core switches. */
  cores: 2,
  /** Aggregation switches; even, since they come in pairs. */
  aggregations: 4,
  /** Access switches per aggregation switch (each dual-homed to the pair). */
  accessPerAggregation: 2,
  /** Hosts under each access switch. */
  hostsPerAccess: 8,
} as const;

/** Together bounded by MAX_GENERATED_HOSTS: aggregations × accessPerAggregation × hostsPerAccess hosts. */
export const threeTierRanges: Readonly<Record<keyof typeof threeTierDefaults, ParamRange>> = {
  cores: { min: 1, max: 64 },
  aggregations: { min: 2, max: 256 },
  accessPerAggregation: { min: 1, max: 64 },
  hostsPerAccess: { min: 1, max: 256 },
};

export function buildThreeTier(
  siteId: string,
  params: Readonly<Record<string, number>> = {},
): Fabric {
  const cores = intParam(params, 'cores', threeTierDefaults.cores, threeTierRanges.cores);
  const aggregations = intParam(
    params,
    'aggregations',
    threeTierDefaults.aggregations,
    threeTierRanges.aggregations,
  );
  if (aggregations % 2 !== 0)
    throw new TopologyParamError('aggregations', `aggregations must be even, got ${aggregations}`);
  const accessPerAgg = intParam(
    params,
    'accessPerAggregation',
    threeTierDefaults.accessPerAggregation,
    threeTierRanges.accessPerAggregation,
  );
  const hostsPerAccess = intParam(
    params,
    'hostsPerAccess',
    threeTierDefaults.hostsPerAccess,
    threeTierRanges.hostsPerAccess,
  );
  checkGeneratedHosts(
    `three-tier(${aggregations}×${accessPerAgg}×${hostsPerAccess})`,
    aggregations * accessPerAgg * hostsPerAccess,
  );
  const b = new FabricBuilder(siteId);
  let hostIndex = 0;
  const { fabricLinkGbps, hostLinkGbps } = FABRIC_DEFAULTS;

  const coreIds = Array.from({ length: cores }, (_, c) =>
    b.device({ id: `core-${c + 1}`, role: 'core', ipv4: `10.255.255.${c + 1}` }),
  );
  let access = 0;
  for (let pair = 0; pair < aggregations / 2; pair++) {
    const aggs = [0, 1].map((side) =>
      b.device({
        id: `agg-${pair * 2 + side + 1}`,
        role: 'aggregation',
        pod: pair,
        ipv4: `10.255.${pair}.${side + 1}`,
      }),
    );
    for (const agg of aggs) for (const core of coreIds) b.link(agg, core, fabricLinkGbps);
    for (let a = 0; a < accessPerAgg * 2; a++) {
      access++;
      const acc = b.device({
        id: `acc-${access}`,
        role: 'access',
        pod: pair,
        ipv4: indexedSwitchIpv4(254, access - 1),
      });
      for (const agg of aggs) b.link(acc, agg, fabricLinkGbps);
      for (let h = 0; h < hostsPerAccess; h++) {
        const host = b.device({
          id: `acc-${access}-h${h + 1}`,
          role: 'host',
          pod: pair,
          ipv4: indexedHostIpv4(hostIndex++),
        });
        b.link(host, acc, hostLinkGbps);
      }
    }
  }
  return b.build(coreIds);
}
