import { buildDemoEstate, type Estate } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import type { EstateApi, EstateSummary } from '../api/estate-api.ts';
import { parseLocation } from '../url/view-url.ts';
import { createAppStore } from './app-store.ts';
import {
  selectCurrentSite,
  selectCurrentTenant,
  selectEstateStats,
  selectLocation,
  selectMissingSiteId,
  selectShownView,
  selectSiteStats,
  selectTheme,
  selectVmId,
} from './selectors.ts';

const demo = buildDemoEstate();
const summary: EstateSummary = {
  id: 'demo',
  name: demo.name,
  version: 1,
  sites: demo.sites.length,
  vms: demo.vms.length,
  updatedAt: '2025-01-01T00:00:00.000Z',
};

/** A fake server: answers from a map, records calls, or fails like an unreachable host. */
function fakeApi(estates: Record<string, Estate>, opts: { down?: boolean } = {}) {
  const calls: string[] = [];
  const api: EstateApi = {
    listEstates: () => {
      calls.push('list');
      if (opts.down) return Promise.reject(new TypeError('Failed to fetch'));
      return Promise.resolve(
        Object.values(estates).map((e) => ({ ...summary, id: e.id, name: e.name })),
      );
    },
    getEstate: (id) => {
      calls.push(`get:${id}`);
      const e = estates[id];
      return e
        ? Promise.resolve({ estate: e, version: 1 })
        : Promise.reject(new Error(`no estate "${id}"`));
    },
  };
  return { api, calls };
}

