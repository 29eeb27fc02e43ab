import { expect } from '@playwright/test';
import { test } from './helpers';
import { hydrated, signInAs } from './helpers';

test('a member without the guild is refused and gets no session', async ({ page }) => {
  await signInAs(page, 'Nico (not a member)');
  await expect(page).toHaveURL(/\/signin\?error=not_member/);
  await expect(page.getByRole('alert')).toContainText('You are not a member of Liner Sandbox');
  await page.goto('/posts/new');
  await expect(page).toHaveURL(/\/signin/);
});

test('a member without the poster role is told to ask an admin', async ({ page }) => {
  await signInAs(page, 'Max (member without a role)');
  await expect(page.getByRole('alert')).toContainText('Ask an admin of Liner Sandbox for the poster role');
});

test('a signed-out visit to New post goes to sign-in', async ({ page }) => {
  await page.goto('/posts/new');
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole('main').getByRole('link', { name: 'Sign in with Discord' })).toBeVisible();
});

test('signing out ends the session', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await expect(page.getByText('Welcome, Pat.')).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('main').getByRole('link', { name: 'Sign in with Discord' })).toBeVisible();
  await page.goto('/posts');
  await expect(page).toHaveURL(/\/signin/);
});
