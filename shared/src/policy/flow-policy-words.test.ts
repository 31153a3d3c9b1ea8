// R17: a firewall warning names the VMs, the peer and the rule as the estate names them.
// Expected texts are built from the demo estate's own records (shared/src/demo/demo-estate.ts):
// - umbrella-ehr-ehr-01 runs in lon1 (private); its one outgoing flow is flow-502, to
//   umbrella-ehr-imaging-12, no port. Moved to dub-cloud (zone "Public cloud"), that flow is
//   decided by fw-public-to-health, "Public cloud may not reach health records": denied. Its
//   incoming flows (flow-507, flow-554) come from dub-cloud VMs: denied before and after.
// - umbrella-ehr-ehr-04 runs in dub-cloud; moved to lon1, its outgoing flow-507 (to ehr-01) and
//   flow-508 (to imaging-21) fall through to fw-default, "Everything else is allowed".
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { indexEstate } from '../engine/estate-index.ts';
import type { Estate } from '../model/estate.ts';
import { createImpactEngine } from '../impact/engine.ts';
import { previewMove } from '../impact/preview.ts';
import { checkFlowPolicies } from './flow-policies.ts';
import { describeFirewallRule, flowPolicyWarning } from './flow-policy-words.ts';

const estate = buildDemoEstate();
const demo = indexEstate(estate);
const name = (vmId: string) => estate.vms.find((v) => v.id === vmId)!.name;
const rule = (id: string) => estate.policies.firewallRules.find((r) => r.id === id)!;

describe('flowPolicyWarning', () => {
  it('names the VM, its peer and the rule when a move to the public cloud cuts a flow', () => {
    const placement = new Map([['umbrella-ehr-ehr-01', 'dub-cloud.leaf-1-h1']]);
    const warnings = checkFlowPolicies(demo, placement).map((c) =>
      flowPolicyWarning(demo, placement, c),
    );
    expect(warnings).toEqual([
      {
        code: 'policy-firewall',
        message: `Traffic ${name('umbrella-ehr-ehr-01')} → ${name('umbrella-ehr-imaging-12')} would be denied by the rule “Public cloud may not reach health records”`,
        vmId: 'umbrella-ehr-ehr-01',
        flowId: 'flow-502',
        ruleId: 'fw-public-to-health',
      },
    ]);
    expect(warnings[0]!.message).not.toMatch(/flow-|fw-/);
  });

  it('names the moved VM when it is the destination, and the rule that opens a flow', () => {
    const placement = new Map([['umbrella-ehr-ehr-04', 'lon1.leaf-1-h1']]);
    const warnings = checkFlowPolicies(demo, placement).map((c) =>
      flowPolicyWarning(demo, placement, c),
    );
    expect(warnings.map((w) => [w.code, w.flowId, w.ruleId, w.vmId, w.message])).toEqual([
      [
        'policy-firewall-opened',
        'flow-507',
        'fw-default',
        'umbrella-ehr-ehr-04',
        `Traffic ${name('umbrella-ehr-ehr-04')} → ${name('umbrella-ehr-ehr-01')} would be allowed by the rule “Everything else is allowed”`,
      ],
      [
        'policy-firewall-opened',
        'flow-508',
        'fw-default',
        'umbrella-ehr-ehr-04',
        `Traffic ${name('umbrella-ehr-ehr-04')} → ${name('umbrella-ehr-imaging-21')} would be allowed by the rule “Everything else is allowed”`,
      ],
    ]);
  });

  it('words a port, a peer outside the estate and the default action', () => {
    // Two flows of our own in a copy of the demo: ehr-01 → imaging-12 on port 443, and
    // imaging-12 → an outside prefix. fw-public-to-health has no port, so it decides for 443 too.
    const copy = JSON.parse(JSON.stringify(estate)) as Estate;
    copy.flows = [
      {
        id: 'f1',
        src: 'umbrella-ehr-ehr-01',
        dst: { kind: 'vm', vmId: 'umbrella-ehr-imaging-12' },
        rateMbps: 1,
        port: 443,
      },
      {
        id: 'f2',
        src: 'umbrella-ehr-imaging-12',
        dst: { kind: 'prefix', prefix: '198.51.100.0/24' },
        rateMbps: 1,
      },
    ];
    const index = indexEstate(copy);
    const placement = new Map([['umbrella-ehr-ehr-01', 'dub-cloud.leaf-1-h1']]);
    const words = checkFlowPolicies(index, placement).map(
      (c) => flowPolicyWarning(index, placement, c).message,
    );
    expect(words).toEqual([
      `Traffic ${name('umbrella-ehr-ehr-01')} → ${name('umbrella-ehr-imaging-12')} on port 443 would be denied by the rule “Public cloud may not reach health records”`,
    ]);
    // A change decided by the default action (the wording alone: the demo's fw-default matches all).
    expect(
      flowPolicyWarning(index, placement, {
        flowId: 'f2',
        before: { action: 'allow', ruleId: 'fw-default' },
        after: { action: 'deny' },
      }),
    ).toEqual({
      code: 'policy-firewall',
      message: `Traffic ${name('umbrella-ehr-imaging-12')} → 198.51.100.0/24 would be denied by the default action (no rule matches)`,
      vmId: 'umbrella-ehr-imaging-12',
      flowId: 'f2',
    });
  });
});

describe('describeFirewallRule', () => {
  it("uses the rule's description, else what it matches, with the estate's names", () => {
    expect(describeFirewallRule(demo, rule('fw-media-to-bank'))).toBe(
      'Media may not reach the bank',
    );
    const { description: _, ...bare } = rule('fw-public-to-ledger-db');
    // Zone "public" is named "Public cloud", network "globex-core" "Globex core banking".
    expect(describeFirewallRule(demo, bare)).toBe(
      'deny zone Public cloud → network Globex core banking on port 5432',
    );
    expect(
      describeFirewallRule(demo, {
        id: 'x',
        priority: 1,
        action: 'allow',
        from: { kind: 'any' },
        to: { kind: 'tenant', tenantId: 'stark' },
      }),
    ).toBe('allow anywhere → tenant Stark Media');
  });
});

describe('the preview', () => {
  it("carries the worded warning with the flow's and rule's ids", () => {
    const r = previewMove(createImpactEngine(estate), {
      vmIds: ['umbrella-ehr-ehr-01'],
      target: { kind: 'site', siteId: 'dub-cloud' },
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.warnings.filter((w) => w.code === 'policy-firewall')).toEqual([
      {
        code: 'policy-firewall',
        message: `Traffic ${name('umbrella-ehr-ehr-01')} → ${name('umbrella-ehr-imaging-12')} would be denied by the rule “Public cloud may not reach health records”`,
        vmId: 'umbrella-ehr-ehr-01',
        flowId: 'flow-502',
        ruleId: 'fw-public-to-health',
      },
    ]);
  });
});
