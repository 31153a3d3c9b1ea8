/**
 * The one gate of every control that changes something: null while the
 * signed-in caller has the role, else the reason the control shows (its
 * title and aria-description) instead of vanishing.
 */
import { selectAllTenantsRefusal, selectRefusal } from '../store/auth-selectors.ts';
import { useAppStore } from '../store/store-context.tsx';
import type { Role } from './types.ts';

export { refusedProps } from './refused-props.ts';

export function useCan(need: Role): string | null {
  return useAppStore(selectRefusal(need));
}

/** useCan for what only callers of all tenants may do (imports, faults). */
export function useCanForAllTenants(need: Role): string | null {
  return useAppStore(selectAllTenantsRefusal(need));
}
