import { expect, Browser, Page } from '@playwright/test';
import { test } from '../helpers';
import { hydrated, signInAs } from '../helpers';
import {
  cacheNames,
  draftKeys,
  expectOffline,
  goOffline,
  goOnline,
  offlineReady,
} from './offline-helpers';

/** Signs in and opens Posts once online, so the worker installs and keeps the offline pages. */
async function visitOnce(page: Page, member = 'Pat (poster)') {
  await signInAs(page, member);
  await page.goto('/posts');
  await offlineReady(page);
}

/** Does `what` on another device (a fresh browser context) signed in as Pat. */
async function onAnotherDevice(browser: Browser, what: (page: Page) => Promise<void>) {
  const other = await browser.newContext();
  const page = await other.newPage();
  await signInAs(page, 'Pat (poster)');
  await what(page);
  await other.close();
}

/** In the composer: a release typed by hand, then "Save draft". */
async function draftAndSave(page: Page, title: string) {
  await page.getByLabel('Release title').fill(title);
  await page.getByLabel('Artist(s)').fill('Portishead');
  await page.getByRole('button', { name: 'Save draft' }).click();
}

test('Liner is installable: manifest, icons and no installability errors', async ({ page, context }) => {
  await page.goto('/');
  await hydrated(page);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const manifest = await (await page.request.get(href!)).json();
  expect(manifest).toMatchObject({
    name: 'Liner',
    short_name: 'Liner',
    id: '/',
    start_url: '/posts',
    scope: '/',
    display: 'standalone',
    theme_color: '#18181b',
    background_color: '#09090b',
  });
  const icons = manifest.icons as { src: string; sizes: string; purpose: string }[];
  expect(icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(
    expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']),
  );
  const touch = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  for (const src of [...icons.map((i) => i.src), touch!]) {
    const res = await page.request.get(src);
    expect(res.status(), src).toBe(200);
    expect(res.headers()['content-type']).toBe('image/png');
  }
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  const errors = installabilityErrors.map((e: { errorId: string }) => e.errorId);
  expect(errors.filter((id: string) => id !== 'in-incognito')).toEqual([]);
});

test('the worker precaches exactly this build: its wasm, JS and CSS', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const js = await page.locator('link[rel="modulepreload"]').getAttribute('href');
  const wasm = await page.locator('link[rel="preload"][as="fetch"]').getAttribute('href');
  const css = await page.locator('link[rel="stylesheet"]').first().getAttribute('href');
  for (const asset of [js, wasm, css]) expect(asset).toMatch(/^\/pkg\/liner\.[^.]+\.(js|wasm|css)$/);
  const res = await page.request.get('/sw.js');
  expect(res.headers()['cache-control']).toBe('no-cache');
  const script = await res.text();
  for (const asset of [js, wasm, css]) expect(script).toContain(`"${asset}"`);
  const hashed = await page.request.get(wasm!);
  expect(hashed.headers()['cache-control']).toContain('immutable');
});

test('offline after one visit: New post opens, drafts, saves on the device, and Posts lists it', async ({ page, context, browser }) => {
  await visitOnce(page);
  const title = `Dummy ${Date.now()}`;
  await goOffline(context);

  const response = await page.goto('/posts/new');
  expect(response?.fromServiceWorker()).toBe(true);
  await hydrated(page);
  await expectOffline(page);

  // Find the release says it needs a connection; typing by hand works, with the preview.
  await expect(page.getByText('Finding a release needs a connection')).toBeVisible();
  await expect(page.getByLabel('Search releases')).toBeDisabled();
  await draftAndSave(page, title);
  await expect(page.getByText('Saved on this device — will sync when online.')).toBeVisible();
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('region', { name: 'Message preview' })).toContainText(title);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: '1 unsynced drafts' })).toBeVisible();

  // The Schedule step has the channel list the device kept; publishing is disabled with the
  // reason.
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  await page.getByLabel('Channel').selectOption({ label: '#releases' });
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  await expect(page.getByText('#releases')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Publish now' })).toBeDisabled();
  await expect(page.getByText('Offline: publishing and scheduling need a connection')).toBeVisible();

  // Posts, by a client-side navigation and by a full load, lists it as not synced above the
  // last list from the server.
  await nav.getByRole('link', { name: 'Posts' }).click();
  const device = page.getByRole('region', { name: 'On this device' });
  await expect(device.getByRole('listitem').filter({ hasText: title })).toContainText('Not synced');
  await expect(page.getByText(/The last list from the server, fetched/)).toBeVisible();
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await hydrated(page);
  await expect(device.getByRole('listitem').filter({ hasText: title })).toContainText('Not synced');
  await expectOffline(page);

  // The device's copy reopens in the composer, offline.
  await device.getByRole('link', { name: title, exact: true }).click();
  await expect(page.getByLabel('Release title')).toHaveValue(title);
  await nav.getByRole('link', { name: 'Posts' }).click();

  // Back online: it syncs by itself, and the marks clear.
  const back = Date.now();
  await goOnline(context);
  await expect(nav.getByRole('link', { name: /unsynced drafts/ })).toHaveCount(0);
  console.log(`[figure] online → last draft acknowledged: ${Date.now() - back} ms`);
  await expect(device).toHaveCount(0);
  await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible();

  // Another browser signed in as the same poster sees it on the server.
  await onAnotherDevice(browser, async (laptop) => {
    await laptop.goto('/posts');
    await hydrated(laptop);
    await expect(laptop.getByRole('link', { name: title, exact: true })).toBeVisible();
  });
});

