import { test } from '@playwright/test';
import * as fs from 'fs';
import { hydrated, signInAs } from '../tests/helpers';

test.use({ serviceWorkers: 'allow' });

const RUNS = 5;

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Bytes on the wire for `url` as a browser asks for it (brotli where served so). */
async function wireBytes(base: string, url: string): Promise<number> {
  const res = await fetch(new URL(url, base), { headers: { 'accept-encoding': 'br, gzip' } });
  // fetch decodes the body; the length header is what travelled.
  const length = Number(res.headers.get('content-length'));
  const body = (await res.arrayBuffer()).byteLength;
  return length > 0 ? length : body;
}

test('precache size, and first load of New post with and without the worker', async ({ page, browser, baseURL }) => {
  // The precache, as the worker downloads it at install.
  const script = await (await page.request.get('/sw.js')).text();
  const list: string[] = JSON.parse(script.match(/const PRECACHE = (\[.*?\]);/)![1]);
  let precache = 0;
  const sizes: Record<string, number> = {};
  for (const url of list) {
    sizes[url] = await wireBytes(baseURL!, url);
    precache += sizes[url];
  }

  // Time from navigation to hydrated, cold (empty cache, no worker) and once the worker holds
  // the build (a later visit), on a fresh context each run.
  const cold: number[] = [];
  const warm: number[] = [];
  const offline: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    const p = await context.newPage();
    await signInAs(p, 'Pat (poster)');
    await p.evaluate(() => caches.keys().then((ks) => Promise.all(ks.map((k) => caches.delete(k)))));
    const t0 = Date.now();
    await p.goto('/posts/new');
    await hydrated(p);
    cold.push(Date.now() - t0);
    await p.waitForFunction(async () => !!navigator.serviceWorker.controller && (await caches.keys()).some((k) => k.startsWith('liner-pages-')));
    const t1 = Date.now();
    await p.goto('/posts/new');
    await hydrated(p);
    warm.push(Date.now() - t1);
    await context.setOffline(true);
    await context.route('**/*', (r) => (r.request().serviceWorker() ? r.abort('internetdisconnected') : r.fallback()));
    const t2 = Date.now();
    await p.goto('/posts/new');
    await hydrated(p);
    offline.push(Date.now() - t2);
    await context.close();
  }
  const figures = {
    precache_bytes_on_wire: precache,
    precache_files: sizes,
    new_post_to_hydrated_ms: {
      cold_no_worker_median: median(cold),
      with_worker_online_median: median(warm),
      with_worker_offline_median: median(offline),
      runs: RUNS,
    },
  };
  console.log(JSON.stringify(figures, null, 2));
  fs.mkdirSync('test-results', { recursive: true });
  fs.writeFileSync('test-results/offline-bench.json', JSON.stringify(figures, null, 2));
});
