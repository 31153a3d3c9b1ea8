import { describe, expect, it } from 'vitest';
import { takeSetupToken, takeSetupTokenFromPage } from './setup-url.ts';

describe('the first-admin link (?setup=)', () => {
  it('takes the token and keeps the rest of the query as it was', () => {
    expect(takeSetupToken('?setup=setup_abc&estate=demo&view=global')).toEqual({
      token: 'setup_abc',
      search: '?estate=demo&view=global',
    });
  });

  it('leaves no "?" when the token was all there was', () => {
    expect(takeSetupToken('?setup=setup_abc')).toEqual({ token: 'setup_abc', search: '' });
  });

  it('an empty setup parameter is no token, and is still taken out', () => {
    expect(takeSetupToken('?setup=&estate=demo')).toEqual({ token: null, search: '?estate=demo' });
  });

  it('a URL without one is left alone', () => {
    expect(takeSetupToken('?estate=demo')).toEqual({ token: null, search: '?estate=demo' });
  });

  it("replaces the page's history entry with the URL without the token (no new entry)", () => {
    const calls: { url: string; state: unknown }[] = [];
    const page = {
      location: { search: '?setup=setup_xyz&theme=dark', pathname: '/', hash: '#k' },
      history: {
        state: { kept: 1 },
        replaceState: (state: unknown, _unused: string, url: string) => calls.push({ state, url }),
      },
    } as unknown as Pick<Window, 'location' | 'history'>;
    expect(takeSetupTokenFromPage(page)).toBe('setup_xyz');
    expect(calls).toEqual([{ state: { kept: 1 }, url: '/?theme=dark#k' }]);
  });
});
