/**
 * Keeps the kiosk's estate current and says whether the server answers. Polls
 * the estate list (small: counts come from SQL) and fetches the whole estate
 * only when its version changed, through `refreshEstate`, which swaps the data
 * in only on success: a restart or a dropped network leaves the last picture up.
 * Each check also asks which web build the server ships, and reloads the page for
 * a new one (new-build.ts); an estate drawn before and no longer listed is `gone`.
 */
import { useEffect, useState } from 'react';
import { useAppStoreApi } from '../store/store-context.tsx';
import { startPoller, type Connection } from './live-poller.ts';
import { reloadForNewBuild, servedBuild } from './new-build.ts';
import { goneEstate, type GoneEstate } from '../estate/estate-gone.ts';

export interface LiveEstate {
  connection: Connection;
  /** The estate drawn, deleted on the server since (its last picture stays up); null: none gone. */
  gone: GoneEstate | null;
}

export function useLiveEstate(pollMs: number): LiveEstate {
  const store = useAppStoreApi();
  const [connection, setConnection] = useState<Connection>({ status: 'connecting' });
  const [gone, setGone] = useState<LiveEstate['gone']>(null);

  useEffect(() => {
    // The version drawn; updatedAt too, since a server on a fresh database starts counting again.
    let drawn: string | null = null;
    let drawnId: string | null = null;
    const poller = startPoller({
      everyMs: pollMs,
      onChange: setConnection,
      async check(signal) {
        if (reloadForNewBuild(await servedBuild(signal))) return;
        const { actions } = store.getState();
        const list = await actions.loadEstateList(signal);
        if (!list) throw new Error('the estate list could not be loaded');
        const id = store.getState().estateId ?? list[0]?.id;
        const summary = list.find((s) => s.id === id);
        // No such estate: the server is fine, the page says what is missing (or what went).
        setGone((g) => goneEstate(list, summary ? summary.id : drawnId, g, Date.now()));
        if (!summary) return;
        const version = `${summary.version}@${summary.updatedAt}`;
        if (version === drawn && store.getState().estate.status === 'ready') return;
        if (!(await actions.refreshEstate(summary.id, signal)))
          throw new Error(`estate "${summary.id}" could not be loaded`);
        drawn = version;
        drawnId = summary.id;
      },
    });
    return () => poller.stop();
  }, [store, pollMs]);

  return { connection, gone };
}
