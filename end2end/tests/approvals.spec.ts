import { expect, Browser, Page } from '@playwright/test';
import { test } from './helpers';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, newPost, signInAs } from './helpers';

// Approvals are one setting for the whole Liner: each test turns them on and, whatever happens,
// off again, so the other specs (run one at a time) publish as before.

async function setApprovals(page: Page, on: boolean) {
  await page.goto('/admin/approvals');
  await hydrated(page);
  const toggle = page.getByRole('checkbox', { name: "Posters' posts need an admin's approval" });
  if ((await toggle.isChecked()) !== on) await toggle.click();
  await expect(toggle).toBeChecked({ checked: on });
  await expect(page.getByText(on ? /^On: / : /^Off: /)).toBeVisible();
}

async function asPat(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
  await signInAs(page, 'Pat (poster)');
  await hydrated(page);
  return page;
}

/** Pat writes a post and submits it from the Review step; returns on its page. */
async function submit(pat: Page, title: string) {
  await newPost(pat);
  await pat.getByLabel('Release title').fill(title);
  await pat.getByLabel('Artist(s)').fill('Portishead');
  await pat.getByRole('button', { name: 'Schedule' }).click();
  await pat.getByLabel('Channel').selectOption({ label: '#releases' });
  await pat.getByRole('button', { name: 'Review' }).click();
  await expect(pat.getByRole('button', { name: 'Publish now' })).toHaveCount(0);
  await expect(pat.getByText('As soon as an admin approves it')).toBeVisible();
  await pat.getByRole('button', { name: 'Submit for approval' }).click();
  // Back on the dashboard, the post waits; its page says for whom.
  const row = pat.getByRole('row', { name: new RegExp(title) });
  await expect(row.getByText('Awaiting approval', { exact: true })).toBeVisible();
  await row.getByRole('link', { name: title, exact: true }).click();
  await expect(pat.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(pat.getByText('Awaiting approval', { exact: true })).toBeVisible();
}

test.beforeEach(async ({ page }) => {
  await signInAs(page, 'Ada (admin)');
  await hydrated(page);
  await setApprovals(page, true);
});

test.afterEach(async ({ page }) => {
  await setApprovals(page, false);
});

test('with approvals on, Pat submits, Ada approves, and the post arrives in the sandbox channel', async ({ page, browser }) => {
  const pat = await asPat(browser);
  const title = `Dummy ${Date.now()}`;
  await submit(pat, title);
  await expect(pat.getByText(/Submitted for approval by Pat/)).toBeVisible();

  // The header counts what waits.
  await page.goto('/posts');
  await hydrated(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Approvals \(\d+\)$/ }).click();
  const item = page.getByRole('article', { name: title });
  await expect(item.getByRole('region', { name: `Preview of “${title}”` })).toContainText(title);
  await expect(item).toContainText('By Pat');
  expect(await new AxeBuilder({ page }).analyze().then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id))).toEqual([]);
  await item.getByRole('button', { name: `Approve “${title}”` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Approved “${title}”` })).toBeVisible();
  await expect(page.getByRole('article', { name: title })).toHaveCount(0);

  await pat.goto('/posts');
  await hydrated(pat);
  await expect(pat.getByRole('row', { name: new RegExp(title) }).getByText('Published')).toBeVisible();
  await pat.getByRole('link', { name: 'Sandbox Discord' }).click();
  await expect(pat.getByRole('listitem').filter({ hasText: title })).toContainText('#releases');

  // The audit log has the approval.
  await page.goto('/admin/audit');
  await hydrated(page);
  await expect(page.getByRole('row', { name: new RegExp(`Ada.*approved the post.*${title}`) })).toBeVisible();
});

test('Ada sends a post back with a comment, and Pat reads it', async ({ page, browser }) => {
  const pat = await asPat(browser);
  const title = `Roads ${Date.now()}`;
  await submit(pat, title);

  await page.goto('/admin/approvals');
  await hydrated(page);
  const item = page.getByRole('article', { name: title });
  // A comment is required.
  await item.getByRole('button', { name: `Send “${title}” back` }).click();
  await expect(item.getByRole('alert').filter({ hasText: 'Say what should change' })).toBeVisible();
  await item.getByLabel('Comment for Pat').fill('Add the release date, please.');
  await item.getByRole('button', { name: `Send “${title}” back` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Sent “${title}” back` })).toBeVisible();

  await pat.reload();
  await hydrated(pat);
  await expect(pat.getByText(/Sent back by Ada on .*: “Add the release date, please\.”/)).toBeVisible();
  await pat.goto('/posts');
  await hydrated(pat);
  await expect(pat.getByRole('row', { name: new RegExp(title) }).getByText('Sent back')).toBeVisible();
});
