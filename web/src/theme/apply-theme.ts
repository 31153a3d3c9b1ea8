/** Puts a theme on the document: `data-theme` drives the CSS variables of styles.css. */
import type { ThemeName } from './palette.ts';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export function applyTheme(theme: ThemeName, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = theme;
  // Native controls and scrollbars follow too.
  root.style.colorScheme = theme;
}

/** What the system prefers; dark when it says nothing, since NOC screens usually are. */
export function systemTheme(): ThemeName {
  if (typeof window.matchMedia !== 'function') return 'dark';
  const light = window.matchMedia('(prefers-color-scheme: light)').matches;
  return light ? 'light' : 'dark';
}

/** Calls back whenever the system preference changes; returns the unsubscribe function. */
export function watchSystemTheme(onChange: (theme: ThemeName) => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => {};
  const query = window.matchMedia(DARK_QUERY);
  const listener = () => onChange(systemTheme());
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}
