// The service worker (generated at build by scripts/postbuild.mjs from
// scripts/sw.template.js). Registered by production pages only, at
// <base>sw.js, so its scope is the site's base path.
//   - On install it precaches the site: every page and every hashed asset a
//     cell needs (the worker, the compiler and editor chunks, and the
//     editor's TypeScript worker with the standard library's types bundled
//     in), so after one visit every chapter works offline, types included.
//   - /_astro/ files are content-hashed: cache first.
//   - Pages (HTML) and everything else: network first, the cache only when
//     offline, so a deployed update is never hidden behind an old copy.
const VERSION = '__VERSION__';
const CACHE = `micrograd-${VERSION}`;
const SCOPE = new URL('./', self.location.href);
const PRECACHE = __PRECACHE__.map((path) => new URL(path, SCOPE).href);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('micrograd-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

/** A page is one page whatever its query string (?utm_…, ?q=…): one cache entry, not one per variant. */
function pageKey(request) {
  if (request.mode !== 'navigate') return request;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  return url.href;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(CACHE);
      await cache.put(pageKey(request), response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { ignoreSearch: request.mode === 'navigate' });
    if (cached) return cached;
    if (request.mode === 'navigate') {
      const notFound = await caches.match(new URL('404.html', SCOPE).href);
      if (notFound) return notFound;
    }
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  if (url.pathname.startsWith(`${SCOPE.pathname}_astro/`)) event.respondWith(cacheFirst(request));
  else event.respondWith(networkFirst(request));
});
