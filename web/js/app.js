// The app's entry point: views, the service worker, installation, storage and the outbox.
import { home } from './views/home.js';
import { about } from './views/about.js';
import { settings } from './views/settings.js';
import { routineOverview } from './views/routine-overview.js';
import { dogList, dogForm } from './views/dogs.js';
import { remindersView } from './views/reminders.js';
import { bladderView } from './views/bladder.js';
import { history, printableSummary } from './views/history.js';
import { sessionView } from './views/session.js';
import { connectView } from './views/connect.js';
import { h } from './dom.js';
import { startRouter } from './router.js';
import { setupServiceWorker } from './pwa.js';
import { setupInstall } from './install.js';
import { askPersistentStorageOnce } from './local-state.js';
import { startSync } from './sync.js';
import { t, useLanguage, chosenLanguage } from './i18n.js';
import { BASE_LANGUAGE } from './languages.js';

// The app's pages. Paths here must also be app pages for the server (app/web/build.py,
// is_app_route): no dot in the last segment, nothing under /api, /clinic or /v.
const routes = [
  [/^\/$/, home],
  [/^\/about$/, about],
  [/^\/settings$/, settings],
  [/^\/routine$/, routineOverview],
  [/^\/session$/, sessionView],
  [/^\/bladder$/, bladderView],
  [/^\/dogs$/, dogList],
  [/^\/dogs\/(?<id>new|[0-9a-f-]{36})$/, dogForm],
  [/^\/dogs\/(?<id>[0-9a-f-]{36})\/times$/, remindersView],
  [/^\/history$/, history],
  [/^\/history\/print$/, printableSummary],
  [/^\/connect$/, connectView],
  [/^\/join\/(?<code>[^/]+)$/, connectView],
];

function notFound() {
  return {
    title: t('Not found'),
    node: h('div', {},
      h('h1', {}, t('This page does not exist')),
      h('p', {}, h('a', { href: '/', 'data-link': true }, t('Back to today')))),
  };
}

// The words first: every page is drawn in the owner's language. A catalogue that cannot be had
// (offline, before it was ever downloaded) leaves the app in English rather than not at all.
useLanguage(chosenLanguage()).catch(() => useLanguage(BASE_LANGUAGE)).then(() => {
  setupInstall();
  startRouter(document.getElementById('main'), routes, notFound);
});
setupServiceWorker().catch((error) => console.warn('service worker:', error));
askPersistentStorageOnce().catch(() => {});
startSync().catch((error) => console.warn('sync:', error));
