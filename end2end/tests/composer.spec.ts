import { expect } from '@playwright/test';
import { test } from './helpers';
import AxeBuilder from '@axe-core/playwright';
import { fillRelease, hydrated, newPost, preview, signInAs, tabTo } from './helpers';

test('a reload mid-wizard restores the step and every field', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  const title = `Mezzanine ${Date.now()}`;
  await fillRelease(page, title);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Description').fill('Still **here** after a reload.');
  // Autosave waits for typing to pause (300 ms).
  await page.waitForTimeout(700);

  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Post', exact: true })).toBeVisible();
  await expect(page.getByLabel('Description')).toHaveValue('Still **here** after a reload.');
  await expect(preview(page).locator('strong')).toHaveText('here');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByLabel('Release title')).toHaveValue(title);
  await expect(page.getByLabel('Track 2 duration')).toHaveValue('5:08');
});

test('a new wizard offers to resume an unsaved draft, or to discard it', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  const title = `Protection ${Date.now()}`;
  await page.getByLabel('Release title').fill(title);
  await page.waitForTimeout(700);

  await page.goto('/posts/new');
  await hydrated(page);
  const offer = page.getByRole('region', { name: 'Unsaved draft' });
  await expect(offer).toContainText(title);
  await offer.getByRole('button', { name: 'Resume draft' }).click();
  await expect(page.getByLabel('Release title')).toHaveValue(title);

  await page.goto('/posts/new');
  await hydrated(page);
  await page.getByRole('region', { name: 'Unsaved draft' }).getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByLabel('Release title')).toHaveValue('');
  await page.goto('/posts/new');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Release', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Unsaved draft' })).toHaveCount(0);
});

test('the wizard can be completed with the keyboard alone', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  const title = `Keyboard ${Date.now()}`;
  await tabTo(page, page.getByLabel('Release title'));
  await page.keyboard.type(title);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Artist(s)')).toBeFocused();
  await page.keyboard.type('Tricky');
  await tabTo(page, page.getByRole('button', { name: 'Next' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Post', exact: true })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'Next' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Schedule', exact: true })).toBeFocused();
  await tabTo(page, page.getByLabel('Channel'));
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Channel')).not.toHaveValue('');
  await tabTo(page, page.getByRole('button', { name: 'Next' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Review', exact: true })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'Publish now' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/posts$/);
  await expect(page.getByRole('row', { name: new RegExp(title) })).toBeVisible();
});

test('hostile markdown renders as text: no script, no element, no javascript: link', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  await page.getByLabel('Release title').fill('Hostile');
  await page.getByLabel('Artist(s)').fill('Nobody');
  await page.getByRole('button', { name: 'Next' }).click();
  const hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> [click](javascript:alert(1)) <style>*{display:none}</style> **ok**';
  await page.getByLabel('Description').fill(hostile);
  const shown = preview(page);
  await expect(shown.locator('strong')).toHaveText('ok');
  await expect(shown).toContainText('<script>window.pwned=2</script>');
  await expect(shown).toContainText('<img src=x onerror="window.pwned=1">');
  await expect(shown).toContainText('[click](javascript:alert(1))');
  await expect(shown.locator('img[src="x"], script, style')).toHaveCount(0);
  await expect(shown.locator('a[href^="javascript"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).pwned)).toBeUndefined();
});

test('Save draft stores it on the server; the dashboard lists, edits, duplicates and deletes it', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  const title = `Saved ${Date.now()}`;
  await page.getByLabel('Release title').fill(title);
  await page.getByLabel('Artist(s)').fill('Portishead');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Draft saved.')).toBeVisible();

  await page.goto('/posts');
  await hydrated(page);
  await page.getByRole('tab', { name: 'Drafts' }).click();
  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row.getByText('Draft')).toBeVisible();
  await row.getByRole('link', { name: `Edit ${title}` }).click();
  await hydrated(page);
  await expect(page.getByLabel('Release title')).toHaveValue(title);

  await page.goto('/posts');
  await hydrated(page);
  await page.getByRole('button', { name: `Duplicate ${title}` }).click();
  await expect(page).toHaveURL(/\/posts\/\d+\/edit$/);
  await hydrated(page);
  await expect(page.getByLabel('Release title')).toHaveValue(title);

  await page.goto('/posts');
  await hydrated(page);
  await expect(page.getByRole('row', { name: new RegExp(title) })).toHaveCount(2);
  await page.getByRole('button', { name: `Delete ${title}` }).first().click();
  await page.getByRole('alertdialog', { name: 'Confirm delete' }).getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.getByRole('row', { name: new RegExp(title) })).toHaveCount(1);
});

