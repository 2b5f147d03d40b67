import { existsSync } from 'node:fs'
import { defineConfig, devices } from '@playwright/test'
import { issuer, oidcAppEnv } from './e2e/support/oidc-world'

// `npm test` starts the test database and sets these; running `playwright test` alone needs them too.
if (!process.env.DATABASE_URL || !process.env.AUTH_SECRET) {
  throw new Error('Run the browser tests with `npm test` (or `npm run test:e2e`): it starts the test database first.')
}

const port = Number(process.env.TEST_PORT ?? 3107)
export const baseURL = `http://127.0.0.1:${port}`
// Debian's Chromium where it is installed (Playwright cannot download its own browsers offline),
// else Playwright's own.
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  // CI runs on 2 cores shared by two browsers, the app's server and Postgres. Measured there: a page's
  // HTML at once, its scripts by +3 s, its first API call after hydration at up to +14 s. The waits
  // below are ceilings for that machine, not what a user waits (bench:* measures that).
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // What the app's own pages send with every write: cookie-authenticated writes without a
    // same-origin Origin are refused as cross-site (lib/auth/same-origin.ts). e2e/websec.spec.ts
    // checks the browser's own headers with contexts that do not add this.
    extraHTTPHeaders: { Origin: baseURL },
    // DOM snapshots only: the screencast of every step cost ~40 % of a core for the whole run
    // (measured: GPU + browser processes 1,723 vs 677 CPU ticks over the same 16 navigations).
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath,
          args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
  ],
  webServer: [
    {
      // The app's own server (scripts/server.ts), which passes the real peer address to the sign-in limit.
      // Single sign-on is configured against the test provider below (e2e/sso.spec.ts); password sign-in stays on.
      command: `node_modules/.bin/tsx scripts/server.ts -p ${port} -H 127.0.0.1`,
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      // AUTH_URL: the public address, from which Auth.js builds the provider's redirect URI (README, Single sign-on).
      env: { ...(process.env as Record<string, string>), ...oidcAppEnv(), AUTH_URL: baseURL, NEXT_TELEMETRY_DISABLED: '1' },
    },
    {
      // A real OpenID provider on loopback for the single sign-on journeys (e2e/support/oidc-provider.ts).
      command: 'node_modules/.bin/tsx e2e/support/oidc-provider.ts',
      url: `${issuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { ...(process.env as Record<string, string>), TEST_PORT: String(port) },
    },
  ],
})
