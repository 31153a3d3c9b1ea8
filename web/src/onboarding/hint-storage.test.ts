import { describe, expect, it } from 'vitest';
import { HINT_STORAGE_KEY, rememberHintDismissed, wasHintDismissed } from './hint-storage.ts';

/** A Map behind the Storage methods the hint uses. */
function memoryStorage() {
  const m = new Map<string, string>();
  return {
    map: m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}
const refusing = {
  getItem: (): string | null => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
  removeItem: () => {
    throw new Error('SecurityError');
  },
};

describe('the hint dismissal in storage', () => {
  it('is not dismissed on a first visit, stays dismissed once dismissed, and can be shown again', () => {
    const s = memoryStorage();
    expect(wasHintDismissed(s)).toBe(false);
    rememberHintDismissed(s, true);
    expect(s.map.get(HINT_STORAGE_KEY)).toBe('yes');
    expect(wasHintDismissed(s)).toBe(true);
    rememberHintDismissed(s, false);
    expect(s.map.has(HINT_STORAGE_KEY)).toBe(false);
    expect(wasHintDismissed(s)).toBe(false);
  });

  it('shows the hint when storage is missing, refuses or holds something else, and never throws', () => {
    expect(wasHintDismissed(null)).toBe(false);
    expect(wasHintDismissed(refusing)).toBe(false);
    expect(() => rememberHintDismissed(refusing, true)).not.toThrow();
    expect(() => rememberHintDismissed(null, true)).not.toThrow();
    const s = memoryStorage();
    s.map.set(HINT_STORAGE_KEY, 'true');
    expect(wasHintDismissed(s)).toBe(false);
  });
});
