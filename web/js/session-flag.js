// Whether a guided session is running. Updates wait while it is (see pwa.js). The player sets it
// at the start of a session and clears it at the end; it survives a reload, like the session.
const KEY = 'ivdd.sessionRunning';
const EVENT = 'ivdd:session-running';

export function isSessionRunning() {
  return localStorage.getItem(KEY) === '1';
}

export function markSessionRunning(running) {
  if (running) localStorage.setItem(KEY, '1');
  else localStorage.removeItem(KEY);
  window.dispatchEvent(new Event(EVENT));
}

export function onSessionRunningChange(listener) {
  window.addEventListener(EVENT, listener);
  window.addEventListener('storage', (event) => { if (event.key === KEY) listener(); });
}
