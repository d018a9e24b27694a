// The service worker from the page's side: registration, "Ready offline", and updates that
// wait for the owner's tap and never arrive during a session.
import { isSessionRunning, onSessionRunningChange } from './local-state.js';
import { navigate } from './router.js';
import { currentLanguage } from './i18n.js';

let registration;
let reloadWhenControllerChanges = false;
export const workerStatus = { build: null, ready: false };

export async function setupServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  watchForWaitingWorker(registration);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Also fires when a first worker claims this page: reload only when the owner asked.
    if (reloadWhenControllerChanges) location.reload();
  });
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data?.type === 'activated') refreshStatus();
    // A tapped reminder, with the app open already: go there in the app, without a reload.
    if (event.data?.type === 'open' && /^\/(?!\/)/.test(event.data.url)) navigate(event.data.url);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') registration.update().catch(() => {});
  });
  onSessionRunningChange(renderUpdateBanner);
  document.getElementById('update-apply').addEventListener('click', applyUpdate);
  await tellWorkerTheLanguage();
  await refreshStatus();
}

// The worker keeps the app's language's files for offline, now and after each update.
export async function tellWorkerTheLanguage(language = currentLanguage()) {
  if (!('serviceWorker' in navigator)) return;
  const active = (await navigator.serviceWorker.ready).active;
  await new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = resolve;
    active.postMessage({ type: 'language', language }, [channel.port2]);
  });
}

export function checkForUpdate() {
  return registration ? registration.update() : Promise.resolve();
}

function watchForWaitingWorker(reg) {
  renderUpdateBanner();
  reg.addEventListener('updatefound', () => {
    const worker = reg.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed') renderUpdateBanner();
    });
  });
}

function updateWaiting() {
  // A waiting worker with a controller in charge is an update; without one it is the first install.
  return Boolean(registration?.waiting && navigator.serviceWorker.controller);
}

function renderUpdateBanner() {
  document.getElementById('update-banner').hidden = !updateWaiting() || isSessionRunning();
}

function applyUpdate() {
  if (!updateWaiting() || isSessionRunning()) return renderUpdateBanner();
  reloadWhenControllerChanges = true;
  registration.waiting.postMessage({ type: 'skip-waiting' });
}

async function refreshStatus() {
  const active = (await navigator.serviceWorker.ready).active;
  const reply = await new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    active.postMessage({ type: 'status' }, [channel.port2]);
  });
  Object.assign(workerStatus, reply);
  document.getElementById('offline-status').hidden = !reply.ready;
  window.dispatchEvent(new Event('ivdd:worker-status'));
}
