/**
 * Who the specs are: the server under test is started with a fixed setup
 * token, so the global setup can create the first admin the way a person
 * would with the printed link; the demo estate is open to anonymous viewers
 * (the kiosk spec runs signed out).
 */
import { fileURLToPath } from 'node:url';

/** VMMI_SETUP_TOKEN for the server under test: 40 characters, as the server asks at least 32. */
export const SETUP_TOKEN = 'e2e-setup-token-0123456789abcdefghijklmn';

export const ADMIN = { name: 'e2e-admin', password: 'e2e admin password 1' } as const;

/** The admin's cookies, written by the global setup and given to every spec's context. */
export const ADMIN_STATE = fileURLToPath(new URL('../artifacts/.auth/admin.json', import.meta.url));

export const CSRF_COOKIE = 'vmmi_csrf';
export const CSRF_HEADER = 'x-vmmi-csrf';
