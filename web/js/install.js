// Installing the app: Chromium's install prompt, or Add to Home Screen steps on iPhone and iPad,
// where the prompt does not exist. Installed, the app keeps its storage apart from the browser's
// and opens full screen; iOS may clear a browser tab's storage after 7 days unused.
import { h, card } from './dom.js';
import { t } from './i18n.js';

let deferredPrompt = null;
const EVENT = 'ivdd:install-state';

export function setupInstall() {
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault(); // show our own button, at a calm moment, instead of the mini-infobar
    deferredPrompt = event;
    window.dispatchEvent(new Event(EVENT));
  });
  window.addEventListener('appinstalled', () => {
    deferredPrompt = null;
    window.dispatchEvent(new Event(EVENT));
  });
}

export function onInstallStateChange(listener) {
  window.addEventListener(EVENT, listener);
}

export function isStandalone() {
  return window.matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;
}

export function isIos() {
  return /iphone|ipad|ipod/i.test(navigator.userAgent) || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
}

// The card for the home screen, or null when there is nothing to offer.
export function installCard() {
  if (isStandalone()) return null;
  if (deferredPrompt) {
    return card(
      h('h2', {}, t('Install the app')),
      h('p', {}, t('It opens full screen, works without a connection, and keeps your dog\'s log safe on this phone.')),
      h('button', { type: 'button', class: 'button block', id: 'install-button', onclick: promptInstall }, t('Install app')),
    );
  }
  if (isIos()) {
    return card(
      // Safari's own names for its buttons in each language ("Share", "Add to Home Screen", "Add").
      h('h2', {}, t('Add to your Home Screen')),
      h('p', {}, t('Do this before your first session: the app then works offline and keeps your log safe.')),
      h('ol', { class: 'steps-list' },
        h('li', {}, t('Tap the Share button (a square with an arrow pointing up) at the bottom of Safari.')),
        h('li', {}, t('Scroll down and tap "Add to Home Screen".')),
        h('li', {}, t('Tap "Add", then open the app from its new icon.'))),
    );
  }
  return null;
}

async function promptInstall() {
  const prompt = deferredPrompt;
  if (!prompt) return;
  deferredPrompt = null;
  await prompt.prompt();
  await prompt.userChoice;
  window.dispatchEvent(new Event(EVENT));
}
