import { buildDemoEstate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { defaultTargetSite, shownVmsLabel } from './shown-vms.ts';

const demo = buildDemoEstate();
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `vm-${i}` }));

describe('the rows shown, named for the dialog', () => {
  it('names the scope and the filter, or the one VM', () => {
    expect(shownVmsLabel(demo, { kind: 'global' }, '', rows(320))).toBe('all 320 VMs');
    expect(shownVmsLabel(demo, { kind: 'global' }, ' acme-web ', rows(60))).toBe(
      'the 60 VMs matching "acme-web"',
    );
    expect(shownVmsLabel(demo, { kind: 'tenant', tenantId: 'acme' }, '', rows(80))).toBe(
      'the 80 VMs of tenant Acme Retail',
    );
    expect(shownVmsLabel(demo, { kind: 'site', siteId: 'lon1' }, 'db', rows(2))).toBe(
      'the 2 VMs in London LON1 matching "db"',
    );
    expect(shownVmsLabel(demo, { kind: 'global' }, 'web-01', [{ name: 'acme-web-web-01' }])).toBe(
      'VM acme-web-web-01',
    );
  });

  it('offers the first site that does not hold every row; with none, the first site', () => {
    expect(defaultTargetSite(demo, [{ siteId: 'fra1' }, { siteId: 'lon1' }])).toBe('fra1');
    expect(defaultTargetSite(demo, [{ siteId: 'fra1' }])).toBe('ams1');
    expect(defaultTargetSite(demo, [])).toBe('fra1');
    expect(defaultTargetSite({ sites: [] }, [])).toBeNull();
  });
});
