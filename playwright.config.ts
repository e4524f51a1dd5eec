import { defineConfig } from '@playwright/test';

/**
 * E2E against the real product: globalSetup starts `node scripts/start.mjs` on an ephemeral port
 * with a fresh data dir, and the project-local `test` (e2e/helpers/test.ts) points every page at it.
 * The browser is Debian's Chromium (`npx playwright install` is not used).
 */
export default defineConfig({
  testDir: 'e2e/specs',
  globalSetup: './e2e/helpers/globalSetup.ts',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
  },
});
