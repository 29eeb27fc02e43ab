// Liner's service worker. The server fills in BUILD and PRECACHE from this build's hashed
// assets (server/src/pwa/assets.rs), so one worker serves exactly one build: cached HTML, JS,
// wasm and CSS never mix builds (a page of one build hydrated by another's wasm breaks).
"use strict";

const BUILD = "__LINER_BUILD__";
const PRECACHE = __LINER_PRECACHE__;
const OFFLINE_PATH = "__LINER_OFFLINE_PATH__";
const VIEWER_HEADER = "x-liner-viewer";

const ASSETS = `liner-assets-${BUILD}`;
// Pages are kept per build and per member: `liner-pages-{build}-{viewer}`. At most one
// member's pages exist at a time.
const PAGES = `liner-pages-${BUILD}-`;
// The routes that work offline. A cached page is only ever served for its own route: another
// route's HTML would not hydrate.
const OFFLINE_ROUTES = ["/", "/posts", "/posts/new"];
// Past this, a navigation that has a cached page answers with it.
const NAVIGATION_TIMEOUT_MS = 3000;

self.addEventListener("install", (event) => {
  // No skipWaiting here: an update waits until the page has autosaved and the poster pressed
  // Reload (message "skip-waiting").
  event.waitUntil(caches.open(ASSETS).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        const ours = name === ASSETS || name.startsWith(PAGES);
        if (name.startsWith("liner-") && !ours) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  const reply = (answer) => event.ports[0] && event.ports[0].postMessage(answer);
  if (message.type === "skip-waiting") {
    self.skipWaiting();
  } else if (message.type === "sign-out") {
    event.waitUntil(dropPages(null).then(() => reply({ type: "signed-out" })));
  } else if (message.type === "warm") {
    // The page asks after each online load, so every offline route of this member is kept,
    // not only the ones visited.
    event.waitUntil(warm().then(() => reply({ type: "warmed" })));
  } else if (message.type === "build") {
    reply({ type: "build", build: BUILD });
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  // Server functions (POST), the live event stream, sign-in, the sandbox and metrics go to the
  // network untouched.
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event, request, url));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(precached(request, url));
  }
});

async function precached(request, url) {
  const cache = await caches.open(ASSETS);
  const hit = await cache.match(url.pathname);
  return hit || fetch(request);
}

function offlineRoute(url) {
  const path = url.pathname.replace(/\/+$/, "") || "/";
  return OFFLINE_ROUTES.includes(path) ? path : null;
}

async function navigate(event, request, url) {
  const route = offlineRoute(url);
  const network = fetch(request).then(async (response) => {
    await remember(route, response);
    return response;
  });
  // Keeps the page update going even when the cached copy answered first.
  event.waitUntil(network.catch(() => undefined));
  const cached = route ? await cachedPage(route) : undefined;
  if (!cached) return network.catch(() => offlinePage());
  try {
    return await withTimeout(network, NAVIGATION_TIMEOUT_MS);
  } catch (_) {
    return cached;
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/// Keeps a page of an offline route for the member it was rendered for, and forgets every
/// other member's pages as soon as an answer names someone else (or no one).
async function remember(route, response) {
  const viewer = response.headers.get(VIEWER_HEADER);
  if (viewer === null) return; // not one of Liner's pages (or a redirect)
  await dropPages(viewer || null);
  if (route && viewer && response.ok && response.type === "basic") {
    const cache = await caches.open(PAGES + viewer);
    await cache.put(route, response.clone());
  }
}

async function cachedPage(route) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PAGES)) continue;
    const hit = await (await caches.open(name)).match(route);
    if (hit) return hit;
  }
  return undefined;
}

/// Deletes the cached pages of every member but `keep` (all of them when `keep` is null).
async function dropPages(keep) {
  for (const name of await caches.keys()) {
    if (name.startsWith("liner-pages-") && name !== PAGES + keep) await caches.delete(name);
  }
}

/// Fetches the offline routes this member has no page of yet (visits keep the others fresh).
async function warm() {
  for (const route of OFFLINE_ROUTES) {
    if (await cachedPage(route)) continue;
    try {
      const response = await fetch(route, { credentials: "same-origin", redirect: "manual" });
      await remember(route, response);
    } catch (_) {
      return; // offline again: keep what is there
    }
  }
}

async function offlinePage() {
  const hit = await (await caches.open(ASSETS)).match(OFFLINE_PATH);
  return (
    hit ||
    new Response("<!DOCTYPE html><title>Offline · Liner</title><h1>Offline</h1><p>Liner needs a connection for this page.</p>", {
      status: 503,
      headers: { "content-type": "text/html; charset=utf-8" },
    })
  );
}
