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

  // Time from navigation to hydrated, on fresh contexts, with the browser's HTTP cache emptied
  // before each timed load: cold (no worker), with the worker holding the build (online), and
  // with the worker and no network.
  const cold: number[] = [];
  const warm: number[] = [];
  const offline: number[] = [];
  const timedLoad = async (p: import('@playwright/test').Page) => {
    const cdp = await p.context().newCDPSession(p);
    await cdp.send('Network.clearBrowserCache');
    const t0 = Date.now();
    await p.goto('/posts/new');
    await hydrated(p);
    return Date.now() - t0;
  };
  for (let i = 0; i < RUNS; i++) {
    const plain = await browser.newContext({ serviceWorkers: 'block' });
    const a = await plain.newPage();
    await signInAs(a, 'Pat (poster)');
    cold.push(await timedLoad(a));
    await plain.close();

    const installed = await browser.newContext({ serviceWorkers: 'allow' });
    const b = await installed.newPage();
    await signInAs(b, 'Pat (poster)');
    await b.goto('/posts');
    await hydrated(b);
    await b.waitForFunction(async () => {
      const names = await caches.keys();
      const pages = names.find((k) => k.startsWith('liner-pages-'));
      return !!navigator.serviceWorker.controller && !!pages && !!(await (await caches.open(pages)).match('/posts/new'));
    });
    warm.push(await timedLoad(b));
    await installed.route('**/*', (r) => (r.request().serviceWorker() ? r.abort('internetdisconnected') : r.fallback()));
    await installed.setOffline(true);
    offline.push(await timedLoad(b));
    await installed.close();
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
