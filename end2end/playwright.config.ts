import { defineConfig, devices } from '@playwright/test';

// The server is started by run.sh (built release binary, sandbox mode, free port, fresh database).
const baseURL = process.env.LINER_BASE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // The service worker is blocked here, so these tests do not depend on it.
    {
      name: 'chromium',
      testIgnore: /offline\//,
      use: { ...devices['Desktop Chrome'], serviceWorkers: 'block' },
    },
    // The installed app: the worker allowed, on a phone-sized screen.
    {
      name: 'offline',
      testMatch: /offline\/.*\.spec\.ts/,
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 390, height: 844 },
        serviceWorkers: 'allow',
      },
    },
  ],
});
