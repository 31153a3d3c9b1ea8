/** The kiosk's one strip of text, readable across a room: where, what, when, and whether it is live. */
import type { Site } from '@vmmi/shared';
import { topologyLabel } from '../estate/site-labels.ts';
import { formatClock, kioskStatusLabel, rotationLabel } from './connection-label.ts';
import type { Connection } from './live-poller.ts';
import type { RotationPosition } from './useRotation.ts';
import { useNow } from '../components/useNow.ts';

export interface KioskHeaderProps {
  estateName: string | null;
  /** The site drawn; null for the global view. */
  site: Site | null;
  connection: Connection;
  /** The estate drawn, deleted on the server since; null: none. */
  goneId: string | null;
  rotation: RotationPosition;
}

export function KioskHeader({ estateName, site, connection, goneId, rotation }: KioskHeaderProps) {
  // The clock lives here, so only this strip re-renders every second, not the canvas.
  const now = useNow();
  const status = kioskStatusLabel(connection, goneId, now);
  return (
    <header className="kiosk-header">
      <div className="kiosk-where">
        <span className="kiosk-estate" data-testid="kiosk-estate">
          {estateName ?? 'VMMI Planner'}
        </span>
        <h1 className="kiosk-title" data-testid="kiosk-title">
          {site ? site.name : 'All data centers'}
          {site && <span className="kiosk-subtitle">{topologyLabel(site)}</span>}
        </h1>
      </div>
      {rotation.count > 0 && (
        <span className="kiosk-position" data-testid="kiosk-position">
          {rotationLabel(
            rotation.index,
            rotation.count,
            rotation.nextAt === null ? null : rotation.nextAt - now,
          )}
        </span>
      )}
      <span
        className="kiosk-connection"
        data-tone={status.tone}
        data-status={goneId === null ? connection.status : 'gone'}
        role="status"
        data-testid="kiosk-connection"
      >
        <span className="kiosk-dot" aria-hidden="true" />
        {status.text}
      </span>
      <time
        className="kiosk-clock"
        dateTime={new Date(now).toISOString()}
        data-testid="kiosk-clock"
      >
        {formatClock(now)}
      </time>
    </header>
  );
}
