import { expect } from '@playwright/test';
import { test } from './helpers';
import { hydrated, newPost, signInAs } from './helpers';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A real page on another port of 127.0.0.1 (the browser treats an intercepted one as public). */
async function attackerSite(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Win a prize</title><h1>Win a prize</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/prize`, server };
}

// A page on another port of this host is the same *site* as Liner, so the browser sends the
// member's SameSite=Lax cookie with its requests; Liner must still refuse what it asks.
test("a page on another port of Liner's host cannot save a draft with Pat's cookie", async ({ page, context }) => {
  await signInAs(page, 'Pat (poster)');
  await hydrated(page);
  const liner = new URL(page.url()).origin;
  const evil = await attackerSite();
  test.info().attach('attacker', { body: evil.url });
  const attacker = await context.newPage();
  await attacker.goto(evil.url);
  await expect(attacker.getByRole('heading', { name: 'Win a prize' })).toBeVisible();

  const title = `Forged ${Date.now()}`;
  const draft = {
    id: crypto.randomUUID(),
    release: { title, artists: 'Nobody' },
    body: { title, author: 'Nobody', description: 'Not Pat’s words' },
    schedule: { channel_id: 1, when: { mode: 'now' } },
  };
  // A "simple" request: text/plain, no preflight, the cookie included.
  const answer = attacker.waitForResponse(`${liner}/api/drafts/save`);
  await attacker.evaluate(
    async ({ url, body }) => {
      await fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body });
    },
    { url: `${liner}/api/drafts/save`, body: JSON.stringify({ request: { draft, base_revision: null } }) },
  );
  expect((await answer).status()).toBe(403);
  evil.server.close();

  // Pat's posts have no such draft.
  await page.goto('/posts');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Posts', level: 1 })).toBeVisible();
  await expect(page.getByText(title)).toHaveCount(0);
});

// A cover is loaded by every admin's browser that opens the post: it may not point into their
// network. The sandbox's own covers (on Liner's port) stay allowed.
test('a cover URL inside the local network is refused beside the field', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  const cover = page.getByLabel('Cover image URL');
  await cover.fill('http://192.168.1.1/router.png');
  const refusal = page.getByText(
    'Cover image URL points into a private network (a private, loopback or link-local address, or localhost); use an address on the public internet.',
  );
  await expect(refusal).toBeVisible();
  await cover.fill(`${new URL(page.url()).origin}/sandbox/music/covers/mezzanine.svg?size=640`);
  await expect(refusal).toHaveCount(0);
});
