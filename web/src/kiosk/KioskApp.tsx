/**
 * NOC / kiosk mode (`?kiosk`): the canvas and a large-type header, nothing to
 * click. Rotates through the views of the URL, follows new estate versions,
 * and rides out server restarts and network drops with the last picture up.
 * It never writes the URL (no useUrlSync): the page stays as it was opened.
 */
import { useEffect, useMemo } from 'react';
import { GraphCanvas } from '../components/GraphCanvas.tsx';
import { selectCurrentSite, selectEstate, selectShownView } from '../store/selectors.ts';
import { useAppStore } from '../store/store-context.tsx';
import { useTheme } from '../theme/useTheme.ts';
import { KioskMigrations } from '../execution/KioskMigrations.tsx';
import { KioskAlarms } from './KioskAlarms.tsx';
import { KioskHeader } from './KioskHeader.tsx';
import type { KioskOptions } from './kiosk-url.ts';
import type { Connection } from './live-poller.ts';
import { rotationStops } from './rotation.ts';
import { useLiveEstate } from './useLiveEstate.ts';
import { LiveNotice } from '../components/LiveNotice.tsx';
import { useRotation } from './useRotation.ts';
import './kiosk.css';

// Read-only: a tap on the canvas opens and selects nothing (CSS also makes the canvas inert).
const ignore = () => {};

export function KioskApp({ options }: { options: KioskOptions }) {
  const theme = useTheme();
  const { connection, gone } = useLiveEstate(options.pollMs);
  const serverDownSince = connection.status === 'reconnecting' ? connection.since : null;
  const estate = useAppStore(selectEstate);
  const site = useAppStore(selectCurrentSite);
  const shownView = useAppStore(selectShownView);
  const stops = useMemo(
    () => (estate ? rotationStops(options.rotate, estate) : []),
    [estate, options.rotate],
  );
  const rotation = useRotation(stops, options.intervalMs);

  useEffect(() => {
    document.title = `${site ? site.name : 'All data centers'} · VMMI NOC`;
  }, [site]);

  return (
    <div className="kiosk-app" data-testid="kiosk">
      <KioskHeader
        estateName={estate?.name ?? null}
        site={site}
        connection={connection}
        goneId={gone?.id ?? null}
        rotation={rotation}
      />
      <KioskAlarms />
      <main className="kiosk-stage">
        {estate ? (
          <GraphCanvas
            estate={estate}
            view={shownView}
            site={site}
            theme={theme}
            highlightId={null}
            onOpenSite={ignore}
            onSelectDevice={ignore}
            readOnly
            kiosk
          />
        ) : (
          <KioskWaiting connection={connection} estateId={options.estate} />
        )}
        {estate && (
          <LiveNotice
            serverDownSince={serverDownSince}
            gone={gone}
            className="kiosk-notice"
            testIdPrefix="kiosk"
          />
        )}
        <KioskMigrations serverDownSince={serverDownSince} />
      </main>
    </div>
  );
}

/** Before the first picture: what the screen is waiting for, in words readable from afar. */
function KioskWaiting({
  connection,
  estateId,
}: {
  connection: Connection;
  estateId: string | null;
}) {
  // Live without an estate: the server answered, but has nothing to show (yet).
  const text =
    connection.status !== 'live'
      ? 'Waiting for server…'
      : estateId
        ? `Waiting for estate “${estateId}”…`
        : 'Waiting for an estate…';
  return (
    <div className="kiosk-waiting" role="status" data-testid="kiosk-waiting">
      <span className="spinner" aria-hidden="true" />
      <p>{text}</p>
    </div>
  );
}
