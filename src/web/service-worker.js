// Enlace's service worker: keeps the app itself (index.html and the hashed assets, never any data)
// so the app starts without a connection and a reload does not lose a form being filled; its
// drafts are kept, encrypted, by the app (lib/drafts.ts). Built into dist/web/sw.js by
// vite.config.ts, which fills in the asset list and the version.
/* global self, caches, fetch, URL, Response */
const VERSION = '__ENLACE_VERSION__';
const ASSETS = self.__ENLACE_ASSETS__;
/** The bare page: the one at '/' is made for each visit and may carry personal data (web-document.ts). */
const SHELL = '/index.html';
/** Public addresses whose page (public data only, see web-document.ts) is worth its round trip: the public dashboard. */
const SERVER_PAGE = new Set(['/estadisticas']);
/** Reference data without personal data, kept for filling forms offline. */
const REFERENCE = ['/api/code-lists'];

self.addEventListener('install', (event) => {
  // The reference data too, when it can be had: a page that brought it with itself (web-document.ts)
  // never asked for it, and an app started offline from here then had no copy. Not needed to install.
  const reference = (cache) =>
    Promise.all(REFERENCE.map((path) => fetch(path).then((response) => (response.ok ? cache.put(path, response) : undefined), () => undefined)));
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll([SHELL, ...ASSETS]).then(() => reference(cache))));
});

self.addEventListener('activate', (event) => {
  // Older versions' caches go once no page uses them (no skipWaiting: an open page keeps its chunks).
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== VERSION).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (REFERENCE.includes(url.pathname)) {
    // Network first (it may have changed), the kept copy when there is no network.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            void caches.open(VERSION).then((cache) => cache.put(url.pathname, copy));
          }
          return response;
        })
        .catch(() => caches.match(url.pathname).then((kept) => kept ?? Response.error())),
    );
    return;
  }
  // Everything else under /api is data: never kept, always from the server.
  if (url.pathname.startsWith('/api')) return;
  // The public dashboard's page comes from the server as on a first visit, never kept: it brings the
  // dashboard's figures (one round trip instead of three after the kept app asks for them), and
  // without a connection there is nothing to show on it anyway.
  if (request.mode === 'navigate' && SERVER_PAGE.has(url.pathname.replace(/\/+$/, ''))) return;
  if (request.mode === 'navigate') {
    // Any in-app address opens the kept app at once; it asks the server for its data itself.
    event.respondWith(caches.match(SHELL).then((kept) => kept ?? fetch(request)));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(caches.match(request).then((kept) => kept ?? fetch(request)));
  }
});
