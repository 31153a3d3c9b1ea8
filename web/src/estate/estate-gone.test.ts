import { describe, expect, it } from 'vitest';
import { goneEstate } from './estate-gone.ts';

const listed = [{ id: 'demo' }, { id: 'lab' }];

describe('goneEstate', () => {
  it('is null while the estate shown is listed, or before one is shown', () => {
    expect(goneEstate(listed, 'demo', null, 1_000)).toBeNull();
    expect(goneEstate([], null, null, 1_000)).toBeNull();
  });

  it('says which estate went and when it was first noticed, however often it is checked', () => {
    const first = goneEstate([{ id: 'lab' }], 'demo', null, 1_000);
    expect(first).toEqual({ id: 'demo', noticedAt: 1_000 });
    expect(goneEstate([{ id: 'lab' }], 'demo', first, 9_000)).toBe(first);
  });

  it('clears when the estate is back, and starts again for another estate', () => {
    const gone = goneEstate([], 'demo', null, 1_000);
    expect(goneEstate(listed, 'demo', gone, 2_000)).toBeNull();
    expect(goneEstate([], 'lab', gone, 3_000)).toEqual({ id: 'lab', noticedAt: 3_000 });
  });
});
