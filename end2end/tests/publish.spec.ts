import { expect } from '@playwright/test';
import { test } from './helpers';
import { fillRelease, hydrated, newPost, preview, publishTo, signInAs } from './helpers';

test('a full wizard run: the preview shows the post as Discord will, and it is published', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await page.getByRole('navigation').getByRole('link', { name: 'New post' }).click();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Release', exact: true })).toBeVisible();

  const title = `Blue Lines ${Date.now()}`;
  await fillRelease(page, title);
  const shown = preview(page);
  // The album template fills the post from the release, live.
  await expect(shown.getByRole('link', { name: title })).toHaveAttribute('href', 'https://open.spotify.com/album/blue-lines');
  await expect(shown.getByRole('group', { name: 'Release date' })).toContainText('April 8, 1991');
  await expect(shown.getByRole('group', { name: 'Label' })).toContainText('Wild Bunch');
  // The generated tracklist is a numbered markdown list, drawn as a list as Discord draws it.
  await expect(shown.getByRole('group', { name: 'Tracklist' }).getByRole('listitem'))
    .toHaveText(['Safe from Harm (5:18)', 'Unfinished Sympathy (5:08)']);
  await expect(shown.getByRole('link', { name: 'Spotify' })).toBeVisible();
  await expect(shown).toContainText('2 tracks · 10:26');

  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Post', exact: true })).toBeFocused();
  await page.getByLabel('Description').fill('The **debut** album.\n> Bristol, 1991');
  await expect(shown.locator('strong')).toHaveText('debut');
  await expect(shown.locator('blockquote')).toHaveText('Bristol, 1991');
  await page.getByLabel('Button 1 label').fill('Listen on Spotify');
  await expect(shown.getByRole('link', { name: 'Listen on Spotify' })).toBeVisible();

  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Schedule', exact: true })).toBeFocused();
  await page.getByLabel('Channel').selectOption({ label: '#releases' });
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Review', exact: true })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('#releases');
  await page.getByRole('button', { name: 'Publish now' }).click();

  await expect(page).toHaveURL(/\/posts$/);
  const row = page.getByRole('row', { name: new RegExp(title) });
  // The status turns to Published through the live event stream, without a reload.
  await expect(row.getByText('Published')).toBeVisible();

  await page.getByRole('link', { name: 'Sandbox Discord' }).click();
  const message = page.getByRole('article').filter({ hasText: title });
  await expect(message).toBeVisible();
  await expect(message).toContainText('Safe from Harm (5:18)');
  await expect(message.getByRole('link', { name: 'Listen on Spotify' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: title })).toContainText('#releases');
});

test('Next is refused with the reasons beside the fields', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Release title is required.')).toBeVisible();
  await expect(page.getByText('Artist is required.')).toBeVisible();
  await expect(page.getByLabel('Release title')).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Release', exact: true })).toBeVisible();

  await page.getByLabel('Release title').fill('x'.repeat(257));
  await expect(page.getByText('Release title is 257 characters; the limit is 256.')).toBeVisible();
  await page.getByLabel('Cover image URL').fill('javascript:alert(1)');
  await expect(page.getByText('Cover image URL must start with http:// or https://.')).toBeVisible();
});

test('a post Discord refuses shows as Failed with Discord\'s reason', async ({ page, request }) => {
  await signInAs(page, 'Pat (poster)');
  // The sandbox's Discord will refuse the next message.
  const injected = await request.post('/sandbox/discord/_faults', { data: [{ status: 400 }] });
  expect(injected.status()).toBe(204);

  await newPost(page);
  const title = `Refused ${Date.now()}`;
  await publishTo(page, title, '#announcements');

  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row.getByText('Failed')).toBeVisible();
  await expect(row).toContainText('Discord refused the post: Injected failure (HTTP 400).');
});

/** Publishes a minimal post to #releases at once and waits until the dashboard shows it out. */
async function publishNow(page: import('@playwright/test').Page, title: string) {
  await newPost(page);
  await publishTo(page, title, '#releases');
  await expect(page.getByRole('row', { name: new RegExp(title) }).getByText('Published')).toBeVisible();
}