test('the wizard and the dashboard have no serious accessibility violations', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  await fillRelease(page, `Axe ${Date.now()}`);
  const serious = async () => {
    const results = await new AxeBuilder({ page }).analyze();
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  };
  expect(await serious()).toEqual([]);
  for (const step of ['Post', 'Schedule', 'Review']) {
    await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: step }).click();
    expect(await serious(), step).toEqual([]);
  }
  await page.goto('/posts');
  await hydrated(page);
  expect(await serious()).toEqual([]);
});

test('a post scheduled in the poster\'s time zone shows its offset; a time the clocks skip is refused', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  const title = `Later ${Date.now()}`;
  await page.getByLabel('Release title').fill(title);
  await page.getByLabel('Artist(s)').fill('Massive Attack');
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: 'Schedule' }).click();
  await page.getByLabel('Channel').selectOption({ label: '#releases' });
  await page.getByLabel('Publish at a date and time').check();
  await page.getByLabel('Time zone').fill('Europe/Berlin');
  // Berlin's clocks jump from 02:00 to 03:00 on the last Sunday of March.
  await page.getByLabel('Publish at', { exact: true }).fill('2099-03-29T02:30');
  await expect(page.getByText(/does not exist in Europe\/Berlin/)).toBeVisible();
  await page.getByLabel('Publish at', { exact: true }).fill('2099-06-01T09:00');
  await expect(page.getByRole('status').filter({ hasText: 'UTC+02:00' })).toContainText('which is June 1, 07:00 UTC');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('main')).toContainText('Monday, June 1, 2099 at 09:00 (Europe/Berlin)');
  await page.getByRole('button', { name: 'Schedule', exact: true }).last().click();
  await expect(page).toHaveURL(/\/posts$/);
  await expect(page.getByRole('row', { name: new RegExp(title) }).getByText('Scheduled')).toBeVisible();
});

