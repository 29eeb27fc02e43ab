import base from './playwright.config';
import { defineConfig } from '@playwright/test';

// `make bench`: measurements, not pass/fail tests; run by run.sh like the end-to-end suite.
export default defineConfig({
  ...base,
  testDir: './bench',
  testMatch: '**/*.bench.ts',
  timeout: 180_000,
  // Benchmarks run without the service worker, like the main suite (bench/offline measures it).
  projects: base.projects?.slice(0, 1),
});