test('a published post is deleted from Liner only, or from Discord too when asked', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  const kept = `Kept in Discord ${Date.now()}`;
  const gone = `Gone from Discord ${Date.now()}`;
  await publishNow(page, kept);
  await publishNow(page, gone);

  const confirm = page.getByRole('alertdialog', { name: 'Confirm delete' });
  await page.getByRole('button', { name: `Delete ${kept}` }).click();
  await expect(confirm).toContainText('Its message stays in Discord unless you delete it there too.');
  await confirm.getByRole('button', { name: 'Delete from Liner only' }).click();
  await expect(page.getByRole('row', { name: new RegExp(kept) })).toHaveCount(0);

  await page.getByRole('button', { name: `Delete ${gone}` }).click();
  await confirm.getByRole('button', { name: 'Also delete from Discord' }).click();
  await expect(page.getByRole('row', { name: new RegExp(gone) })).toHaveCount(0);

  await page.getByRole('link', { name: 'Sandbox Discord' }).click();
  await expect(page.getByRole('article').filter({ hasText: kept })).toBeVisible();
  await expect(page.getByRole('article').filter({ hasText: gone })).toHaveCount(0);
});

test('a post being sent offers no Delete, on the dashboard and on its page, until it is done', async ({ page, request }) => {
  await signInAs(page, 'Pat (poster)');
  const title = `In flight ${Date.now()}`;
  // Discord takes four seconds over this send: long enough to look at the post meanwhile.
  expect((await request.post('/sandbox/discord/_faults', { data: [{ delay_ms: 4000 }] })).status()).toBe(204);
  await newPost(page);
  await publishTo(page, title, '#releases');
  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row.getByText('Publishing')).toBeVisible();
  // Deleting now would not stop the message: the send would still arrive.
  await expect(row.getByRole('button', { name: `Delete ${title}` })).toHaveCount(0);
  await expect(row.getByRole('button', { name: `Duplicate ${title}` })).toBeVisible();
  await row.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByRole('button', { name: `Delete ${title}` })).toHaveCount(0);
  // Once it went out, it can be edited in Discord or deleted.
  await expect(page.getByText('Published', { exact: true })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('button', { name: `Delete ${title}` })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit', exact: true })).toBeVisible();
});

test('a failed post is retried from the dashboard; a doubtful one is settled by an admin', async ({ page, request, browser }) => {
  await signInAs(page, 'Pat (poster)');
  const failed = `Retried ${Date.now()}`;
  const doubtful = `Doubtful ${Date.now()}`;
  // Discord refuses the first send and loses the answer of the second.
  expect((await request.post('/sandbox/discord/_faults', { data: [{ status: 400 }, { status: 502 }] })).status()).toBe(204);
  await newPost(page);
  await publishTo(page, failed, '#releases');
  const failedRow = page.getByRole('row', { name: new RegExp(failed) });
  await expect(failedRow.getByText('Failed')).toBeVisible();

  await newPost(page);
  await publishTo(page, doubtful, '#releases');
  const doubtfulRow = page.getByRole('row', { name: new RegExp(doubtful) });
  await expect(doubtfulRow.getByText('Needs review')).toBeVisible();
  // Only an admin, who can look at the channel, decides whether it arrived.
  await expect(doubtfulRow).toContainText('An admin will check the channel.');
  await expect(doubtfulRow.getByRole('button', { name: `${doubtful} arrived` })).toHaveCount(0);

  await expect(page.getByText('Live: statuses update as they change.')).toBeVisible();
  await failedRow.getByRole('button', { name: `Retry ${failed}` }).click();
  await expect(failedRow.getByText('Published')).toBeVisible();
  // The change arrived live, so it is news.
  const news = page.getByRole('status', { name: 'Post updates' });
  await expect(news).toContainText(`“${failed}” was published to #releases.`);
  await news.getByRole('button', { name: `Dismiss ${failed}` }).click();
  await expect(news).not.toContainText(failed);

  const admin = await (await browser.newContext()).newPage();
  await signInAs(admin, 'Ada (admin)');
  await admin.goto('/posts');
  await hydrated(admin);
  const adminRow = admin.getByRole('row', { name: new RegExp(doubtful) });
  await adminRow.getByRole('button', { name: `${doubtful} arrived` }).click();
  await expect(adminRow.getByText('Published')).toBeVisible();
  await expect(adminRow).toContainText('Ada checked the channel: it arrived.');
  // The poster's open dashboard follows live.
  await expect(doubtfulRow.getByText('Published')).toBeVisible();
  await expect(news).toContainText(`“${doubtful}” was published to #releases.`);
});

