import { test, expect } from '@playwright/test';
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
