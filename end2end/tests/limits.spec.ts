import { expect } from '@playwright/test';
import { test } from './helpers';
import { hydrated, newPost, signInAs } from './helpers';
import { request as httpRequest, IncomingMessage } from 'node:http';

// Sam is the member these tests wear out: no other test of this suite saves or streams as Sam.

/** A draft as the composer sends it, under a fresh id. */
function draft(title: string) {
  return {
    request: {
      draft: {
        id: crypto.randomUUID(),
        release: { title, artists: 'Script' },
        body: { title, author: 'Script', description: '' },
        schedule: { channel_id: 1, when: { mode: 'now' } },
      },
      base_revision: null,
    },
  };
}

test('a member saving drafts too fast is told how long to wait, and can save after it', async ({ page }) => {
  await signInAs(page, 'Sam (poster)');
  await newPost(page);
  await page.getByLabel('Release title').fill('Saved Too Fast');
  await page.getByLabel('Artist(s)').fill('Sam');
  const origin = new URL(page.url()).origin;
  // A script with Sam's cookie, saving as fast as it can (the way a stuck client would).
  const save = () => page.request.post('/api/drafts/save', { headers: { Origin: origin }, data: draft('Scripted') });
  let refused = false;
  for (let i = 0; i < 100 && !refused; i++) refused = (await save()).status() === 429;
  expect(refused).toBe(true);
  // It keeps going while Sam clicks, so the allowance has no moment to refill.
  let hammering = true;
  const hammer = (async () => {
    while (hammering) {
      await save();
      await page.waitForTimeout(100);
    }
  })();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /Not saved: You are saving drafts very fast; wait \d+ seconds? and try again\./ }),
  ).toBeVisible();
  hammering = false;
  await hammer;

  // Once the script stops, the allowance comes back and Sam's own save goes through.
  await expect(async () => {
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
});

/** Opens `/events/posts` with the cookie; resolves with the answer once its head arrives. */
function openStream(url: string, cookie: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { Cookie: cookie, Accept: 'text/event-stream' } }, resolve);
    req.on('error', reject);
    req.end();
  });
}

test('a page past the member’s live streams says live updates are paused', async ({ page, context }) => {
  await signInAs(page, 'Sam (poster)');
  await hydrated(page);
  const origin = new URL(page.url()).origin;
  const cookie = (await context.cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
  // Other tabs (here: scripts with Sam's cookie) hold every live stream a member may have.
  const open: IncomingMessage[] = [];
  let refusedStatus = 0;
  for (let i = 0; i < 12 && !refusedStatus; i++) {
    const answer = await openStream(`${origin}/events/posts`, cookie);
    if (answer.statusCode === 200) open.push(answer);
    else {
      refusedStatus = answer.statusCode ?? 0;
      expect(answer.headers['retry-after']).toBe('30');
      answer.resume();
    }
  }
  expect(refusedStatus).toBe(429);

  await page.goto('/posts');
  await hydrated(page);
  await expect(page.getByText(/Live updates paused: Liner turned this page away .* It tries again every 30 seconds/)).toBeVisible();
  for (const stream of open) stream.destroy();
});
