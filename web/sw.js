/* The service worker: the app works offline after the first visit.
 *
 * The server prepends `self.IVDD = {build, routines, routineVersions, shell, precache, languages,
 * shells, networkOnlyPrefixes}` to this file (app/web/build.py), so a change to any file of the app
 * or to the routine gives a new worker. The shell (`shell`, the page every navigation gets, or its
 * copy in the app's language), its files and the routine JSON are cached together, by build: the
 * routine the player reads always belongs to the code that reads it.
 *
 * A new worker installs and then waits. The page asks it to take over only when the owner taps
 * "Update now", and offers that only between sessions: an update never interrupts a session.
 */
const { build, routines, routineVersions, shell: SHELL, precache, languages, shells, networkOnlyPrefixes } = self.IVDD;
const CACHE_PREFIX = 'ivdd-pt-';
const CACHE = `${CACHE_PREFIX}precache-${build}`;
const PRECACHED = new Set(precache);
// A language's own files (its catalogue, routine and manifest) are cached for the phone's
// language only, at install, and for another as soon as the owner picks it (a message from the
// page). The choice is kept in a cache of its own, for the next worker's install.
const LANGUAGE_FILES = new Set(Object.values(languages).flat());
const CHOICE = `${CACHE_PREFIX}language`;

self.addEventListener('install', (event) => {
  event.waitUntil(fillPrecache());
});

async function fillPrecache() {
  const cache = await caches.open(CACHE);
  const language = await chosenLanguage();
  // addAll fails on any error response: a half-filled cache is never used.
  await cache.addAll([...precache, ...languages[language]]);
  // If the server changed between fetching this worker and fetching the files, the cache would
  // mix two builds; fail the install, and the browser will try again with the new worker.
  const routine = await cache.match(routines[language]);
  const shell = await (await cache.match(SHELL)).text();
  const etag = routine.headers.get('ETag') || '';
  if (!etag.includes(routineVersions[language]) || !shell.includes(`/v/${build}/`)) {
    await caches.delete(CACHE);
    throw new Error('the server changed during install');
  }
}

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    // Only our own stale caches: other caches on this origin are not ours to delete.
    await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE && name !== CHOICE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
    for (const client of await self.clients.matchAll()) client.postMessage({ type: 'activated', build });
  })());
});

self.addEventListener('message', (event) => {
  const { type } = event.data || {};
  if (type === 'skip-waiting') self.skipWaiting();
  if (type === 'status') event.waitUntil(replyStatus(event));
  if (type === 'language') {
    event.waitUntil(keepLanguage(event.data.language).catch(() => {}) // offline: the next start tries again
      .then(() => event.ports[0]?.postMessage({ type: 'language-kept' })));
  }
});

// Ready offline: the app's files and its language's are all in the cache.
async function replyStatus(event) {
  const cache = await caches.open(CACHE);
  const cached = new Set((await cache.keys()).map((request) => { const url = new URL(request.url); return url.pathname + url.search; }));
  const needed = [...precache, ...languages[await chosenLanguage()]];
  const message = { type: 'status', build, ready: needed.every((key) => cached.has(key)) };
  (event.ports[0] || event.source).postMessage(message);
}

// The owner's choice (kept for the next worker), else the first of the phone's languages we have.
// Read once per worker: every navigation asks.
let chosen = null;

async function chosenLanguage() {
  chosen ??= (async () => {
    const kept = await (await caches.open(CHOICE)).match('/language');
    const choice = kept && await kept.text();
    if (Object.hasOwn(languages, choice ?? '')) return choice; // a language since withdrawn is no choice
    const phone = (self.navigator.languages || []).map((tag) => tag.toLowerCase().split('-')[0]);
    return phone.find((code) => Object.hasOwn(languages, code)) || 'en';
  })();
  return chosen;
}

async function keepLanguage(language) {
  if (typeof language !== 'string' || !Object.hasOwn(languages, language)) return; // "constructor" is "in" any object
  chosen = Promise.resolve(language);
  await (await caches.open(CHOICE)).put('/language', new Response(language));
  const cache = await caches.open(CACHE);
  await Promise.all((languages[language] || []).map(async (key) => {
    if (!(await cache.match(key))) await cache.add(key);
  }));
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const key = url.pathname + url.search; // the routine's URL names its language: '/api/v1/routine?lang=en'
  if (networkOnlyPrefixes.some((prefix) => url.pathname.startsWith(prefix)) && !PRECACHED.has(key) && !LANGUAGE_FILES.has(key)) return;
  if (request.mode === 'navigate' && isAppPage(url.pathname)) {
    event.respondWith(shellFor(request));
  } else if (PRECACHED.has(key) || LANGUAGE_FILES.has(key)) {
    event.respondWith(fromCache(key, request));
  }
  // Anything else goes to the network untouched, and nothing else is cached.
});

