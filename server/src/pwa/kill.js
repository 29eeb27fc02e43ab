// Liner's service worker kill switch (LINER_SERVICE_WORKER=off): replaces a bad worker, deletes
// Liner's caches (drafts live in the page's storage, not here), unregisters itself and reloads
// the open pages from the network.
"use strict";
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("liner-")) await caches.delete(name);
      }
      await self.registration.unregister();
      for (const client of await self.clients.matchAll({ type: "window" })) {
        client.navigate(client.url);
      }
    })(),
  );
});
