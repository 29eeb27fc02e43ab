import { expect } from '@playwright/test';
import { test } from './helpers';
import { hydrated, newPost, publishTo, signInAs } from './helpers';

test('a second post of the same release shows who posted it, and may still go out', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await hydrated(page);
  const title = `Dummy ${Date.now()}`;
  await newPost(page);
  await publishTo(page, title, '#releases');
  await expect(page.getByRole('row', { name: new RegExp(title) }).getByText('Published')).toBeVisible();

  // The same release, typed differently.
  await newPost(page);
  await page.getByLabel('Release title').fill(`${title.toUpperCase()}!`);
  await page.getByLabel('Artist(s)').fill('portishead');
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.getByLabel('Channel').selectOption({ label: '#singles' });
  await page.getByRole('button', { name: 'Review' }).click();
  const note = page.getByRole('note', { name: 'Already posted' });
  await expect(note).toContainText(/Already posted to #releases on \d+ \w+ \d{4} by Pat/);
  await expect(page.getByRole('button', { name: 'Publish now' })).toBeEnabled();
  await note.getByRole('link', { name: 'Open that post' }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
});
