// Talking to the server's JSON API. A request that never got an answer (offline, server down)
// rejects with OfflineError; an answer with an error status resolves with the server's
// {error: {code, message}} so callers can show its plain words.
import { currentLanguage, t } from './i18n.js';

export class OfflineError extends Error {}

export const postJson = (path, body, token = null) => requestJson('POST', path, body, token);

export async function requestJson(method, path, body = null, token = null) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : null,
      cache: 'no-store',
    });
  } catch (error) {
    throw new OfflineError(error.message); // navigator.onLine lies; a failed fetch does not
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null; // a proxy's HTML error page, say
  }
  const error = response.ok ? null : (data?.error ?? { code: `http_${response.status}`, message: t('The server answered {status}.', { status: response.status }) });
  return { ok: response.ok, status: response.status, data, error };
}

// The routine content: fetched once per page. The service worker answers from its cache, so
// this works offline and always matches the code that was cached with it. Its language is named,
// never left to the browser's Accept-Language: the routine's words must be the app's.
export const routineUrl = (language = currentLanguage()) => `/api/v1/routine?lang=${language}`;
let pending;

export function loadRoutine() {
  pending ??= fetch(routineUrl()).then((response) => {
    if (!response.ok) throw new Error(`routine: HTTP ${response.status}`);
    return response.json();
  }).catch((error) => {
    pending = undefined; // try again next time
    throw error;
  });
  return pending;
}
