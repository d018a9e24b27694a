/* The service worker: the app works offline after the first visit.
 *
 * The server prepends `self.IVDD = {build, routineVersion, precache, networkOnlyPrefixes}` to this
 * file (app/web/build.py), so a change to any file of the app or to the routine gives a new
 * worker. The shell, its files and the routine JSON are cached together, by build: the routine
 * the player reads always belongs to the code that reads it.
 *
 * A new worker installs and then waits. The page asks it to take over only when the owner taps
 * "Update now", and offers that only between sessions: an update never interrupts a session.
 */
const { build, routineVersion, precache, networkOnlyPrefixes } = self.IVDD;
const CACHE_PREFIX = 'ivdd-pt-';
const CACHE = `${CACHE_PREFIX}precache-${build}`;
const SHELL = '/';
const PRECACHED = new Set(precache);

self.addEventListener('install', (event) => {
  event.waitUntil(fillPrecache());
});

async function fillPrecache() {
  const cache = await caches.open(CACHE);
  // addAll fails on any error response: a half-filled cache is never used.
  await cache.addAll(precache);
  // If the server changed between fetching this worker and fetching the files, the cache would
  // mix two builds; fail the install, and the browser will try again with the new worker.
  const routine = await cache.match('/api/v1/routine');
  const shell = await (await cache.match(SHELL)).text();
  const etag = routine.headers.get('ETag') || '';
  if (!etag.includes(routineVersion) || !shell.includes(`/v/${build}/`)) {
    await caches.delete(CACHE);
    throw new Error('the server changed during install');
  }
}

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    // Only our own stale caches: other caches on this origin are not ours to delete.
    await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
    for (const client of await self.clients.matchAll()) client.postMessage({ type: 'activated', build });
  })());
});

self.addEventListener('message', (event) => {
  const { type } = event.data || {};
  if (type === 'skip-waiting') self.skipWaiting();
  if (type === 'status') event.waitUntil(replyStatus(event));
});

async function replyStatus(event) {
  const cache = await caches.open(CACHE);
  const cached = await cache.keys();
  const message = { type: 'status', build, routineVersion, ready: cached.length >= precache.length };
  (event.ports[0] || event.source).postMessage(message);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (networkOnlyPrefixes.some((prefix) => url.pathname.startsWith(prefix)) && !PRECACHED.has(url.pathname)) return;
  if (request.mode === 'navigate' && isAppPage(url.pathname)) {
    event.respondWith(fromCache(SHELL, request));
  } else if (PRECACHED.has(url.pathname) && !url.search) {
    event.respondWith(fromCache(url.pathname, request));
  }
  // Anything else goes to the network untouched, and nothing else is cached.
});

function isAppPage(pathname) {
  const last = pathname.split('/').pop();
  return !pathname.startsWith('/v/') && !last.includes('.');
}

async function fromCache(key, request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(key, { ignoreVary: true });
  return cached || fetch(request);
}

// Background Sync (Chromium): the browser wakes the worker when the phone is back online. The
// outbox and its rules live in the page (js/sync.js), so the worker asks the open pages to flush
// and waits for them; a failure makes the browser try again later. With no page open there is
// nothing to do here: the app flushes as soon as it is opened. (Safari and Firefox have no
// Background Sync; the page's own triggers cover them.)
self.addEventListener('sync', (event) => {
  if (event.tag === 'ivdd-outbox') event.waitUntil(askPagesToFlush());
});

async function askPagesToFlush() {
  const pages = await self.clients.matchAll({ type: 'window' });
  const answers = await Promise.all(pages.map((page) => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (message) => resolve(Boolean(message.data?.ok));
    page.postMessage({ type: 'flush' }, [channel.port2]);
    setTimeout(() => resolve(false), 60_000);
  })));
  if (answers.includes(false)) throw new Error('the outbox is not empty yet');
}