test('a draft synced twice (its answer lost) is stored once', async ({ page, context }) => {
  await visitOnce(page);
  await goOffline(context);
  await page.goto('/posts/new');
  await hydrated(page);
  const title = `Roseland ${Date.now()}`;
  await draftAndSave(page, title);
  await expect(page.getByText('Saved on this device')).toBeVisible();
  const waiting = await page.evaluate(() =>
    Object.entries(localStorage).find(([k, v]) => k.startsWith('liner:draft:') && v.includes('"waiting"')),
  );
  expect(waiting).toBeTruthy();
  await goOnline(context);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Posts' }).click();
  await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible();

  // As if the server's answer had never arrived: the same send goes again.
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), waiting!);
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('region', { name: 'On this device' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: title, exact: true })).toHaveCount(1);
});

test('an offline edit of a draft changed on another device ends in the choice, both kept', async ({ page, context, browser }) => {
  await visitOnce(page);
  await page.goto('/posts/new');
  await hydrated(page);
  const title = `Third ${Date.now()}`;
  await draftAndSave(page, title);
  await expect(page.getByText('Draft saved.')).toBeVisible();
  await expect(page).toHaveURL(/\/posts\/\d+\/edit$/);
  const editUrl = page.url();

  // Offline, this phone changes the label...
  await goOffline(context);
  await page.getByRole('textbox', { name: 'Label', exact: true }).fill('Go! Beat (phone)');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Saved on this device — will sync when online.')).toBeVisible();

  // ...while a laptop saves another change.
  await onAnotherDevice(browser, async (laptop) => {
    await laptop.goto(editUrl);
    await hydrated(laptop);
    await laptop.getByRole('textbox', { name: 'Label', exact: true }).fill('Island (laptop)');
    await laptop.getByRole('button', { name: 'Save draft' }).click();
    await expect(laptop.getByText('Draft saved.')).toBeVisible();
  });

  await goOnline(context);
  const dialog = page.getByRole('dialog', { name: 'This draft changed elsewhere' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Keep both as two drafts' }).click();
  await expect(page.getByText('Draft saved.')).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Posts' }).click();
  await expect(page.getByRole('link', { name: title, exact: true })).toHaveCount(2);
  const labels: string[] = [];
  for (const link of await page.getByRole('link', { name: title, exact: true }).all()) {
    await link.click();
    await page.getByRole('link', { name: /^Edit/ }).click();
    await hydrated(page);
    labels.push(await page.getByRole('textbox', { name: 'Label', exact: true }).inputValue());
    await page.goto('/posts');
    await hydrated(page);
  }
  expect(labels.sort()).toEqual(['Go! Beat (phone)', 'Island (laptop)']);
});

test('a draft deleted elsewhere while offline is not re-created: restore or discard', async ({ page, context, browser }) => {
  await visitOnce(page);
  await page.goto('/posts/new');
  await hydrated(page);
  const title = `Glory Box ${Date.now()}`;
  await draftAndSave(page, title);
  await expect(page.getByText('Draft saved.')).toBeVisible();
  await goOffline(context);
  await page.getByLabel('Artist(s)').fill('Portishead & Beth Gibbons');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Saved on this device')).toBeVisible();

  await onAnotherDevice(browser, async (laptop) => {
    await laptop.goto('/posts');
    await hydrated(laptop);
    await laptop.getByRole('button', { name: `Delete ${title}` }).click();
    await laptop.getByRole('alertdialog', { name: 'Confirm delete' }).getByRole('button', { name: 'Yes, delete' }).click();
    await expect(laptop.getByRole('link', { name: title, exact: true })).toHaveCount(0);
  });

  await goOnline(context);
  const dialog = page.getByRole('alertdialog', { name: 'Deleted elsewhere' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByText('Draft saved.')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Posts' }).click();
  await expect(page.getByRole('link', { name: title, exact: true })).toHaveCount(1);
});

test('pages that need the server show the offline page, never the browser error', async ({ page, context }) => {
  await visitOnce(page);
  await goOffline(context);
  for (const path of ['/sandbox', '/posts/1', '/signin']) {
    const res = await page.goto(path);
    expect(res?.fromServiceWorker(), path).toBe(true);
    await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'New post' }).first()).toBeVisible();
    await expectOffline(page);
  }
});

test('a new version waits for Reload, after the draft in hand is autosaved', async ({ page }) => {
  await visitOnce(page);
  await page.goto('/posts/new');
  await hydrated(page);
  const before = (await cacheNames(page)).filter((n) => n.startsWith('liner-assets-'));
  expect(before).toHaveLength(1);

  const res = await page.request.post('/sandbox/pwa/deploy');
  expect(res.status()).toBe(204);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  const banner = page.getByRole('region', { name: 'Update' });
  await expect(banner).toContainText('A new version of Liner is ready');

  // The old version keeps running meanwhile; what is typed now survives the reload.
  const title = `Numb ${Date.now()}`;
  await page.getByLabel('Release title').fill(title);
  await Promise.all([
    page.waitForEvent('load'),
    banner.getByRole('button', { name: 'Reload' }).click(),
  ]);
  await hydrated(page);
  await expect(page.getByRole('region', { name: 'Update' })).toHaveCount(0);
  await expect(page.getByLabel('Release title')).toHaveValue(title);
  const after = (await cacheNames(page)).filter((n) => n.startsWith('liner-'));
  expect(after.filter((n) => n.startsWith('liner-assets-'))).toHaveLength(1);
  expect(after).not.toContain(before[0]);
});

test('sign-out syncs first, asks before discarding, and leaves nothing private offline', async ({ page, context }) => {
  await visitOnce(page);
  await page.goto('/posts/new');
  await hydrated(page);
  const title = `Wandering Star ${Date.now()}`;
  await goOffline(context);
  await draftAndSave(page, title);
  await expect(page.getByText('Saved on this device')).toBeVisible();

  // Offline, the draft cannot sync: signing out asks first.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Sign out' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Drafts not synced' });
  await expect(ask).toContainText('1 draft on this device could not be synced');
  await ask.getByRole('button', { name: 'Stay signed in' }).click();
  expect(await draftKeys(page)).not.toEqual([]);

  // Online, it syncs and then signs out; nothing of Pat's is left on the device.
  await goOnline(context);
  await nav.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('main').getByRole('link', { name: 'Sign in with Discord' })).toBeVisible();
  expect((await cacheNames(page)).filter((n) => n.startsWith('liner-pages-'))).toEqual([]);
  expect(await draftKeys(page)).toEqual([]);
  await goOffline(context);
  await page.goto('/posts/new');
  await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
  await goOnline(context);

  // The synced draft reached the server; another member on this browser sees none of it.
  await visitOnce(page, 'Sam (poster)');
  await expect(page.getByRole('link', { name: title, exact: true })).toHaveCount(0);
  await goOffline(context);
  const res = await page.goto('/posts');
  expect(res?.fromServiceWorker()).toBe(true);
  await hydrated(page);
  await expect(page.getByText(title)).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Sam');
});

