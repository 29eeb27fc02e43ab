import { expect, Page } from '@playwright/test';

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
