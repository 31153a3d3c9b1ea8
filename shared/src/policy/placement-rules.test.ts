// R16, R17: region, private-only, affinity and anti-affinity rules with a move applied.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { indexEstate } from '../engine/estate-index.ts';
import { checkPlacement } from './placement-rules.ts';
import type { Placement } from './placement.ts';

const estate = buildDemoEstate();
const demo = indexEstate(estate);
const hosts = estate.devices.filter((d) => d.role === 'host').map((d) => d.id);
const hostOf = (vmId: string) => demo.vms.get(vmId)!.hostId;
const site = (hostId: string) => demo.sites.get(demo.devices.get(hostId)!.siteId)!;

/** Every rule evaluated on the whole estate after the move, keeping violations that involve a moved VM. */
function bruteForce(placement: Placement): string[] {
  const after = (vmId: string) => placement.get(vmId) ?? hostOf(vmId);
  const moved = (vmId: string) => after(vmId) !== hostOf(vmId);
  const out: string[] = [];
  for (const rule of estate.policies.placementRules) {
    const ids = rule.vmIds;
    if (rule.kind === 'region' || rule.kind === 'private-only') {
      const bad = ids.filter((id) => {
        const s = site(after(id));
        return (
          moved(id) &&
          (rule.kind === 'region' ? !rule.regions.includes(s.region) : s.ownership === 'public')
        );
      });
      if (bad.length) out.push(`${rule.id}:${bad.sort().join(',')}`);
    } else if (rule.kind === 'affinity') {
      if (ids.some(moved) && new Set(ids.map((id) => site(after(id)).id)).size > 1)
        out.push(`${rule.id}:${[...ids].sort().join(',')}`);
    } else {
      for (const h of new Set(ids.map(after))) {
        const group = ids.filter((id) => after(id) === h);
        if (group.length > 1 && group.some(moved)) out.push(`${rule.id}:${group.sort().join(',')}`);
      }
    }
  }
  return out.sort();
}

const ruleVms = [...new Set(estate.policies.placementRules.flatMap((r) => r.vmIds))];

describe('checkPlacement', () => {
  it('flags an Umbrella VM moved to the public DC as breaking private-only', () => {
    expect(checkPlacement(demo, new Map([['umbrella-ehr-ehr-01', 'dub-cloud.leaf-1-h1']]))).toEqual(
      [
        {
          ruleId: 'pl-health-private',
          kind: 'private-only',
          vmIds: ['umbrella-ehr-ehr-01'],
          preExisting: false,
          message:
            'Rule “Health records stay in private DCs” (private DCs only): umbrella-ehr-ehr-01 would run in Public cloud Dublin (dub-cloud), a public DC',
        },
      ],
    );
  });

  it('marks a violation the VM already had as pre-existing', () => {
    const [v] = checkPlacement(demo, new Map([['umbrella-ehr-ehr-04', 'dub-cloud.leaf-1-h1']]));
    expect(v).toMatchObject({ ruleId: 'pl-health-private', preExisting: true });
  });

  it('flags a Globex VM moved to iad1 as leaving its regions', () => {
    expect(checkPlacement(demo, new Map([['globex-core-api-02', 'iad1.leaf-1-h1']]))).toMatchObject(
      [
        {
          ruleId: 'pl-bank-eu',
          kind: 'region',
          vmIds: ['globex-core-api-02'],
          preExisting: false,
          message:
            'Rule “Bank data stays in Frankfurt and London” (regions eu-central-1, eu-west-2): globex-core-api-02 would run in Ashburn IAD1 (iad1), region us-east-1',
        },
      ],
    );
  });

  it('names a rule without a description by its id', () => {
    const plain = {
      ...estate,
      policies: {
        ...estate.policies,
        placementRules: estate.policies.placementRules.map((r) => ({
          ...r,
          description: undefined,
        })),
      },
    };
    expect(
      checkPlacement(indexEstate(plain), new Map([['globex-core-api-02', 'iad1.leaf-1-h1']]))[0]
        ?.message,
    ).toBe(
      'Rule pl-bank-eu (regions eu-central-1, eu-west-2): globex-core-api-02 would run in Ashburn IAD1 (iad1), region us-east-1',
    );
  });

  it('flags one ledger DB moved onto the other one’s host as breaking anti-affinity', () => {
    const [a, b] = estate.policies.placementRules.find((r) => r.id === 'pl-ledger-db-apart')!.vmIds;
    expect(checkPlacement(demo, new Map([[a!, hostOf(b!)]]))).toMatchObject([
      {
        ruleId: 'pl-ledger-db-apart',
        kind: 'anti-affinity',
        vmIds: [a, b],
        preExisting: false,
        message: `Rule “Ledger databases on separate hosts” (different hosts): ${a}, ${b} would share host ${hostOf(b!)}`,
      },
    ]);
    // Both moved to one new host: still a clash, found without the host having held either.
    const spare = 'fra1.acc-1-h1';
    expect(
      checkPlacement(
        demo,
        new Map([
          [a!, spare],
          [b!, spare],
        ]),
      ),
    ).toMatchObject([{ ruleId: 'pl-ledger-db-apart', vmIds: [a, b] }]);
  });

  it('treats affinity as one site: moving the ERP app next to its database fixes the demo rule', () => {
    const app = 'acme-legacy-erp-01';
    const db = 'acme-legacy-erp-db-02';
    expect(site(hostOf(app)).id).not.toBe(site(hostOf(db)).id);
    expect(checkPlacement(demo, new Map([[app, hostOf(db)]]))).toEqual([]);
    const sameSite = estate.devices.find(
      (d) => d.role === 'host' && d.siteId === site(hostOf(app)).id && d.id !== hostOf(app),
    )!;
    expect(checkPlacement(demo, new Map([[app, sameSite.id]]))).toMatchObject([
      { ruleId: 'pl-erp-together', kind: 'affinity', vmIds: [app, db], preExisting: true },
    ]);
  });

  it('ignores moves of VMs no rule names, unknown VMs and unknown hosts', () => {
    expect(checkPlacement(demo, new Map([['acme-web-web-01', 'dub-cloud.leaf-1-h1']]))).toEqual([]);
    expect(
      checkPlacement(
        demo,
        new Map([
          ['nope', 'dub-cloud.leaf-1-h1'],
          ['umbrella-ehr-ehr-01', 'nope'],
        ]),
      ),
    ).toEqual([]);
  });

  it('equals a whole-estate evaluation of every rule (random moves of rule VMs)', () => {
    const move = fc.tuple(fc.constantFrom(...ruleVms), fc.constantFrom(...hosts));
    fc.assert(
      fc.property(fc.array(move, { maxLength: 4 }), (moves) => {
        const placement = new Map(moves);
        const got = checkPlacement(demo, placement).map(
          (v) => `${v.ruleId}:${[...v.vmIds].sort().join(',')}`,
        );
        expect(got.sort()).toEqual(bruteForce(placement));
      }),
      { numRuns: 200 },
    );
  });
});
