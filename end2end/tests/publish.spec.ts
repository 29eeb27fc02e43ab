import { test, expect } from '@playwright/test';
import { hydrated, signInAs } from './helpers';

test('Pat publishes a post, sees it published live, and finds it in the sandbox channel', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await expect(page.getByText('Welcome, Pat.')).toBeVisible();
  await expect(page.getByText('Sandbox', { exact: true })).toBeVisible();

  await page.getByRole('navigation').getByRole('link', { name: 'New post' }).click();
  await expect(page.getByRole('heading', { name: 'New post' })).toBeVisible();
  await hydrated(page);

  const title = `Blue Lines ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Artist').fill('Massive Attack');
  await page.getByLabel('Description').fill('The **debut** album.\nOut now.');
  await page.getByLabel('Cover image URL').fill('https://img.example/blue-lines.png');
  await page.getByLabel('Channel').selectOption({ label: '#releases' });
  await page.getByRole('button', { name: 'Publish now' }).click();

  await expect(page).toHaveURL(/\/posts$/);
  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row).toBeVisible();
  // The status turns to Published through the live event stream, without a reload.
  await expect(row.getByText('Published')).toBeVisible();

  await page.getByRole('link', { name: 'Sandbox Discord' }).click();
  const message = page.getByRole('article').filter({ hasText: title });
  await expect(message).toBeVisible();
  await expect(message).toContainText('Massive Attack');
  await expect(message).toContainText('Liner');
  await expect(page.getByRole('listitem').filter({ hasText: title })).toContainText('#releases');
});

test('invalid input is explained beside the field and nothing is published', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await page.goto('/posts/new');
  await hydrated(page);
  await page.getByLabel('Title').fill('x'.repeat(257));
  await expect(page.getByText('Title is 257 characters; Discord allows at most 256.')).toBeVisible();
  await page.getByLabel('Cover image URL').fill('javascript:alert(1)');
  await expect(page.getByText('Cover image URL must start with http:// or https://.')).toBeVisible();
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByText('Artist is required.')).toBeVisible();
  await expect(page.getByText('Choose a channel.')).toBeVisible();
  await expect(page).toHaveURL(/\/posts\/new$/);
});

test('a post Discord refuses shows as Failed with Discord\'s reason', async ({ page, request }) => {
  await signInAs(page, 'Pat (poster)');
  // The sandbox's Discord will refuse the next message.
  const injected = await request.post('/sandbox/discord/_faults', { data: [{ status: 400 }] });
  expect(injected.status()).toBe(204);

  await page.goto('/posts/new');
  await hydrated(page);
  const title = `Refused ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Artist').fill('Portishead');
  await page.getByLabel('Channel').selectOption({ label: '#announcements' });
  await page.getByRole('button', { name: 'Publish now' }).click();

  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row.getByText('Failed')).toBeVisible();
  await expect(row).toContainText('Discord refused the post: Injected failure (HTTP 400).');
});