test('a sync refused because the session ended keeps the draft and asks to sign in again', async ({ page, context }) => {
  await visitOnce(page);
  await goOffline(context);
  await page.goto('/posts/new');
  await hydrated(page);
  const title = `Sour Times ${Date.now()}`;
  await draftAndSave(page, title);
  await expect(page.getByText('Saved on this device')).toBeVisible();

  await context.clearCookies();
  await goOnline(context);
  await expect(page.getByRole('alert').filter({ hasText: 'Your session has ended' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: '1 unsynced drafts' })).toBeVisible();

  // Signed in again, it syncs.
  await signInAs(page, 'Pat (poster)');
  await page.goto('/posts');
  await hydrated(page);
  await expect(nav.getByRole('link', { name: /unsynced drafts/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible();
});

test('a sync the server fails leaves the draft waiting, and the next try sends it', async ({ page, context }) => {
  await visitOnce(page);
  await goOffline(context);
  await page.goto('/posts/new');
  await hydrated(page);
  const title = `Mysterons ${Date.now()}`;
  await draftAndSave(page, title);
  await expect(page.getByText('Saved on this device')).toBeVisible();

  // The first save after coming back meets a server error (500).
  let saves = 0;
  await context.route('**/api/drafts/save', async (route) => {
    saves += 1;
    if (saves === 1) {
      await route.fulfill({ status: 500, contentType: 'application/json', body: '"Internal"' });
    } else {
      await route.fallback();
    }
  });
  await goOnline(context);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect.poll(() => saves).toBeGreaterThanOrEqual(1);
  await expect(nav.getByRole('link', { name: '1 unsynced drafts' })).toBeVisible();
  // Retried with backoff: it goes through, and the mark clears.
  await expect(nav.getByRole('link', { name: /unsynced drafts/ })).toHaveCount(0);
  expect(saves).toBeGreaterThanOrEqual(2);
  await nav.getByRole('link', { name: 'Posts' }).click();
  await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible();
});
