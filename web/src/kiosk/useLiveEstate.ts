/**
 * Keeps the kiosk's estate current and says whether the server answers. Polls
 * the estate list (small: counts come from SQL) and fetches the whole estate
 * only when its version changed, through `refreshEstate`, which swaps the data
 * in only on success: a restart or a dropped network leaves the last picture up.
 */
import { useEffect, useState } from 'react';
import { useAppStoreApi } from '../store/store-context.tsx';
import { startPoller, type Connection } from './live-poller.ts';

export function useLiveEstate(pollMs: number): Connection {
  const store = useAppStoreApi();
  const [connection, setConnection] = useState<Connection>({ status: 'connecting' });

  useEffect(() => {
    // The version drawn; updatedAt too, since a server on a fresh database starts counting again.
    let drawn: string | null = null;
    const poller = startPoller({
      everyMs: pollMs,
      onChange: setConnection,
      async check(signal) {
        const { actions } = store.getState();
        const list = await actions.loadEstateList(signal);
        if (!list) throw new Error('the estate list could not be loaded');
        const id = store.getState().estateId ?? list[0]?.id;
        const summary = list.find((s) => s.id === id);
        // No such estate (yet): the server is fine, the page says what is missing.
        if (!summary) return;
        const version = `${summary.version}@${summary.updatedAt}`;
        if (version === drawn && store.getState().estate.status === 'ready') return;
        if (!(await actions.refreshEstate(summary.id, signal)))
          throw new Error(`estate "${summary.id}" could not be loaded`);
        drawn = version;
      },
    });
    return () => poller.stop();
  }, [store, pollMs]);

  return connection;
}
