import { describe, expect, it } from 'vitest';
import { shouldReload } from './new-build.ts';

describe('reloading for a new build', () => {
  const old = '/assets/index-B3x9aQ1.js';
  const next = '/assets/index-Zz81kLm.js';

  it('reloads when the server ships another build than the page runs', () => {
    expect(shouldReload(old, next, null)).toBe(true);
  });

  it('stays when the builds agree, or either is unknown (dev server, API without a web root)', () => {
    expect(shouldReload(old, old, null)).toBe(false);
    expect(shouldReload(null, next, null)).toBe(false);
    expect(shouldReload(old, null, null)).toBe(false);
  });

  it('reloads once per build: a page that comes back with the old build does not loop', () => {
    expect(shouldReload(old, next, next)).toBe(false);
    // A third build is news again.
    expect(shouldReload(old, '/assets/index-Q7.js', next)).toBe(true);
  });
});
