/** Keeps the document's theme in step with the store, and the store with the system preference. */
import { useEffect, useLayoutEffect } from 'react';
import { selectTheme } from '../store/selectors.ts';
import { useAppActions, useAppStore } from '../store/store-context.tsx';
import { applyTheme, watchSystemTheme } from './apply-theme.ts';
import type { ThemeName } from './palette.ts';

export function useTheme(): ThemeName {
  const theme = useAppStore(selectTheme);
  const { setSystemTheme } = useAppActions();
  useEffect(() => watchSystemTheme(setSystemTheme), [setSystemTheme]);
  // A layout effect, so the page never paints one frame in the old theme.
  useLayoutEffect(() => applyTheme(theme), [theme]);
  return theme;
}
