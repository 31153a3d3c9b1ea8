/**
 * The planner's watch on the server: every `everyMs` it reloads the estate list
 * (small: counts come from SQL), which also keeps the header's estate picker
 * current, and says whether the server answers and whether the estate on the
 * screen was deleted there. It never swaps the estate under the operator's
 * hands: a changed version is met when a plan is accepted (a conflict reloads it).
 */
import { useEffect, useState } from 'react';
import { startPoller, type Connection } from '../kiosk/live-poller.ts';
import { useAppStoreApi } from '../store/store-context.tsx';
import { goneEstate, type GoneEstate } from './estate-gone.ts';

export interface EstateWatch {
  /** Since when the server has not answered; null while it does. */
  serverDownSince: number | null;
  gone: GoneEstate | null;
}

export function useEstateWatch(everyMs = 15_000): EstateWatch {
  const store = useAppStoreApi();
  const [connection, setConnection] = useState<Connection>({ status: 'connecting' });
  const [gone, setGone] = useState<GoneEstate | null>(null);

  useEffect(() => {
    const poller = startPoller({
      everyMs,
      onChange: setConnection,
      async check(signal) {
        const { actions, estateId, estate } = store.getState();
        const list = await actions.refreshEstateList(signal);
        if (!list) throw new Error('the estate list could not be loaded');
        const shown = estate.status === 'ready' ? estateId : null;
        setGone((g) => goneEstate(list, shown, g, Date.now()));
      },
    });
    return () => poller.stop();
  }, [store, everyMs]);

  return {
    serverDownSince: connection.status === 'reconnecting' ? connection.since : null,
    gone,
  };
}
