// Small records this phone keeps in localStorage (synchronous, shared by the app's tabs): the
// owner's settings, whether a session is running (updates wait for it), and whether persistent
// storage was asked for.

// The owner's preferences, kept on this phone.
const SETTINGS_KEY = 'ivdd.settings';
export const DEFAULTS = Object.freeze({ voice: true, pacedSecondsPerRep: 3, keepAwake: true });

export function loadSettings() {
  try {
    return { ...DEFAULTS, ...JSON.parse(localStorage.getItem(SETTINGS_KEY) || '{}') };
  } catch {
    return { ...DEFAULTS };
  }
}

export function saveSettings(changes) {
  const settings = { ...loadSettings(), ...changes };
  localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  return settings;
}

// Whether a guided session is running. Updates wait while it is (see pwa.js). The player sets it
// at the start of a session and clears it at the end; it survives a reload, like the session.
const RUNNING_KEY = 'ivdd.sessionRunning';
const RUNNING_EVENT = 'ivdd:session-running';

export function isSessionRunning() {
  return localStorage.getItem(RUNNING_KEY) === '1';
}

export function markSessionRunning(running) {
  if (running) localStorage.setItem(RUNNING_KEY, '1');
  else localStorage.removeItem(RUNNING_KEY);
  window.dispatchEvent(new Event(RUNNING_EVENT));
}

export function onSessionRunningChange(listener) {
  window.addEventListener(RUNNING_EVENT, listener);
  window.addEventListener('storage', (event) => { if (event.key === RUNNING_KEY) listener(); });
}

// Ask once that the browser keeps this app's storage (the dog's log lives here), and report it.
const ASKED = 'ivdd.persistAsked';

export async function askPersistentStorageOnce() {
  if (!navigator.storage?.persist || localStorage.getItem(ASKED)) return;
  localStorage.setItem(ASKED, new Date().toISOString());
  await navigator.storage.persist();
}

export async function storageState() {
  const persisted = navigator.storage?.persisted ? await navigator.storage.persisted() : null;
  const estimate = navigator.storage?.estimate ? await navigator.storage.estimate() : null;
  return { persisted, asked: Boolean(localStorage.getItem(ASKED)), usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}
