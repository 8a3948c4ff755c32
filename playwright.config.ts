import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '@mlops-portal/portal-test-utils';

/**
 * End-to-end tests drive Debian's Chromium (no browser download) against the real portal: the built
 * frontend served by the backend, started on a free port with the embedded defaults by global-setup.
 */
export default defineConfig({
  timeout: 60_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  globalSetup: require.resolve('./e2e/global-setup'),
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  use: {
    baseURL: process.env.PORTAL_E2E_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  outputDir: 'node_modules/.cache/e2e-test-results',
  projects: [{ name: 'portal', testDir: 'packages/app/e2e-tests' }],
});
