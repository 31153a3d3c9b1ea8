import { describe, expect, it } from 'vitest';
import { shortNames } from './short-names.ts';

describe('shortNames', () => {
  it('drops the prefix a group shares, at a separator', () => {
    expect(shortNames(['acme-web-web-01', 'acme-web-app-03', 'acme-web-cache-04'])).toEqual([
      'web-01',
      'app-03',
      'cache-04',
    ]);
    // The shared "umbrella-ehr-ehr-" is cut back to "umbrella-ehr-": "ehr-" is not shared by imaging.
    expect(shortNames(['umbrella-ehr-ehr-01', 'umbrella-ehr-imaging-03'])).toEqual([
      'ehr-01',
      'imaging-03',
    ]);
  });

  it('keeps the last two parts of each name, and a lone name whole', () => {
    // Shared: "acme-legacy-erp-"; "01" alone would say nothing, so "erp-01" keeps two parts.
    expect(shortNames(['acme-legacy-erp-01', 'acme-legacy-erp-db-02'])).toEqual([
      'erp-01',
      'db-02',
    ]);
    expect(shortNames(['wayne-ops-gw-01'])).toEqual(['wayne-ops-gw-01']);
    expect(shortNames(['db1', 'db2'])).toEqual(['db1', 'db2']);
    expect(shortNames(['web.01', 'web.02'])).toEqual(['web.01', 'web.02']);
    expect(shortNames([])).toEqual([]);
  });
});
