/**
 * Creates the first admin through /api/auth/setup (the server was started
 * with the fixed setup token of auth-env.ts) and saves the admin's session
 * for the specs. A server that has its admin already (a reused one) is
 * signed in to instead.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { request, type FullConfig } from '@playwright/test';
import { ADMIN, ADMIN_STATE, SETUP_TOKEN } from './auth-env.ts';

export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) throw new Error('playwright.config.ts sets no baseURL');
  const context = await request.newContext({ baseURL });
  try {
    const setup = await context.post('/api/auth/setup', {
      data: { token: SETUP_TOKEN, ...ADMIN },
    });
    if (setup.status() === 409) {
      const login = await context.post('/api/auth/login', { data: ADMIN });
      if (!login.ok()) throw new Error(`sign-in as ${ADMIN.name}: ${await login.text()}`);
    } else if (!setup.ok()) {
      throw new Error(`first-admin setup: ${setup.status()} ${await setup.text()}`);
    }
    mkdirSync(dirname(ADMIN_STATE), { recursive: true });
    await context.storageState({ path: ADMIN_STATE });
  } finally {
    await context.dispose();
  }
}
