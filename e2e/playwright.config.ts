/**
 * Playwright against the built app, served by the real server on an
 * in-memory database, in Debian's Chromium (no browser download).
 * `pnpm --filter @vmmi/e2e test` builds web/ first. The global setup creates
 * the first admin and every spec runs signed in as it, unless it says
 * otherwise (the kiosk runs as the anonymous viewer of the demo estate).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';
import { ADMIN_STATE, SETUP_TOKEN } from './setup/auth-env.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(here, '..');
/** A fixed port away from the usual 8080, so a developer's server does not answer instead. */
const port = Number(process.env.E2E_PORT ?? 18123);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'tests',
  outputDir: 'artifacts/test-output',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  // The specs only read the seeded estate, so they may share the server.
  workers: 2,
  reporter: [['list'], ['json', { outputFile: 'artifacts/results.json' }]],
  globalSetup: './setup/global-setup.ts',
  use: {
    baseURL,
    storageState: ADMIN_STATE,
    viewport: { width: 1440, height: 900 },
    colorScheme: 'dark',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'pnpm --filter @vmmi/server start',
    cwd: repoRoot,
    url: `${baseURL}/api/health`,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: 'memory://',
      WEB_ROOT: resolve(repoRoot, 'web', 'dist'),
      VMMI_SETUP_TOKEN: SETUP_TOKEN,
      ANONYMOUS_VIEWER_ESTATES: 'demo',
    },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
