import { expect, Page } from '@playwright/test';
import { test } from './helpers';
import { hydrated, newPost, signInAs } from './helpers';

test.use({ viewport: { width: 360, height: 740 } });

/** The page is no wider than the screen: nothing to scroll sideways. */
async function fitsTheScreen(page: Page, what: string) {
  await hydrated(page);
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll, `${what} is ${scroll}px wide on a ${width}px screen`).toBeLessThanOrEqual(width);
}

test('every page fits a 360 px wide phone without scrolling sideways', async ({ page }) => {
  await page.goto('/');
  await fitsTheScreen(page, 'the home page');
  await page.goto('/signin');
  await fitsTheScreen(page, 'the sign-in page');

  await signInAs(page, 'Ada (admin)');
  await newPost(page);
  const title = `Maxinquaye ${Date.now()}`;
  await fitsTheScreen(page, "the composer's Release step");
  await page.getByLabel('Release title').fill(title);
  await page.getByLabel('Artist(s)').fill('Tricky');
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Post', exact: true })).toBeVisible();
  await fitsTheScreen(page, "the composer's Post step");
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  await page.getByLabel('Channel').selectOption({ label: '#releases' });
  await fitsTheScreen(page, "the composer's Schedule step");
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Review', exact: true })).toBeVisible();
  await fitsTheScreen(page, "the composer's Review step");
  await page.getByRole('button', { name: 'Preview' }).click();
  await fitsTheScreen(page, 'the composer with its preview open');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page).toHaveURL(/\/posts$/);
  await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible();
  await fitsTheScreen(page, 'the posts list');

  await page.getByRole('link', { name: title, exact: true }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await fitsTheScreen(page, "a post's page");
  await page.goto('/sandbox');
  await fitsTheScreen(page, 'the sandbox view');
  await page.goto('/posts/999999');
  await fitsTheScreen(page, 'a missing post');
});
