// Keep the screen on during a session where the browser allows it (Chromium; iOS 18.4+ when
// installed). The lock is dropped whenever the page is hidden, so it is asked for again on return.
let sentinel = null;
let wanted = false;

export const wakeLockSupported = () => 'wakeLock' in navigator;

export async function keepScreenOn() {
  wanted = true;
  return acquire();
}

export function letScreenSleep() {
  wanted = false;
  sentinel?.release().catch(() => {});
  sentinel = null;
}

export const screenKeptOn = () => Boolean(sentinel && !sentinel.released);

async function acquire() {
  if (!wakeLockSupported() || document.visibilityState !== 'visible') return false;
  try {
    sentinel = await navigator.wakeLock.request('screen');
    return true;
  } catch {
    return false; // refused (battery saver, no permission): the view shows a "keep open" hint
  }
}

document.addEventListener('visibilitychange', () => {
  if (wanted && document.visibilityState === 'visible' && !screenKeptOn()) acquire();
});
