import { test } from '@playwright/test';
import * as fs from 'fs';
import { hydrated, signInAs } from '../tests/helpers';

// A phone on a poor connection, as DevTools' throttling has it: 150 ms round trips, 1.6 Mbit/s
// down, 750 kbit/s up, and a CPU four times slower.
const RUNS = 3;

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

test('the composer hydrated after navigation on a throttled phone', async ({ page, browser }) => {
  test.setTimeout(300_000);
  await signInAs(page, 'Pat (poster)');
  await hydrated(page);
  const state = await page.context().storageState();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A fresh context each time: nothing cached but the session cookie.
    const context = await browser.newContext({ storageState: state, serviceWorkers: 'block' });
    const p = await context.newPage();
    const cdp = await context.newCDPSession(p);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const t0 = Date.now();
    await p.goto('/posts/new', { timeout: 120_000 });
    await p.locator('body[data-hydrated="true"]').waitFor({ timeout: 120_000 });
    times.push(Date.now() - t0);
    await context.close();
  }
  const result = { runs: RUNS, median_ms: median(times), all_ms: times };
  console.log(`composer hydrated on a throttled phone: ${JSON.stringify(result)}`);
  fs.mkdirSync('test-results', { recursive: true });
  fs.writeFileSync('test-results/throttled-bench.json', JSON.stringify(result, null, 2));
});
