/** Above the canvas: where you are (breadcrumb back to the global view) and the view's title. */
import type { Site } from '@vmmi/shared';
import { topologyLabel } from '../estate/site-labels.ts';

export interface ViewBarProps {
  estateName: string;
  site: Site | null;
  onGlobal: () => void;
}

export function ViewBar({ estateName, site, onGlobal }: ViewBarProps) {
  return (
    <div className="viewbar">
      <nav aria-label="Breadcrumb">
        <ol className="breadcrumb">
          <li>
            {site ? (
              <button
                type="button"
                className="link"
                onClick={onGlobal}
                data-testid="breadcrumb-global"
              >
                ← {estateName}
              </button>
            ) : (
              <span aria-current="page">{estateName}</span>
            )}
          </li>
          {site && <li aria-current="page">{site.name}</li>}
        </ol>
      </nav>
      <h1 className="view-title" data-testid="view-title">
        {site ? site.name : 'Global view'}
        <span className="view-subtitle">
          {site
            ? `${topologyLabel(site)} · ${site.ownership} · ${site.region}`
            : 'Data centers and WAN links'}
        </span>
      </h1>
    </div>
  );
}
