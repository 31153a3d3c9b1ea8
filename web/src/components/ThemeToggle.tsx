/** Switches between the dark and the light theme; the first choice overrides the system preference. */
import type { ThemeName } from '../theme/palette.ts';

export function ThemeToggle({ theme, onToggle }: { theme: ThemeName; onToggle: () => void }) {
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="btn btn-ghost theme-toggle"
      onClick={onToggle}
      aria-label={`Switch to the ${next} theme`}
      title={`Switch to the ${next} theme`}
      data-testid="theme-toggle"
      data-theme-shown={theme}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
      <span>{next === 'light' ? 'Light' : 'Dark'}</span>
    </button>
  );
}
