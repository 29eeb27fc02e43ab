import { BrowserContext, expect, Page, Route } from '@playwright/test';
import { hydrated } from '../helpers';

/** Waits until the service worker controls the page and has kept this member's offline pages. */
export async function offlineReady(page: Page) {
  await hydrated(page);
  await page.waitForFunction(async () => {
    if (!navigator.serviceWorker.controller) return false;
    const names = await caches.keys();
    const pages = names.find((n) => n.startsWith('liner-pages-'));
    if (!pages || !names.some((n) => n.startsWith('liner-assets-'))) return false;
    const cache = await caches.open(pages);
    return !!(await cache.match('/posts/new')) && !!(await cache.match('/posts'));
  }, undefined, { timeout: 15_000 });
}

const cut = (route: Route) =>
  route.request().serviceWorker() ? route.abort('internetdisconnected') : route.fallback();

/**
 * No network for the page and for its service worker alike: `setOffline` does not reach the
 * worker's own fetches, so those are aborted by a route too.
 */
export async function goOffline(context: BrowserContext) {
  await context.route('**/*', cut);
  await context.setOffline(true);
}

export async function goOnline(context: BrowserContext) {
  await context.unroute('**/*', cut);
  await context.setOffline(false);
}

/** The header's offline mark. */
export async function expectOffline(page: Page) {
  await expect(page.getByRole('navigation', { name: 'Main' }).getByText('Offline')).toBeVisible();
}

/** Liner's caches in this browser, by name. */
export function cacheNames(page: Page): Promise<string[]> {
  return page.evaluate(() => caches.keys());
}

/** The keys of this browser's localStorage that hold drafts. */
export function draftKeys(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('liner:draft:')),
  );
}
