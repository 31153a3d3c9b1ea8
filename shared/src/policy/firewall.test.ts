// R17: firewall rules, first match by priority, zones by site membership.
import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '../demo/demo-estate.ts';
import { indexEstate } from '../engine/estate-index.ts';
import type { Estate } from '../model/estate.ts';
import { evaluateFirewall, type FlowEnd } from './firewall.ts';

const demo = indexEstate(buildDemoEstate());
const vm = (tenantId: string, networkId: string, siteId: string): FlowEnd => ({
  kind: 'vm',
  tenantId,
  networkId,
  siteId,
});
const umbrellaLon = vm('umbrella', 'umbrella-ehr', 'lon1');
const umbrellaDub = vm('umbrella', 'umbrella-ehr', 'dub-cloud');

describe('evaluateFirewall', () => {
  it('matches zones by the site the VM runs in: public -> umbrella is denied, private -> umbrella allowed', () => {
    expect(evaluateFirewall(demo, umbrellaDub, umbrellaLon)).toEqual({
      action: 'deny',
      ruleId: 'fw-public-to-health',
    });
    expect(evaluateFirewall(demo, umbrellaLon, umbrellaDub)).toEqual({
      action: 'allow',
      ruleId: 'fw-default',
    });
  });

  it('matches tenants, and the first rule by priority decides', () => {
    const stark = vm('stark', 'stark-media', 'dub-cloud');
    const globex = vm('globex', 'globex-core', 'fra1');
    // fw-media-to-bank (20) comes before the port rule (30) and the catch-all (1000).
    expect(evaluateFirewall(demo, stark, globex, 5432)).toEqual({
      action: 'deny',
      ruleId: 'fw-media-to-bank',
    });
  });

  it('applies a port rule only to flows on that port', () => {
    const publicWayne = vm('wayne', 'wayne-ops', 'dub-cloud');
    const ledger = vm('globex', 'globex-core', 'fra1');
    expect(evaluateFirewall(demo, publicWayne, ledger, 5432).ruleId).toBe('fw-public-to-ledger-db');
    expect(evaluateFirewall(demo, publicWayne, ledger, 443).ruleId).toBe('fw-default');
    expect(evaluateFirewall(demo, publicWayne, ledger).ruleId).toBe('fw-default');
  });

  it('matches an external prefix only with `any`, and falls back to the default action', () => {
    const estate: Estate = {
      ...demo.estate,
      policies: {
        ...demo.estate.policies,
        defaultAction: 'deny',
        firewallRules: [
          {
            id: 'to-net',
            priority: 5,
            from: { kind: 'network', networkId: 'acme-web' },
            to: { kind: 'zone', zoneId: 'public' },
            action: 'allow',
          },
          {
            id: 'tie-first',
            priority: 7,
            from: { kind: 'any' },
            to: { kind: 'tenant', tenantId: 'acme' },
            action: 'allow',
          },
          {
            id: 'tie-second',
            priority: 7,
            from: { kind: 'any' },
            to: { kind: 'tenant', tenantId: 'acme' },
            action: 'deny',
          },
        ],
      },
    };
    const index = indexEstate(estate);
    const web = vm('acme', 'acme-web', 'fra1');
    const ext: FlowEnd = { kind: 'external', prefix: '198.51.100.0/24' };
    expect(evaluateFirewall(index, web, ext)).toEqual({ action: 'deny' });
    expect(evaluateFirewall(index, web, vm('acme', 'acme-web', 'dub-cloud')).ruleId).toBe('to-net');
    // Equal priorities keep the estate's order.
    expect(evaluateFirewall(index, ext, web)).toEqual({ action: 'allow', ruleId: 'tie-first' });
  });
});
