// R17: a move re-checks every flow of the moved VMs against the firewall.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { indexEstate } from '../engine/estate-index.ts';
import { evaluateFirewall, type FlowEnd } from './firewall.ts';
import { checkFlowPolicies } from './flow-policies.ts';
import type { Placement } from './placement.ts';

const estate = buildDemoEstate();
const demo = indexEstate(estate);
const hosts = estate.devices.filter((d) => d.role === 'host').map((d) => d.id);
const siteOf = (hostId: string) => demo.devices.get(hostId)!.siteId;

/** Every flow of the estate evaluated from scratch, before and after. */
function bruteForce(placement: Placement) {
  const end = (vmId: string, after: boolean): FlowEnd => {
    const v = demo.vms.get(vmId)!;
    const host = after ? (placement.get(vmId) ?? v.hostId) : v.hostId;
    return { kind: 'vm', tenantId: v.tenantId, networkId: v.networkId, siteId: siteOf(host) };
  };
  const out: string[] = [];
  for (const f of estate.flows) {
    const verdict = (after: boolean) => {
      const to: FlowEnd =
        f.dst.kind === 'vm' ? end(f.dst.vmId, after) : { kind: 'external', prefix: f.dst.prefix };
      return evaluateFirewall(demo, end(f.src, after), to, f.port);
    };
    const [b, a] = [verdict(false), verdict(true)];
    if (b.action !== a.action) out.push(`${f.id}:${b.action}->${a.action}`);
  }
  return out.sort();
}

describe('checkFlowPolicies', () => {
  it('shows the Umbrella VM moved to the public DC cutting its flows to Umbrella peers', () => {
    const vmId = 'umbrella-ehr-ehr-01';
    const placement = new Map([[vmId, 'dub-cloud.leaf-1-h1']]);
    const changes = checkFlowPolicies(demo, placement);
    const outgoing = demo.flowsByVm.get(vmId)!.filter((f) => f.src === vmId);
    expect(outgoing.length).toBeGreaterThan(0);
    for (const f of outgoing)
      expect(changes).toContainEqual({
        flowId: f.id,
        before: { action: 'allow', ruleId: 'fw-default' },
        after: { action: 'deny', ruleId: 'fw-public-to-health' },
      });
  });

  it('shows the reverse move opening the flows again', () => {
    const vmId = 'umbrella-ehr-ehr-04';
    expect(siteOf(demo.vms.get(vmId)!.hostId)).toBe('dub-cloud');
    const changes = checkFlowPolicies(demo, new Map([[vmId, 'lon1.leaf-1-h1']]));
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) expect([c.before.action, c.after.action]).toEqual(['deny', 'allow']);
  });

  it('reports nothing for a move inside a site', () => {
    expect(checkFlowPolicies(demo, new Map([['umbrella-ehr-ehr-01', 'lon1.leaf-1-h1']]))).toEqual(
      [],
    );
  });

  it('equals a from-scratch evaluation of every flow of the estate (random moves)', () => {
    const move = fc.tuple(
      fc.constantFrom(...estate.vms.map((v) => v.id)),
      fc.constantFrom(...hosts),
    );
    fc.assert(
      fc.property(fc.array(move, { maxLength: 4 }), (moves) => {
        const placement = new Map(moves);
        const got = checkFlowPolicies(demo, placement)
          .map((c) => `${c.flowId}:${c.before.action}->${c.after.action}`)
          .sort();
        expect(got).toEqual(bruteForce(placement));
        expect(new Set(got).size).toBe(got.length);
      }),
      { numRuns: 60 },
    );
  });
});
