/**
 * Every generator at the bottom and the top of its documented range (docs/cli.md,
 * `vmmi generate --help`), its counts against the papers' formulas:
 * fat-tree (Al-Fares, Loukissas, Vahdat, SIGCOMM 2008): k³/4 hosts, 5k²/4 switches,
 * 3k³/4 links; BCube(n,k) (Guo et al., SIGCOMM 2009): n^(k+1) servers, (k+1)·n^k
 * switches, (k+1)·n^(k+1) links; leaf-spine: l·h hosts, s+l switches, s·l + l·h links;
 * three-tier: a·x·h hosts, c + a + a·x switches, a·c + 2·a·x + a·x·h links.
 */
import { describe, expect, it } from 'vitest';
import { estateStats } from '../graph/stats.ts';
import type { GeneratedTopologyKind } from '../model/site.ts';
import { MAX_GENERATED_HOSTS } from './fabric.ts';
import { buildSingleSiteEstate } from './multi-site.ts';
import { topologyGenerators } from './registry.ts';

interface Counts {
  hosts: number;
  switches: number;
  links: number;
}

const fatTree = (k: number): Counts => ({
  hosts: k ** 3 / 4,
  switches: (5 * k * k) / 4,
  links: (3 * k ** 3) / 4,
});
const bcube = (n: number, k: number): Counts => ({
  hosts: n ** (k + 1),
  switches: (k + 1) * n ** k,
  links: (k + 1) * n ** (k + 1),
});
const leafSpine = (s: number, l: number, h: number): Counts => ({
  hosts: l * h,
  switches: s + l,
  links: s * l + l * h,
});
const threeTier = (c: number, a: number, x: number, h: number): Counts => ({
  hosts: a * x * h,
  switches: c + a + a * x,
  links: a * c + 2 * a * x + a * x * h,
});

function countsOf(kind: GeneratedTopologyKind, params: Record<string, number>): Counts {
  const { hosts, switches, links } = estateStats(buildSingleSiteEstate(kind, params));
  return { hosts, switches, links };
}

type Case = [GeneratedTopologyKind, Record<string, number>, Counts];

const BOTTOMS: Case[] = [
  ['fat-tree', { k: 2 }, fatTree(2)],
  ['bcube', { n: 2, k: 0 }, bcube(2, 0)],
  ['leaf-spine', { spines: 1, leaves: 1, hostsPerLeaf: 1 }, leafSpine(1, 1, 1)],
  [
    'three-tier',
    { cores: 1, aggregations: 2, accessPerAggregation: 1, hostsPerAccess: 1 },
    threeTier(1, 2, 1, 1),
  ],
];

/** Each range's top; where parameters are bounded together, the largest site within the host limit. */
const TOPS: Case[] = [
  ['fat-tree', { k: 100 }, fatTree(100)],
  ['bcube', { n: 64, k: 2 }, bcube(64, 2)],
  ['bcube', { n: 12, k: 4 }, bcube(12, 4)],
  ['leaf-spine', { spines: 256, leaves: 1024, hostsPerLeaf: 256 }, leafSpine(256, 1024, 256)],
  [
    'three-tier',
    { cores: 64, aggregations: 256, accessPerAggregation: 64, hostsPerAccess: 16 },
    threeTier(64, 256, 64, 16),
  ],
  [
    'three-tier',
    { cores: 64, aggregations: 256, accessPerAggregation: 4, hostsPerAccess: 256 },
    threeTier(64, 256, 4, 256),
  ],
];

describe('generators across their documented ranges', () => {
  it('the ranges tested are the registry’s', () => {
    expect(topologyGenerators['fat-tree'].ranges).toEqual({ k: { min: 2, max: 100 } });
    expect(topologyGenerators.bcube.ranges).toEqual({
      n: { min: 2, max: 64 },
      k: { min: 0, max: 4 },
    });
    expect(topologyGenerators['leaf-spine'].ranges).toEqual({
      spines: { min: 1, max: 256 },
      leaves: { min: 1, max: 1024 },
      hostsPerLeaf: { min: 1, max: 256 },
    });
    expect(topologyGenerators['three-tier'].ranges).toEqual({
      cores: { min: 1, max: 64 },
      aggregations: { min: 2, max: 256 },
      accessPerAggregation: { min: 1, max: 64 },
      hostsPerAccess: { min: 1, max: 256 },
    });
    for (const [, , counts] of TOPS) expect(counts.hosts).toBeLessThanOrEqual(MAX_GENERATED_HOSTS);
  });

  it.each(BOTTOMS)('%s at the bottom, %o', (kind, params, expected) => {
    expect(countsOf(kind, params)).toEqual(expected);
  });

  // The tops are large (up to 1.2 million links each, about 20 s together here): one test, a long timeout.
  it('every generator at the top of its range', { timeout: 600_000 }, () => {
    for (const [kind, params, expected] of TOPS)
      expect(countsOf(kind, params), `${kind} ${JSON.stringify(params)}`).toEqual(expected);
  });

  it('refuses one step past each top', () => {
    expect(() => buildSingleSiteEstate('fat-tree', { k: 102 })).toThrow(
      /k must be an integer from 2 to 100/,
    );
    expect(() => buildSingleSiteEstate('bcube', { n: 64, k: 3 })).toThrow(/limit is 262,144/);
    expect(() => buildSingleSiteEstate('bcube', { n: 13, k: 4 })).toThrow(/limit is 262,144/);
    expect(() => buildSingleSiteEstate('leaf-spine', { leaves: 1025 })).toThrow(/leaves/);
    expect(() =>
      buildSingleSiteEstate('three-tier', {
        aggregations: 256,
        accessPerAggregation: 64,
        hostsPerAccess: 17,
      }),
    ).toThrow(/limit is 262,144/);
  });
});
