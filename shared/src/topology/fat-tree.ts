/**
 * k-ary fat-tree of Al-Fares, Loukissas and Vahdat, "A Scalable, Commodity
 * Data Center Network Architecture" (SIGCOMM 2008) (R2).
 *
 * k pods, each with k/2 edge and k/2 aggregation switches; (k/2)^2 cores;
 * k^3/4 hosts; every switch has exactly k ports. Addresses follow section 3.3:
 * pod switch 10.pod.switch.1 (edge switches 0..k/2-1, aggregation k/2..k-1),
 * core 10.k.j.i (j, i in 1..k/2), host 10.pod.switch.ID (ID in 2..k/2+1).
 */
import {
  FabricBuilder,
  FABRIC_DEFAULTS,
  intParam,
  TopologyParamError,
  type Fabric,
  type ParamRange,
} from './fabric.ts';

export const fatTreeDefaults = {
  /** Switch port count; even, from 2 to 100. */
  k: 4,
} as const;

/** k = 100 is 250,000 hosts, the largest even k within MAX_GENERATED_HOSTS (the addressing alone would allow 254). */
export const fatTreeRanges: Readonly<Record<keyof typeof fatTreeDefaults, ParamRange>> = {
  k: { min: 2, max: 100 },
};

export function buildFatTree(
  siteId: string,
  params: Readonly<Record<string, number>> = {},
): Fabric {
  const k = intParam(params, 'k', fatTreeDefaults.k, fatTreeRanges.k);
  if (k % 2 !== 0) throw new TopologyParamError('k', `k must be even, got ${k}`);
  const half = k / 2;
  const b = new FabricBuilder(siteId);
  const { hostLinkGbps, fabricLinkGbps } = FABRIC_DEFAULTS;

  const cores: string[][] = [];
  for (let j = 1; j <= half; j++) {
    const row: string[] = [];
    for (let i = 1; i <= half; i++)
      row.push(b.device({ id: `core-${j}-${i}`, role: 'core', ipv4: `10.${k}.${j}.${i}` }));
    cores.push(row);
  }

  for (let pod = 0; pod < k; pod++) {
    const aggs: string[] = [];
    for (let a = 0; a < half; a++) {
      const sw = half + a;
      const agg = b.device({
        id: `p${pod}-agg-${a}`,
        role: 'aggregation',
        pod,
        ipv4: `10.${pod}.${sw}.1`,
      });
      aggs.push(agg);
      // Aggregation switch a of every pod connects to core row a+1: k/2 uplinks.
      for (const core of cores[a]!) b.link(agg, core, fabricLinkGbps);
    }
    for (let e = 0; e < half; e++) {
      const edge = b.device({
        id: `p${pod}-edge-${e}`,
        role: 'edge',
        pod,
        ipv4: `10.${pod}.${e}.1`,
      });
      for (const agg of aggs) b.link(edge, agg, fabricLinkGbps);
      for (let h = 2; h <= half + 1; h++) {
        const host = b.device({
          id: `p${pod}-e${e}-h${h}`,
          role: 'host',
          pod,
          ipv4: `10.${pod}.${e}.${h}`,
        });
        b.link(host, edge, hostLinkGbps);
      }
    }
  }
  return b.build(cores.flat());
}