function isAppPage(pathname) {
  const last = pathname.split('/').pop();
  return !pathname.startsWith('/v/') && !last.includes('.');
}

// The page in the app's language (its own words drawn before any script runs), else English.
async function shellFor(request) {
  const own = shells[await chosenLanguage()];
  const cached = own && await (await caches.open(CACHE)).match(own);
  return cached || fromCache(SHELL, request);
}

async function fromCache(key, request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(key, { ignoreVary: true });
  if (cached) return cached;
  const answer = await fetch(request);
  // Another language's file, fetched as the owner switches to it: kept for offline.
  if (answer.ok && LANGUAGE_FILES.has(key)) await cache.put(key, answer.clone());
  return answer;
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

// Reminders (Web Push, js/push.js): the dog's clinic server sends one at each of the owner's
// session times, and when the bladder is due, with the words already made (the dog's name, the
// time). Chromium shows a notice of its own for a push that shows nothing: every push shows one.
const ICON = precache.find((path) => path.endsWith('/icons/icon-192.png'));

self.addEventListener('push', (event) => {
  let message;
  try {
    message = event.data.json();
  } catch {
    message = { title: 'IVDD Home PT', body: t('A reminder from your dog\'s plan.') };
  }
  event.waitUntil(loadWords().then(() => showReminder(message)));
});

// The worker's own few words, in the phone's language: from the catalogue in the cache.
let texts = {};
const t = (text, values = {}) => (texts[text] || text).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));

async function loadWords() {
  const catalogue = (languages[await chosenLanguage()] || [])[0];
  const cached = catalogue && await caches.match(catalogue);
  texts = cached ? await cached.json() : {};
}

// The server sends the facts (the dog's name, the times) and English words; the words are made
// again here, in the phone's language.
function wordsOf(message) {
  const facts = message.facts;
  if (!facts) return { title: message.title, body: message.body };
  if (message.kind === 'bladder') {
    return { title: t('{dog}: bladder due', facts),
      body: t('Emptied at {emptied}; due by {due}. Empty it now, then record it in the app.', facts) };
  }
  return { title: t('{dog}: time for the exercises', facts),
    body: facts.number
      ? t('Session {number} of {count}, planned for {time}. Start when {dog} is calm: the safety check comes first.', facts)
      : t('A session, planned for {time}. Start when {dog} is calm: the safety check comes first.', facts) };
}

function showReminder(message, body = wordsOf(message).body) {
  const open = message.kind === 'bladder' ? t('Record it') : t('Start');
  return self.registration.showNotification(wordsOf(message).title, {
    body, tag: message.tag, renotify: true, icon: ICON, data: message,
    timestamp: Date.parse(message.due_at) || Date.now(),
    actions: message.kind ? [{ action: 'open', title: open }, { action: 'later', title: t('In 30 minutes') }] : [],
  });
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const message = event.notification.data || {};
  event.waitUntil(event.action === 'later' ? remindLater(message) : openApp(pageFor(message)));
});

// "Start" opens the dog's session (its safety check first); a bladder reminder, the bladder form.
function pageFor(message) {
  const dog = message.dog ? `?dog=${encodeURIComponent(message.dog)}` : '';
  if (message.kind === 'session') return `/session${dog}`;
  if (message.kind === 'bladder') return `/bladder${dog}`;
  return '/';
}

async function openApp(url) {
  const pages = await self.clients.matchAll({ type: 'window' });
  if (!pages.length) return self.clients.openWindow(url);
  const page = pages.find((client) => client.focused) || pages[0];
  page.postMessage({ type: 'open', url }); // the page's router goes there (js/pwa.js)
  return page.focus().catch(() => {}); // may be refused without the tap's permission to focus
}

// The server sends it again in 30 minutes. Offline, the owner is told rather than left waiting.
async function remindLater(message) {
  try {
    const answer = await fetch(`/api/v1/reminders/${encodeURIComponent(message.reminder)}/snooze`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key: message.snooze_key }),
    });
    if (answer.ok || answer.status === 409) return; // 409: put off already, from another tap
    throw new Error(`HTTP ${answer.status}`);
  } catch {
    await loadWords();
    return showReminder(message, t('Could not reach the server to remind you later. Open the app when you are ready.'));
  }
}