test('picked roles show as mentions in the preview; a corrupt local draft is set aside with a notice', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  await page.getByLabel('Release title').fill('Mentions');
  await page.getByLabel('Artist(s)').fill('Unkle');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Mention @New Music').check();
  await expect(page.getByLabel('Message text (above the embed)')).toHaveValue(/^<@&200000000000000010> /);
  await expect(preview(page).getByText('@New Music')).toBeVisible();
  await page.getByLabel('Message text (above the embed)').fill('@everyone typed by hand');
  await expect(preview(page).getByText('@everyone')).toBeVisible();

  const session = await (await page.request.post('/api/session', { data: {} })).json();
  await page.evaluate((key) => localStorage.setItem(key, '{"format": 0, "garbage": true'),
    `liner:draft:${session.viewer.id}:11111111-2222-4333-8444-555555555555`);
  await page.goto('/posts/new');
  await hydrated(page);
  await expect(page.getByText(/could not be read .* and was set aside/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Release', exact: true })).toBeVisible();
});

test('a draft saved on another device meanwhile: the poster chooses which version to keep', async ({ browser }) => {
  const laptop = await (await browser.newContext()).newPage();
  await signInAs(laptop, 'Pat (poster)');
  await newPost(laptop);
  const title = `Two devices ${Date.now()}`;
  await laptop.getByLabel('Release title').fill(title);
  await laptop.getByLabel('Artist(s)').fill('Massive Attack');
  await laptop.getByRole('button', { name: 'Save draft' }).click();
  await expect(laptop.getByText('Draft saved.')).toBeVisible();

  // The same draft, opened and saved on a phone.
  const phone = await (await browser.newContext()).newPage();
  await signInAs(phone, 'Pat (poster)');
  await phone.goto('/posts');
  await hydrated(phone);
  await phone.getByRole('link', { name: `Edit ${title}` }).click();
  await hydrated(phone);
  await phone.getByRole('textbox', { name: 'Label', exact: true }).fill('From the phone');
  await phone.getByRole('button', { name: 'Save draft' }).click();
  await expect(phone.getByText('Draft saved.')).toBeVisible();

  // Back on the laptop, which still has the older revision: nothing is silently overwritten.
  await laptop.getByRole('textbox', { name: 'Label', exact: true }).fill('From the laptop');
  await laptop.getByRole('button', { name: 'Save draft' }).click();
  const dialog = laptop.getByRole('dialog', { name: 'This draft changed elsewhere' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Use the other version' }).click();
  await expect(laptop.getByRole('textbox', { name: 'Label', exact: true })).toHaveValue('From the phone');

  // And the other way round: keeping mine saves over the phone's version, explicitly.
  await laptop.getByRole('textbox', { name: 'Label', exact: true }).fill('Laptop wins');
  await laptop.getByRole('button', { name: 'Save draft' }).click();
  await expect(laptop.getByText('Draft saved.')).toBeVisible();
  await phone.getByRole('textbox', { name: 'Label', exact: true }).fill('Phone again');
  await phone.getByRole('button', { name: 'Save draft' }).click();
  await phone.getByRole('dialog', { name: 'This draft changed elsewhere' }).getByRole('button', { name: 'Keep mine' }).click();
  await expect(phone.getByText('Draft saved.')).toBeVisible();
  // A reload opens the server's copy, which is the phone's now.
  await laptop.reload();
  await hydrated(laptop);
  await expect(laptop.getByRole('textbox', { name: 'Label', exact: true })).toHaveValue('Phone again');
});

test('on a narrow screen the preview sits behind a Preview toggle', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  const toggle = page.getByRole('button', { name: 'Preview' });
  await expect(preview(page)).toBeHidden();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await page.getByLabel('Release title').fill('Small screen');
  await expect(preview(page)).toContainText('Small screen');
});

test('templates refill only what the poster did not edit; a bad colour is explained; light theme', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  await fillRelease(page, 'Heligoland');
  await page.getByRole('button', { name: 'Next' }).click();
  const shown = preview(page);
  await expect(shown.getByRole('group', { name: 'Tracklist' })).toBeVisible();

  await page.getByLabel('Embed title').fill('My own title');
  await page.getByLabel('Template').selectOption({ label: 'Single drop' });
  // The edited title stays; the rest follows the new template (no tracklist, a Length field).
  await expect(page.getByLabel('Embed title')).toHaveValue('My own title');
  await expect(shown.getByRole('group', { name: 'Tracklist' })).toHaveCount(0);
  await expect(shown.getByRole('group', { name: 'Length' })).toContainText('10:26');
  await page.getByRole('button', { name: 'Reset to template' }).click();
  await expect(page.getByLabel('Embed title')).toHaveValue('Massive Attack – Heligoland');

  await page.getByLabel('Colour (hex)').fill('red');
  await expect(page.getByText('Colour must be a hex colour such as #5865F2.')).toBeVisible();
  await page.getByLabel('Colour (hex)').fill('#FF0000');
  await expect(shown.getByTestId('embed')).toHaveCSS('border-left-color', 'rgb(255, 0, 0)');

  await page.getByLabel('Light theme').check();
  await expect(shown.getByRole('article')).toHaveClass(/dc-light/);
});

test('the release-day shortcut schedules the release\'s midnight in the chosen time zone', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  const title = `Midnight ${Date.now()}`;
  await page.getByLabel('Release title').fill(title);
  await page.getByLabel('Artist(s)').fill('Massive Attack');
  await page.getByLabel('Release date').fill('2099');
  const steps = page.getByRole('navigation', { name: 'Wizard steps' });
  await steps.getByRole('button', { name: 'Schedule' }).click();
  const shortcut = page.getByRole('button', { name: "Publish at the release's midnight" });
  // A year alone has no midnight to aim at.
  await expect(shortcut).toBeDisabled();
  await expect(page.getByText('Needs the release\'s full date (year, month and day) on the Release step.')).toBeVisible();

  await steps.getByRole('button', { name: 'Release' }).click();
  await page.getByRole('textbox', { name: 'Release date' }).fill('2099-04-10');
  await steps.getByRole('button', { name: 'Schedule' }).click();
  await page.getByLabel('Channel').selectOption({ label: '#releases' });
  await expect(page.getByText('April 10, 2099 at 00:00, in the time zone you choose')).toBeVisible();
  await page.getByLabel('Publish at a date and time').check();
  await page.getByLabel('Time zone').fill('America/New_York');
  await shortcut.click();
  await expect(page.getByLabel('Publish at', { exact: true })).toHaveValue('2099-04-10T00:00');
  await expect(page.getByLabel('Time zone')).toHaveValue('America/New_York');
  await expect(page.getByRole('status').filter({ hasText: 'UTC-04:00' })).toContainText('which is April 10, 04:00 UTC');
});
