// A placement that moves nothing changes nothing, in every check (R16, R17, R20).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smallEstate, smallVmSpecs } from '../addressing/test-estate.ts';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { indexEstate, type EstateIndex } from '../engine/estate-index.ts';
import { hostCapacityAfter, siteLoad } from './capacity.ts';
import { checkFlowPolicies } from './flow-policies.ts';
import { checkPlacement } from './placement-rules.ts';
import type { Placement } from './placement.ts';
import { switchTableChanges } from './switch-tables.ts';

function expectNoChange(index: EstateIndex, placement: Placement) {
  expect(checkFlowPolicies(index, placement)).toEqual([]);
  expect(checkPlacement(index, placement)).toEqual([]);
  expect(hostCapacityAfter(index, placement)).toEqual([]);
  expect(switchTableChanges(index, placement)).toEqual([]);
  for (const site of index.estate.sites) {
    const load = siteLoad(index, site.id, placement);
    expect(load.after).toEqual(load.before);
  }
}

describe('a placement that moves nothing', () => {
  it('changes nothing on random small estates: empty, or every VM onto its own host', () => {
    fc.assert(
      fc.property(smallVmSpecs, fc.boolean(), (specs, identity) => {
        const index = indexEstate(smallEstate(specs));
        const placement = identity
          ? new Map(index.estate.vms.map((vm) => [vm.id, vm.hostId]))
          : new Map<string, string>();
        expectNoChange(index, placement);
      }),
    );
  });

  it('changes nothing on the demo estate, whose rules are partly broken already', () => {
    const index = indexEstate(buildDemoEstate());
    expectNoChange(index, new Map());
    expectNoChange(index, new Map(index.estate.vms.map((vm) => [vm.id, vm.hostId])));
  });
});
