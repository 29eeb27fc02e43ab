import { expect, Browser, Page } from '@playwright/test';
import { test } from './helpers';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hydrated, newPost, publishTo, signInAs } from './helpers';

// The fake Discord's spare channel, which Liner is not given at start.
const SPARE_WEBHOOK = 'https://discord.com/api/webhooks/500000000000000006/sandbox-new-releases-webhook-token';

async function asAdmin(page: Page, path: string) {
  await signInAs(page, 'Ada (admin)');
  await page.goto(path);
  await hydrated(page);
}

async function asPat(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
  await signInAs(page, 'Pat (poster)');
  await hydrated(page);
  return page;
}

/** Adds a webhook channel from Admin → Channels. */
async function addChannel(page: Page, name: string) {
  await page.getByLabel('Channel name', { exact: true }).fill(name);
  await page.getByLabel('Webhook URL').fill(SPARE_WEBHOOK);
  await page.getByRole('button', { name: 'Add channel' }).click();
  await expect(page.getByRole('status').filter({ hasText: `#${name} added.` })).toBeVisible();
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('a poster gets the "for admins" page, and no Admin link', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await hydrated(page);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toHaveCount(0);
  const resp = await page.goto('/admin/channels');
  expect(resp?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'For admins' })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
});

test('Ada adds a webhook channel from the page and Pat posts to it', async ({ page, browser }) => {
  await signInAs(page, 'Ada (admin)');
  await hydrated(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByRole('heading', { name: 'Channels', level: 1 })).toBeVisible();
  const name = `new-releases-${Date.now()}`;
  await addChannel(page, name);
  const row = page.getByRole('row', { name: new RegExp(`#${name}`) });
  await expect(row).toContainText('Webhook');
  await expect(row).toContainText('webhook …0006');
  await expect(row).toContainText('Working');
  // The URL is never shown again.
  await expect(page.getByLabel('Webhook URL')).toHaveValue('');
  await expect(page.getByRole('table')).not.toContainText('sandbox-new-releases-webhook-token');

  const pat = await asPat(browser);
  await newPost(pat);
  const title = `Protection ${Date.now()}`;
  await publishTo(pat, title, `#${name}`);
  await expect(pat.getByRole('row', { name: new RegExp(title) }).getByText('Published')).toBeVisible();
  await pat.getByRole('link', { name: 'Sandbox Discord' }).click();
  await expect(pat.getByRole('listitem').filter({ hasText: title })).toContainText('#new-releases');

  await page.reload();
  await expect(page.getByRole('row', { name: new RegExp(`#${name}`) }).getByRole('cell', { name: '1', exact: true })).toBeVisible();
});

test('a bad webhook is refused next to its field, and nothing is added', async ({ page }) => {
  await asAdmin(page, '/admin/channels');
  const rows = await page.getByRole('row').count();
  await page.getByLabel('Channel name', { exact: true }).fill('bad-one');
  await page.getByLabel('Webhook URL').fill('https://example.com/not-discord');
  await page.getByRole('button', { name: 'Add channel' }).click();
  const field = page.getByLabel('Webhook URL');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#add-webhook-url-error')).toContainText('https://discord.com/api/webhooks/');
  await page.getByLabel('Channel name', { exact: true }).fill('releases');
  await field.fill(SPARE_WEBHOOK);
  await page.getByRole('button', { name: 'Add channel' }).click();
  await expect(page.getByLabel('Channel name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#add-webhook-name-error')).toContainText('already a channel named #releases');
  await expect(page.getByRole('row')).toHaveCount(rows);
});

