import { test as base, BrowserContext, expect, Locator, Page } from '@playwright/test';

/**
 * Playwright's `test`, failing any test whose pages (in its own context) report a
 * Content-Security-Policy violation: a script or style the policy blocked is a broken page.
 */
export const test = base.extend<{ cspViolations: void }>({
  cspViolations: [
    async ({ context, browser }, use) => {
      const seen: string[] = [];
      const watch = (c: BrowserContext) =>
        c.on('console', (msg) => {
          if (/Content Security Policy/i.test(msg.text())) seen.push(msg.text());
        });
      watch(context);
      // Contexts a test opens itself (a second member, another device) are watched too.
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const c = await newContext(options);
        watch(c);
        return c;
      };
      try {
        await use();
      } finally {
        browser.newContext = newContext;
      }
      expect(seen, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

/** Waits until the page has hydrated, so clicks reach the app and not dead server HTML. */
export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** Signs in through the sandbox's fake Discord as the member on `button`. */
export async function signInAs(page: Page, button: string) {
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('main').getByRole('link', { name: 'Sign in with Discord' }).click();
  await page.getByRole('button', { name: button }).click();
}

/** Opens a fresh composer (no local draft offered). */
export async function newPost(page: Page) {
  await page.goto('/posts/new');
  await hydrated(page);
  await expect(page).toHaveURL(/\/posts\/new\?draft=/);
}

/** The live preview of the message. */
export function preview(page: Page): Locator {
  return page.getByRole('region', { name: 'Message preview' });
}

/** Presses Tab until `target` has focus, as a keyboard user would. */
export async function tabTo(page: Page, target: Locator, max = 120) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target} with Tab`);
}

/** Fills the Release step with a complete release. */
export async function fillRelease(page: Page, title: string) {
  await page.getByLabel('Release title').fill(title);
  await page.getByLabel('Artist(s)').fill('Massive Attack');
  await page.getByLabel('Release date').fill('1991-04-08');
  await page.getByRole('textbox', { name: 'Label', exact: true }).fill('Wild Bunch');
  await page.getByRole('button', { name: 'Add track' }).click();
  await page.getByLabel('Track 1 title').fill('Safe from Harm');
  await page.getByLabel('Track 1 duration').fill('5:18');
  await page.getByRole('button', { name: 'Add track' }).click();
  await page.getByLabel('Track 2 title').fill('Unfinished Sympathy');
  await page.getByLabel('Track 2 duration').fill('5:08');
  await page.getByRole('button', { name: 'Add link' }).click();
  await page.getByLabel('Link 1 URL').fill('https://open.spotify.com/album/blue-lines');
}

/** In an open composer: a minimal release, the channel, and "Publish now" from the Review step. */
export async function publishTo(page: Page, title: string, channel: string, artist = 'Portishead') {
  await page.getByLabel('Release title').fill(title);
  await page.getByLabel('Artist(s)').fill(artist);
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.getByLabel('Channel').selectOption({ label: channel });
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Publish now' }).click();
}