describe('app store', () => {
  it('refreshes the list in place: the list shown stays while the server is away', async () => {
    let down = false;
    const { api } = fakeApi({ demo });
    const flaky: EstateApi = {
      ...api,
      listEstates: (signal) =>
        down ? Promise.reject(new TypeError('Failed to fetch')) : api.listEstates(signal),
    };
    const store = createAppStore({ api: flaky });
    await store.getState().actions.start();
    const shown = store.getState().estateList;
    down = true;
    expect(await store.getState().actions.refreshEstateList()).toBeUndefined();
    // Not "loading", not "error": the page keeps what it had (loadEstateList would say error).
    expect(store.getState().estateList).toBe(shown);
    down = false;
    expect((await store.getState().actions.refreshEstateList())?.map((e) => e.id)).toEqual([
      'demo',
    ]);
    expect(store.getState().estateList).toMatchObject({ status: 'ready' });
  });

  it('a refresh asked while the first load is out waits for it: its failure is shown, not loading for good', async () => {
    // The estate watch polls as it mounts, while start()'s own list request is still out; a
    // second request used to supersede it, and the page read "Loading estates…" for good.
    const { api, calls } = fakeApi({ demo }, { down: true });
    const store = createAppStore({ api });
    const started = store.getState().actions.start();
    const refreshed = store.getState().actions.refreshEstateList();
    await Promise.all([started, refreshed]);
    expect(await refreshed).toBeUndefined();
    expect(calls, 'one request for the two').toEqual(['list']);
    const list = store.getState().estateList;
    expect(list.status).toBe('error');
    expect(list.status === 'error' && list.error.title).toBe('Cannot reach the VMMI server');
  });

  it('a refresh during the first load gets its list; one after it asks again', async () => {
    const { api, calls } = fakeApi({ demo });
    const store = createAppStore({ api });
    const listed = store.getState().actions.loadEstateList();
    const refreshed = await store.getState().actions.refreshEstateList();
    expect(refreshed).toBe(await listed);
    expect(calls).toEqual(['list']);
    await store.getState().actions.refreshEstateList();
    expect(calls).toEqual(['list', 'list']);
  });

  it('starts by loading the list, then the first estate', async () => {
    const { api, calls } = fakeApi({ demo });
    const store = createAppStore({ api });
    await store.getState().actions.start();
    expect(calls).toEqual(['list', 'get:demo']);
    const s = store.getState();
    expect(s.estateId).toBe('demo');
    expect(s.estate.status).toBe('ready');
    expect(selectEstateStats(s)).toMatchObject({ sites: 6, vms: demo.vms.length, tenants: 6 });
  });

  it('opens the estate and site from the URL', async () => {
    const { api, calls } = fakeApi({ demo });
    const store = createAppStore({ api, location: parseLocation('?estate=demo&site=ams1') });
    await store.getState().actions.start();
    expect(calls).toEqual(['list', 'get:demo']);
    const s = store.getState();
    expect(selectCurrentSite(s)?.name).toBe('Amsterdam AMS1');
    expect(selectSiteStats(s)).toMatchObject({ hosts: 128, switches: 80 });
    // Memoised: the same object until the estate changes.
    expect(selectSiteStats(s)).toBe(selectSiteStats(store.getState()));
  });

  it('asks for the estate the URL names along with the list, not after it', async () => {
    const { api, calls } = fakeApi({ demo });
    const store = createAppStore({ api, location: parseLocation('?estate=demo') });
    const started = store.getState().actions.start();
    expect(calls).toEqual(['list', 'get:demo']);
    await started;
    expect(store.getState().estate.status).toBe('ready');
    expect(store.getState().estateList.status).toBe('ready');
  });

  it('reports an unreachable server, and recovers on retry', async () => {
    const down = fakeApi({ demo }, { down: true });
    const store = createAppStore({ api: down.api });
    await store.getState().actions.start();
    const list = store.getState().estateList;
    expect(list.status).toBe('error');
    expect(list.status === 'error' && list.error.unreachable).toBe(true);

    const up = fakeApi({ demo });
    const retried = createAppStore({ api: up.api });
    await retried.getState().actions.start();
    expect(retried.getState().estate.status).toBe('ready');
  });

  it('shows the empty state when there are no estates', async () => {
    const { api, calls } = fakeApi({});
    const store = createAppStore({ api });
    await store.getState().actions.start();
    expect(calls).toEqual(['list']);
    expect(store.getState().estate.status).toBe('idle');
  });

  it('falls back to the global view for a site the estate does not have', async () => {
    const { api } = fakeApi({ demo });
    const store = createAppStore({ api, location: parseLocation('?site=nowhere') });
    await store.getState().actions.start();
    expect(selectMissingSiteId(store.getState())).toBe('nowhere');
    expect(selectShownView(store.getState())).toBe('global');
  });

  it('selects views and writes them into the location', async () => {
    const { api } = fakeApi({ demo });
    const store = createAppStore({ api });
    await store.getState().actions.start();
    store.getState().actions.selectView('site', 'sin1');
    expect(selectLocation(store.getState())).toEqual({
      estate: 'demo',
      view: 'site',
      site: 'sin1',
      tenant: null,
      theme: null,
    });
    store.getState().actions.selectView('global', 'sin1');
    expect(store.getState().siteId).toBeNull();
  });

  it('opens a tenant view, and keeps a selected VM across views', async () => {
    const { api } = fakeApi({ demo });
    const store = createAppStore({ api });
    await store.getState().actions.start();
    const { actions } = store.getState();
    actions.openTenant('acme');
    expect(selectShownView(store.getState())).toBe('tenant');
    expect(selectCurrentTenant(store.getState())?.name).toBe('Acme Retail');
    expect(selectLocation(store.getState())).toMatchObject({ view: 'tenant', tenant: 'acme' });
    actions.selectVm('acme-web-web-01');
    actions.selectView('site', 'fra1');
    expect(selectVmId(store.getState())).toBe('acme-web-web-01');
    expect(selectLocation(store.getState()).tenant).toBeNull();
    actions.applyLocation(parseLocation('?estate=demo&view=tenant&tenant=nobody'));
    expect(selectShownView(store.getState())).toBe('global');
  });

  it('follows the system theme until the user picks one', () => {
    const { api } = fakeApi({ demo });
    const store = createAppStore({ api, systemTheme: 'light' });
    const { actions } = store.getState();
    expect(selectTheme(store.getState())).toBe('light');
    actions.setSystemTheme('dark');
    expect(selectTheme(store.getState())).toBe('dark');
    actions.toggleTheme();
    expect(store.getState().themePreference).toBe('light');
    actions.setSystemTheme('dark');
    expect(selectTheme(store.getState())).toBe('light');
    expect(selectLocation(store.getState()).theme).toBe('light');
  });

  it('keeps only the latest answer when estates are switched quickly', async () => {
    const other: Estate = { ...demo, id: 'other', name: 'Other' };
    const { api } = fakeApi({ demo, other });
    const store = createAppStore({ api });
    const { actions } = store.getState();
    const first = actions.loadEstate('demo');
    const second = actions.openEstate('other');
    await Promise.all([first, second]);
    const s = store.getState();
    expect(s.estateId).toBe('other');
    expect(s.estate.status === 'ready' && s.estate.data.id).toBe('other');
  });

  it('follows back and forward to another view and estate', async () => {
    const other: Estate = { ...demo, id: 'other', name: 'Other' };
    const { api, calls } = fakeApi({ demo, other });
    const store = createAppStore({ api });
    await store.getState().actions.start();
    store.getState().actions.applyLocation(parseLocation('?estate=other&view=site&site=lon1'));
    await Promise.resolve();
    await Promise.resolve();
    expect(calls).toContain('get:other');
    expect(store.getState()).toMatchObject({ estateId: 'other', view: 'site', siteId: 'lon1' });
  });

  it('refreshes the estate in place, and keeps the old one when the refresh fails', async () => {
    const estates: Record<string, Estate> = { demo };
    const { api } = fakeApi(estates);
    const store = createAppStore({ api });
    await store.getState().actions.start();
    const before = store.getState().estate;

    // While the request runs, the picture stays.
    const renamed: Estate = { ...demo, name: 'Renamed' };
    estates.demo = renamed;
    const pending = store.getState().actions.refreshEstate('demo');
    expect(store.getState().estate).toBe(before);
    expect(await pending).toBe(true);
    const after = store.getState().estate;
    expect(after.status === 'ready' && after.data.name).toBe('Renamed');

    // A failed refresh (here the estate is gone) leaves the state exactly as it was.
    delete estates.demo;
    expect(await store.getState().actions.refreshEstate('demo')).toBe(false);
    expect(store.getState().estate).toBe(after);
  });

  it('drops a refresh answer that a newer estate request overtook', async () => {
    const other: Estate = { ...demo, id: 'other', name: 'Other' };
    const { api } = fakeApi({ demo, other });
    const store = createAppStore({ api });
    await store.getState().actions.start();
    const refresh = store.getState().actions.refreshEstate('demo');
    const open = store.getState().actions.openEstate('other');
    expect(await refresh).toBe(false);
    await open;
    const s = store.getState();
    expect(s.estateId).toBe('other');
    expect(s.estate.status === 'ready' && s.estate.data.id).toBe('other');
  });
});
