// The routine content: fetched once per page. The service worker answers from its cache, so
// this works offline and always matches the code that was cached with it.
let pending;

export function loadRoutine() {
  pending ??= fetch('/api/v1/routine').then((response) => {
    if (!response.ok) throw new Error(`routine: HTTP ${response.status}`);
    return response.json();
  }).catch((error) => {
    pending = undefined; // try again next time
    throw error;
  });
  return pending;
}
