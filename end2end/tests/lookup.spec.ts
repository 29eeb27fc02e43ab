import { expect } from '@playwright/test';
import { test } from './helpers';
import { hydrated, newPost, preview, signInAs } from './helpers';

// Ids from the fakes' catalogue (server/src/fakes/music/catalogue.json).
const BLINDING_LIGHTS_TRACK = 'ACzKi0CHuxIXObkAkvE31u';

test('search as you type, choose with the keyboard: every release field and the preview are filled', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  const search = page.getByRole('combobox', { name: 'Search releases' });
  await search.pressSequentially('massive blue', { delay: 40 });
  const results = page.getByRole('listbox', { name: 'Releases found' });
  const blue = results.getByRole('option', { name: /Blue Lines — Massive Attack/ });
  await expect(blue).toBeVisible();
  // One result for the release all three services know, saying where it came from.
  await expect(blue).toContainText('album · 1991 · from Spotify, MusicBrainz, Last.fm');
  await search.press('ArrowDown');
  await expect(results.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await search.press('Enter');

  await expect(page.getByLabel('Release title')).toHaveValue('Blue Lines');
  await expect(page.getByLabel('Artist(s)')).toHaveValue('Massive Attack');
  await expect(page.getByLabel('Type')).toHaveValue('album');
  await expect(page.getByRole('textbox', { name: 'Release date', exact: true })).toHaveValue('1991-04-08');
  await expect(page.getByRole('textbox', { name: 'Label', exact: true })).toHaveValue('Wild Bunch / Circa');
  await expect(page.getByLabel('Cover image URL')).toHaveValue(/covers\/blue-lines\.svg/);
  await expect(page.getByLabel('Track 1 title')).toHaveValue('Safe from Harm');
  await expect(page.getByLabel('Track 1 duration')).toHaveValue('5:18');
  await expect(page.getByLabel('Track 9 title')).toHaveValue('Hymn of the Big Wheel');
  await expect(page.getByLabel('Genres and tags')).toHaveValue('trip hop, electronic');
  await expect(page.getByLabel('Link 1 URL')).toHaveValue(/open\.spotify\.com\/album\//);
  await expect(page.getByLabel('Link 2 URL')).toHaveValue(/music\.apple\.com/);
  const shown = preview(page);
  await expect(shown.getByRole('link', { name: 'Blue Lines' })).toBeVisible();
  await expect(shown.getByRole('group', { name: 'Tracklist' }).getByRole('listitem').first())
    .toHaveText('Safe from Harm (5:18)');
});

test('a pasted Spotify track link loads its album as a single; typed fields are kept unless replaced', async ({ page }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  await page.getByLabel('Release title').fill('My working title');
  await page.getByRole('textbox', { name: 'Paste a link' })
    .fill(`https://open.spotify.com/track/${BLINDING_LIGHTS_TRACK}?si=abc`);
  await page.getByRole('button', { name: 'Load link' }).click();

  const ask = page.getByRole('alertdialog', { name: 'Replace what you typed?' });
  await expect(ask).toContainText('Release title');
  await ask.getByRole('button', { name: 'Keep mine' }).click();
  await expect(page.getByLabel('Release title')).toHaveValue('My working title');
  await expect(page.getByLabel('Artist(s)')).toHaveValue('The Weeknd');

  await page.getByRole('button', { name: 'Load link' }).click();
  await page.getByRole('alertdialog', { name: 'Replace what you typed?' })
    .getByRole('button', { name: 'Replace' }).click();
  await expect(page.getByLabel('Release title')).toHaveValue('Blinding Lights');
  await expect(page.getByLabel('Type')).toHaveValue('single');
  await expect(page.getByLabel('Track 1 title')).toHaveValue('Blinding Lights');
  await expect(page.getByLabel('Track 2 title')).toHaveCount(0);

  // A link Liner cannot read says why, and changes nothing.
  await page.getByRole('textbox', { name: 'Paste a link' }).fill('http://127.0.0.1/admin');
  await page.getByRole('button', { name: 'Load link' }).click();
  await expect(page.getByRole('status', { name: 'Lookup' }))
    .toContainText('Liner does not know links from an address.');
  await expect(page.getByLabel('Release title')).toHaveValue('Blinding Lights');
});

test('with one source down, the others answer and the page says which one did not', async ({ page, request }) => {
  await signInAs(page, 'Pat (poster)');
  expect((await request.post('/sandbox/music/lastfm/_faults', { data: { down: true } })).status()).toBe(204);
  try {
    await newPost(page);
    // A search no other test makes: the cache has no answer from before Last.fm went down.
    await page.getByRole('combobox', { name: 'Search releases' }).pressSequentially('homogenic', { delay: 30 });
    await expect(page.getByRole('option', { name: /Homogenic — Björk/ })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Sources not answering' })).toHaveText('Last.fm did not answer.');
  } finally {
    await request.post('/sandbox/music/lastfm/_faults', { data: { down: false } });
  }
});

test('a result its first service fails to load is loaded from another that found it', async ({ page, request }) => {
  await signInAs(page, 'Pat (poster)');
  await newPost(page);
  await page.getByRole('combobox', { name: 'Search releases' }).pressSequentially('pet sounds', { delay: 30 });
  const hit = page.getByRole('option', { name: /Pet Sounds — The Beach Boys/ });
  await expect(hit).toContainText('from Spotify, MusicBrainz, Last.fm');
  expect((await request.post('/sandbox/music/spotify/_faults', { data: { down: true } })).status()).toBe(204);
  try {
    await hit.click();
    await expect(page.getByLabel('Release title')).toHaveValue('Pet Sounds');
    await expect(page.getByLabel('Track 1 title')).toHaveValue("Wouldn't It Be Nice");
    // MusicBrainz' cover, not Spotify's.
    await expect(page.getByLabel('Cover image URL')).toHaveValue(/coverart\/release\//);
  } finally {
    await request.post('/sandbox/music/spotify/_faults', { data: { down: false } });
  }
});