test('a channel whose webhook was deleted in Discord fails its post once, and admins are told', async ({ page, request, browser }) => {
  await signInAs(page, 'Pat (poster)');
  // Someone deletes #singles' webhook in Discord.
  expect((await request.post('/sandbox/discord/_faults', { data: ['webhook_deleted'] })).status()).toBe(204);
  await newPost(page);
  const title = `Webhook gone ${Date.now()}`;
  await publishTo(page, title, '#singles');
  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row.getByText('Failed')).toBeVisible();
  await expect(row).toContainText('The webhook of #singles no longer works');

  // Posters can no longer choose it.
  await newPost(page);
  await page.getByLabel('Release title').fill(`${title} again`);
  await page.getByLabel('Artist(s)').fill('Portishead');
  await page.getByRole('button', { name: 'Schedule' }).click();
  await expect(page.getByRole('option', { name: '#singles (webhook broken: ask an admin)' })).toBeDisabled();

  // Admins see which channel and how to mend it.
  const admin = await (await browser.newContext()).newPage();
  await signInAs(admin, 'Ada (admin)');
  await admin.goto('/posts');
  await hydrated(admin);
  const problems = admin.getByRole('region', { name: 'Channel problems' });
  await expect(problems).toContainText('#singles: Discord refused the request: Unknown Webhook (HTTP 404, code 10015)');
  await expect(problems).toContainText('liner channel add --name singles');
});

test('a post\'s page shows its sends to Discord and follows its status live', async ({ page, request }) => {
  await signInAs(page, 'Pat (poster)');
  expect((await request.post('/sandbox/discord/_faults', { data: [{ status: 400 }] })).status()).toBe(204);
  await newPost(page);
  const title = `Own page ${Date.now()}`;
  await publishTo(page, title, '#announcements', 'Tricky');
  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row.getByText('Failed')).toBeVisible();

  await row.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await hydrated(page);
  const sends = page.getByRole('region', { name: 'Sends to Discord' });
  await expect(sends.getByRole('row')).toHaveCount(2);
  await expect(sends).toContainText('Refused');
  await expect(page.getByRole('main')).toContainText('#announcements');

  await page.getByRole('button', { name: 'Retry' }).click();
  // The status follows the live stream; the list of sends is read again.
  await expect(page.getByText('Published', { exact: true })).toBeVisible();
  await expect(sends.getByRole('row')).toHaveCount(3);
  await expect(sends.getByRole('row').last()).toContainText('Sent');
});

test('posts go to the bot\'s channel and to a forum channel as a new thread', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  const stamp = Date.now();
  const bot = `Bot channel ${stamp}`;
  const forum = `Forum thread ${stamp}`;
  await newPost(page);
  await publishTo(page, bot, '#news');
  await expect(page.getByRole('row', { name: new RegExp(bot) }).getByText('Published')).toBeVisible();
  await newPost(page);
  await publishTo(page, forum, '#release-threads');
  await expect(page.getByRole('row', { name: new RegExp(forum) }).getByText('Published')).toBeVisible();

  await page.getByRole('link', { name: 'Sandbox Discord' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: bot })).toContainText('#news');
  await expect(page.getByRole('listitem').filter({ hasText: forum }))
    .toContainText(`#release-threads › new thread “${forum}”`);
});

test('a published post is edited from its page: its message in Discord changes in place', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  const stamp = Date.now();
  const before = `First cut ${stamp}`;
  const after = `Final cut ${stamp}`;
  await publishNow(page, before);

  await page.getByRole('row', { name: new RegExp(before) }).getByRole('link', { name: before, exact: true }).click();
  await hydrated(page);
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Release' }).click();
  await page.getByLabel('Release title').fill(after);
  // The preview follows, as for a new post.
  await expect(preview(page).getByText(after)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save draft' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Schedule' }).click();
  await expect(page.getByRole('note')).toContainText('This post is already in #releases');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Update in Discord' }).click();

  // Back on the post's page, which lists the update.
  await expect(page.getByRole('heading', { level: 1, name: after })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Sends to Discord' }).getByRole('row').last())
    .toContainText('Message updated');
  await page.getByRole('link', { name: 'Sandbox Discord' }).click();
  const message = page.getByRole('listitem').filter({ hasText: after });
  await expect(message).toContainText('(edited)');
  await expect(page.getByRole('listitem').filter({ hasText: before })).toHaveCount(0);

  // And deleted from its page, from Discord too.
  await page.goto('/posts');
  await page.getByRole('row', { name: new RegExp(after) }).getByRole('link', { name: after, exact: true }).click();
  await hydrated(page);
  await page.getByRole('button', { name: `Delete ${after}` }).click();
  await page.getByRole('alertdialog', { name: 'Confirm delete' })
    .getByRole('button', { name: 'Also delete from Discord' }).click();
  await expect(page).toHaveURL(/\/posts$/);
  await expect(page.getByRole('row', { name: new RegExp(after) })).toHaveCount(0);
  await page.getByRole('link', { name: 'Sandbox Discord' }).click();
  await expect(page.getByRole('heading', { name: 'Sandbox Discord' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: after })).toHaveCount(0);
});
