/**
 * Keeps the URL and the store in step: a navigation (another view, site or
 * estate) pushes a history entry so that Back undoes it; details (theme, the
 * estate id filled in on start) replace the current entry; Back and Forward
 * apply the URL they land on.
 */
import { useEffect } from 'react';
import { selectLocation } from '../store/selectors.ts';
import { useAppStoreApi } from '../store/store-context.tsx';
import { formatLocation, isNavigation, parseLocation, type ViewLocation } from './view-url.ts';

export function useUrlSync(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    // Set while a popstate is applied: the URL is already right, nothing to write.
    let following = false;
    const onPopState = () => {
      following = true;
      try {
        store.getState().actions.applyLocation(parseLocation(window.location.search));
      } finally {
        following = false;
      }
    };
    const write = (next: ViewLocation, previous: ViewLocation) => {
      const search = formatLocation(next);
      if (search === window.location.search) return;
      const url = `${window.location.pathname}${search}${window.location.hash}`;
      if (isNavigation(previous, next)) window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    };
    const unsubscribe = store.subscribe((state, previous) => {
      if (!following) write(selectLocation(state), selectLocation(previous));
    });
    // The estate starts loading before the page mounts (main.tsx): what changed until now is written now.
    write(selectLocation(store.getState()), parseLocation(window.location.search));
    window.addEventListener('popstate', onPopState);
    return () => {
      unsubscribe();
      window.removeEventListener('popstate', onPopState);
    };
  }, [store]);
}