test('Ada disables a channel and Pat\'s picker no longer lists it, until she enables it', async ({ page, browser }) => {
  await asAdmin(page, '/admin/channels');
  await page.getByRole('button', { name: 'Disable #announcements' }).click();
  const row = page.getByRole('row', { name: /#announcements/ });
  await expect(row.getByText('Disabled')).toBeVisible();

  const pat = await asPat(browser);
  await newPost(pat);
  await pat.getByLabel('Release title').fill('Picker check');
  await pat.getByLabel('Artist(s)').fill('Portishead');
  await pat.getByRole('button', { name: 'Schedule' }).click();
  const picker = pat.getByLabel('Channel');
  await expect(picker.locator('option', { hasText: '#releases' })).toHaveCount(1);
  await expect(picker.locator('option', { hasText: '#announcements' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Enable #announcements' }).click();
  await expect(row.getByText('Working')).toBeVisible();
  await newPost(pat);
  await pat.getByLabel('Release title').fill('Picker check again');
  await pat.getByLabel('Artist(s)').fill('Portishead');
  await pat.getByRole('button', { name: 'Schedule' }).click();
  await expect(pat.getByLabel('Channel').locator('option', { hasText: '#announcements' })).toHaveCount(1);
});

test('a channel with scheduled posts cannot be removed; without them it can', async ({ page, browser }) => {
  await asAdmin(page, '/admin/channels');
  const name = `hold-${Date.now()}`;
  await addChannel(page, name);
  const pat = await asPat(browser);
  const channels = await (await pat.request.post('/api/channels', { data: {} })).json();
  const channel = channels.find((c: { name: string }) => c.name === name);
  const title = `Later Days ${Date.now()}`;
  const scheduled = await pat.request.post('/api/posts/publish', {
    data: {
      request: {
        draft: {
          id: crypto.randomUUID(),
          release: { title, artists: 'Portishead' },
          body: { title, description: 'Soon' },
          schedule: { channel_id: channel.id, when: { mode: 'at', local: '2099-06-01T09:00', timezone: 'UTC' } },
        },
        base_revision: null,
      },
    },
  });
  expect(scheduled.status()).toBe(200);
  const post = await scheduled.json();

  await page.reload();
  await hydrated(page);
  await page.getByRole('button', { name: `Remove #${name}` }).click();
  await page.getByRole('alertdialog', { name: 'Confirm remove' }).getByRole('button', { name: 'Yes, remove' }).click();
  await expect(page.getByRole('alert').filter({ hasText: `#${name} still has posts scheduled to it` })).toContainText(title);
  await expect(page.getByRole('row', { name: new RegExp(`#${name}`) })).toBeVisible();

  expect((await pat.request.post('/api/posts/delete', { data: { id: post.id } })).status()).toBe(200);
  await page.getByRole('button', { name: `Remove #${name}` }).click();
  await page.getByRole('alertdialog', { name: 'Confirm remove' }).getByRole('button', { name: 'Yes, remove' }).click();
  await expect(page.getByRole('row', { name: new RegExp(`#${name}`) })).toHaveCount(0);
});

test('Ada signs Pat out everywhere and Pat\'s next click lands on sign-in', async ({ page, browser }) => {
  const pat = await asPat(browser);
  await pat.goto('/posts/new');
  await hydrated(pat);
  await asAdmin(page, '/admin/members');
  const row = page.getByRole('row', { name: /Pat/ });
  await expect(row).toContainText('Poster');
  await row.getByRole('button', { name: 'Sign Pat out everywhere' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Signed out: \d+ sessions? ended/ })).toBeVisible();

  await pat.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Posts' }).click();
  await expect(pat).toHaveURL(/\/signin/);
  // Ada is still signed in.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Members' })).toBeVisible();
});

test('the audit log lists who did what, filters by member, and keeps a deleted post\'s entries', async ({ page, browser }) => {
  const pat = await asPat(browser);
  await newPost(pat);
  const title = `Deleted Later ${Date.now()}`;
  await publishTo(pat, title, '#releases');
  const row = pat.getByRole('row', { name: new RegExp(title) });
  await expect(row.getByText('Published')).toBeVisible();
  await row.getByRole('button', { name: `Delete ${title}` }).click();
  await pat.getByRole('alertdialog', { name: 'Confirm delete' }).getByRole('button', { name: 'Delete from Liner only' }).click();
  await expect(pat.getByRole('row', { name: new RegExp(title) })).toHaveCount(0);

  await asAdmin(page, '/admin/audit');
  const log = page.getByRole('table', { name: 'Audit entries' });
  const entries = log.getByRole('row').filter({ hasText: title });
  await expect(entries.filter({ hasText: 'deleted the post from Liner' })).toBeVisible();
  await expect(entries.filter({ hasText: 'published the post' })).toContainText('Liner');
  await expect(entries.filter({ hasText: 'scheduled the post' })).toContainText('Pat');

  await page.getByLabel('Member').selectOption({ label: 'Ada' });
  await expect(log.getByRole('row').filter({ hasText: 'signed in' }).first()).toContainText('Ada');
  await expect(log.getByRole('row').filter({ hasText: title })).toHaveCount(0);
  await page.getByLabel('Member').selectOption({ label: 'Pat' });
  await expect(log.getByRole('row').filter({ hasText: title }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', /member=\d+/);

  // The deleted post's page says so to an admin, with its history.
  await entries.filter({ hasText: 'deleted the post from Liner' }).getByRole('link', { name: title }).click();
  await expect(page.getByRole('status').filter({ hasText: 'This post was deleted from Liner by Pat' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'History' })).toContainText('created the post');

  const download = page.waitForEvent('download');
  await page.goto('/admin/audit');
  await hydrated(page);
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('liner-audit.csv');
});

test('the admin pages have no serious accessibility violations', async ({ page }) => {
  for (const path of ['/admin/channels', '/admin/members', '/admin/audit', '/admin/approvals', '/admin/system']) {
    if (path === '/admin/channels') await asAdmin(page, path);
    else {
      await page.goto(path);
      await hydrated(page);
    }
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('Loading…')).toHaveCount(0);
    expect(await seriousViolations(page), path).toEqual([]);
  }
});

test('a webhook identity shows in the preview and arrives with the sandbox message', async ({ page, browser }) => {
  // Ada gives #singles a sender.
  await asAdmin(page, '/admin/channels');
  await page.getByRole('button', { name: 'Set the sender of #singles' }).click();
  await page.getByLabel('Display name for #singles').fill('Singles Club');
  await page.getByRole('button', { name: 'Save sender' }).click();
  await expect(page.getByRole('row', { name: /#singles/ })).toContainText('Posts as “Singles Club”');

  const pat = await asPat(browser);
  await newPost(pat);
  const title = `Sour Times ${Date.now()}`;
  await pat.getByLabel('Release title').fill(title);
  await pat.getByLabel('Artist(s)').fill('Portishead');
  await pat.getByRole('button', { name: 'Schedule' }).click();
  await pat.getByLabel('Channel').selectOption({ label: '#singles' });
  await expect(pat.getByRole('article', { name: 'Message from Singles Club' })).toBeVisible();
  // The post's own name wins over the channel's.
  await pat.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: 'Post' }).click();
  await pat.getByLabel('Display name').fill('Pat Picks');
  await expect(pat.getByRole('article', { name: 'Message from Pat Picks' })).toBeVisible();
  await pat.getByLabel('Display name').fill('Clyde');
  await expect(pat.locator('#username-error')).toContainText('“discord” or “clyde”');
  await pat.getByLabel('Display name').fill('Pat Picks');
  await pat.getByRole('button', { name: 'Review' }).click();
  await pat.getByRole('button', { name: 'Publish now' }).click();
  await expect(pat.getByRole('row', { name: new RegExp(title) }).getByText('Published')).toBeVisible();
  await pat.getByRole('link', { name: 'Sandbox Discord' }).click();
  await expect(pat.getByRole('article', { name: 'Message from Pat Picks' }).filter({ hasText: title })).toBeVisible();

  // Back to the webhook's own name, for the other tests.
  await page.getByRole('button', { name: 'Set the sender of #singles' }).click();
  await page.getByLabel('Display name for #singles').fill('');
  await page.getByRole('button', { name: 'Save sender' }).click();
  await expect(page.getByRole('row', { name: /#singles/ })).not.toContainText('Posts as');
});

test('the System page shows the counts after posts went out, with charts and their tables', async ({ page, browser }) => {
  const pat = await asPat(browser);
  await newPost(pat);
  const title = `Karmacoma ${Date.now()}`;
  await publishTo(pat, title, '#releases');
  await expect(pat.getByRole('row', { name: new RegExp(title) }).getByText('Published')).toBeVisible();

  await asAdmin(page, '/admin/system');
  await expect(page.getByRole('heading', { name: 'System', level: 1 })).toBeVisible();
  const published = page.getByRole('row', { name: /^Published/ });
  await expect(published.getByRole('cell').first()).not.toHaveText('0');
  await expect(page.getByRole('heading', { name: 'Publish delay after the scheduled time' })).toBeVisible();
  await expect(page.getByText(/median, .* at the 99th percentile, over \d+ published posts/)).toBeVisible();
  await expect(page.getByRole('row', { name: /^Spotify/ })).toContainText('Working');
  const chart = page.getByRole('img', { name: /Posts per day/ });
  await expect(chart).toBeVisible();
  await page.getByText('Posts per day as a table').click();
  const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  await expect(page.getByRole('table', { name: 'Posts per day' }).getByRole('row', { name: new RegExp(`^${today}`) })).toBeVisible();
});

test('after `liner backup` the System page says when the last backup was taken', async ({ page }) => {
  const database = process.env.LINER_E2E_DATABASE;
  test.skip(!database, 'run through end2end/run.sh, which names the database');
  const file = join(mkdtempSync(join(tmpdir(), 'liner-backup-')), 'nightly.db');
  const said = execFileSync('../target/release/liner', ['backup', file], {
    env: { PATH: process.env.PATH, LINER_MODE: 'sandbox', DATABASE_URL: database, RUST_LOG: 'warn' },
  }).toString();
  expect(said).toContain('Keep LINER_SECRET_KEY with it');

  await asAdmin(page, '/admin/system');
  const today = new Date().toISOString().slice(0, 10);
  const lastBackup = page.getByRole('definition').filter({ hasText: new RegExp(`^${today} .*UTC \\(`) });
  await expect(page.getByRole('term').filter({ hasText: 'Last backup' })).toBeVisible();
  await expect(lastBackup).toBeVisible();
});

test('Ada adds a bot channel picked from the channels the bot can post in', async ({ page }) => {
  await asAdmin(page, '/admin/channels');
  const picker = page.getByLabel('Discord channel', { exact: true });
  // A read-only channel, a forum and a voice channel are not offered; one added already is marked.
  await expect(picker.getByRole('option', { name: '#rules' })).toHaveCount(0);
  await expect(picker.getByRole('option', { name: '#release-threads' })).toHaveCount(0);
  await expect(picker.getByRole('option', { name: '#news (added)' })).toBeDisabled();
  await picker.selectOption({ label: '#announcements' });
  await expect(page.getByLabel('Bot channel name')).toHaveValue('announcements');
  const name = `bot-announcements-${Date.now()}`;
  await page.getByLabel('Bot channel name').fill(name);
  await page.getByRole('button', { name: 'Add bot channel' }).click();
  await expect(page.getByRole('status').filter({ hasText: `#${name} added.` })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(`#${name}`) });
  await expect(row).toContainText('Bot');
  await expect(row).toContainText('announcements');
});
