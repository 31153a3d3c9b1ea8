/**
 * The top bar: product name, the estate in use (a picker when there are
 * several), Import…, the theme toggle, and the account corner (`account`).
 */
import type { ReactNode } from 'react';
import type { EstateSummary } from '../api/estate-api.ts';
import type { ThemeName } from '../theme/palette.ts';
import { ThemeToggle } from './ThemeToggle.tsx';
import { refusedProps } from '../auth/refused-props.ts';

export interface HeaderProps {
  estates: EstateSummary[];
  estateId: string | null;
  estateName: string | null;
  theme: ThemeName;
  onPickEstate: (id: string) => void;
  onToggleTheme: () => void;
  /** Opens the import dialog; without it there is no Import button. */
  onImport?: () => void;
  /** Why the caller may not import (the button says so, disabled); null: may. */
  importRefusal?: string | null;
  /** Drawn last: who is signed in, and the user menu. */
  account?: ReactNode;
  /** Drawn between the estate and the theme toggle: the search box. */
  children?: ReactNode;
}

export function Header({
  estates,
  estateId,
  estateName,
  theme,
  onPickEstate,
  onToggleTheme,
  onImport,
  importRefusal = null,
  account,
  children,
}: HeaderProps) {
  return (
    <header className="topbar">
      <div className="brand">
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
          <circle cx="5" cy="6" r="2.5" />
          <circle cx="19" cy="6" r="2.5" />
          <circle cx="12" cy="18" r="2.5" />
          <path d="M5 6h14M5 6l7 12M19 6l-7 12" fill="none" strokeWidth="1.6" />
        </svg>
        <span className="brand-name">VMMI Planner</span>
      </div>
      <div className="topbar-estate">
        {estates.length > 1 ? (
          <label>
            <span className="muted">Estate</span>
            <select
              value={estateId ?? ''}
              onChange={(e) => onPickEstate(e.target.value)}
              data-testid="estate-picker"
            >
              {estates.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          estateName && (
            <span>
              <span className="muted">Estate</span> {estateName}
            </span>
          )
        )}
        {onImport && (
          <button
            type="button"
            className="btn"
            onClick={onImport}
            {...refusedProps(importRefusal)}
            data-testid="import-open"
          >
            Import…
          </button>
        )}
      </div>
      {children}
      <ThemeToggle theme={theme} onToggle={onToggleTheme} />
      {account}
    </header>
  );
}
