// The outbox: every saved log waits here until the dog's clinic has it. A log leaves only when
// the server answers "stored" or "duplicate"; "conflict", "invalid" and "closed" (done after the
// clinic closed the plan) stay, with the server's reason, for the owner (and the clinic) to see. Retrying is always safe: the log's UUID is its key.
//
// Flushed on app start, when the phone comes online, when the page becomes visible, after each
// save, when the service worker's Background Sync fires (sw.js asks the open page), and after a
// failure on a backoff with jitter (at most 5 minutes) while the page is visible.
import { get, getAll, put, remove } from './db.js';
import { listDogs, getDog, saveDog, setByClinic } from './dogs.js';
import { getLog } from './logs.js';
import { postJson, OfflineError } from './api.js';
import { withPrescription } from './clinic-link.js';
import { pushChange } from './push.js';
import { sessionTimes, phoneTimeZone } from './schedule.js';

const BATCH = 25; // well under the server's 100 logs and 256 KB a request
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;
const EVENT = 'ivdd:sync-changed';
let failures = 0;
let retryTimer = null;
let running = null;

export const onSyncChange = (listener) => window.addEventListener(EVENT, listener);
const changed = () => window.dispatchEvent(new Event(EVENT));
// A newer prescription came with a sync answer, or the clinic closed or reopened the plan: pages
// that show it (today's target, the day passive PT starts, whether a session can start) redraw.
const PRESCRIPTION = 'ivdd:prescription-changed';
export const onPrescriptionChange = (listener) => window.addEventListener(PRESCRIPTION, listener);

// Send what waits, for every connected dog. One flush at a time: in this page, and across tabs
// where the Web Locks API exists. A call during a flush runs one more flush after it, so a log
// saved meanwhile is not left behind. Resolves true when nothing failed.
let again = false;

export function flush() {
  if (running) {
    again = true;
    return running;
  }
  running = (navigator.locks?.request ? navigator.locks.request('ivdd-outbox', flushAll) : flushAll())
    .then((ok) => {
      running = null; // before a retry is due, so the retry really runs
      failures = ok ? 0 : failures + 1;
      clearTimeout(retryTimer);
      if (!ok) scheduleRetry();
      if (!again) return ok;
      again = false;
      return flush();
    });
  return running;
}

async function flushAll() {
  try {
    const [dogs, queue] = await Promise.all([listDogs(), getAll('outbox')]);
    for (const dog of dogs) {
      if (!dog.clinic?.token || dog.clinic.revoked) continue;
      const waiting = queue.filter((entry) => entry.dogId === dog.id && entry.status === 'waiting')
        .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
      await flushDog(dog, waiting);
    }
    return true;
  } catch (error) {
    if (!(error instanceof OfflineError) && !(error instanceof ServerTrouble)) console.warn('sync:', error);
    return false;
  } finally {
    changed();
  }
}

class ServerTrouble extends Error {}

async function flushDog(dog, waiting) {
  let size = BATCH;
  let start = 0;
  do { // at least once: an empty batch still brings the current prescription
    const entries = waiting.slice(start, start + size);
    const logs = [];
    for (const entry of entries) {
      const record = await recordOf(entry);
      if (record) logs.push(record);
      else await remove('outbox', entry.id); // nothing left to send
    }
    const answer = await postJson('/api/v1/sync', { logs, ...profileOf(dog) }, dog.clinic.token);
    if (answer.status === 413 && logs.length > 1) {
      size = Math.ceil(logs.length / 2); // smaller pieces, same logs
      continue;
    }
    if (answer.status === 401 || answer.status === 403) return markDisconnected(dog, answer.error);
    if (answer.status === 413 || answer.status === 422) {
      await Promise.all(entries.map((entry) => put('outbox', { ...entry, status: 'invalid', message: answer.error.message })));
    } else if (!answer.ok) {
      throw new ServerTrouble(answer.error.message); // 5xx, a proxy's error: try again later
    } else {
      await applyResults(entries, answer.data.results);
      await recordSync(dog.id, answer.data.prescription, answer.data.plan_closed_on ?? null);
      await updatePush(dog.id);
    }
    start += entries.length;
  } while (start < waiting.length);
}

// The log or care event an outbox entry stands for (both go in the batch's `logs`).
const recordOf = (entry) => (entry.kind === 'care' ? get('care', entry.id) : getLog(entry.id));

// What the owner knows that the clinic did not set: the day crate rest started, so the clinic's
// day count agrees with the phone's (the server keeps it only while the clinic has none of its
// own); and the session times in the phone's time zone, which the server's reminders follow.
function profileOf(dog) {
  const ownStart = dog.crateRestStart && !setByClinic(dog, 'crateRestStart');
  return { profile: { ...(ownStart ? { crate_rest_start: dog.crateRestStart } : {}),
    session_times: sessionTimes(dog), time_zone: dog.timeZone || phoneTimeZone() } };
}

// Reminders on or off for this dog at the server, as Settings says (push.js). A refusal is kept
// on the dog for Settings to show; sessions are not held up by it.
async function updatePush(dogId) {
  let endpoint;
  let problem = null;
  try {
    endpoint = await pushChange(await getDog(dogId));
  } catch (error) {
    if (error instanceof OfflineError) throw error;
    problem = error.message;
  }
  const dog = await getDog(dogId);
  if (endpoint === undefined && (dog.clinic.pushProblem ?? null) === problem) return;
  dog.clinic = { ...dog.clinic, pushProblem: problem, ...(endpoint === undefined ? {} : { pushEndpoint: endpoint }) };
  await saveDog(dog);
}

async function applyResults(entries, results) {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  for (const result of results) {
    const entry = byId.get(result.id);
    if (!entry) continue;
    if (result.status === 'stored' || result.status === 'duplicate') await remove('outbox', entry.id);
    else await put('outbox', { ...entry, status: result.status, message: result.message || '' });
  }
}

// Read the dog afresh before writing: the owner may have edited it while the request ran.
// planClosedOn: the day the clinic discharged the dog (sessions after it are not taken).
async function recordSync(dogId, prescription, planClosedOn) {
  const dog = await getDog(dogId);
  if (!dog?.clinic) return;
  const { prescriptionVersion: version, planClosedOn: wasClosedOn = null } = dog.clinic;
  dog.clinic = { ...dog.clinic, lastSyncedAt: new Date().toISOString(), planClosedOn };
  const saved = withPrescription(dog, prescription);
  await saveDog(saved);
  if (saved.clinic.prescriptionVersion !== version || planClosedOn !== wasClosedOn) {
    window.dispatchEvent(new Event(PRESCRIPTION));
  }
}

async function markDisconnected(dog, error) {
  const fresh = await getDog(dog.id);
  fresh.clinic = { ...fresh.clinic, revoked: { code: error.code, message: error.message } };
  await saveDog(fresh); // its logs stay, in the outbox too, until it is connected again
}

function scheduleRetry() {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1));
  const delay = Math.min(MAX_RETRY_MS, base * (0.5 + Math.random())); // jitter: phones do not retry in step
  retryTimer = setTimeout(() => { if (document.visibilityState === 'visible') flush(); }, delay);
}

// What the status line says for one dog.
export async function syncStatus(dog) {
  const queue = (await getAll('outbox')).filter((entry) => entry.dogId === dog.id);
  const waitingEntries = queue.filter((entry) => entry.status === 'waiting');
  const waitingCare = waitingEntries.filter((entry) => entry.kind === 'care').length;
  const waiting = waitingEntries.length - waitingCare; // sessions
  const problems = [];
  for (const entry of queue.filter((e) => e.status !== 'waiting')) {
    problems.push({ ...entry, [entry.kind === 'care' ? 'care' : 'log']: await recordOf(entry) });
  }
  const state = !dog.clinic ? 'not-connected' : dog.clinic.revoked ? 'disconnected' : waitingEntries.length ? 'waiting' : 'synced';
  return { state, waiting, waitingCare, problems, lastSyncedAt: dog.clinic?.lastSyncedAt ?? null,
    revoked: dog.clinic?.revoked ?? null, planClosedOn: dog.clinic?.planClosedOn ?? null };
}

// Start the triggers; the service worker's Background Sync asks through a message.
export function startSync() {
  window.addEventListener('online', () => flush());
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') flush(); });
  window.addEventListener('ivdd:log-saved', () => { flush(); registerBackgroundSync(); });
  navigator.serviceWorker?.addEventListener('message', (event) => {
    if (event.data?.type !== 'flush') return;
    flush().then((ok) => event.ports[0]?.postMessage({ ok }));
  });
  return flush();
}

function registerBackgroundSync() {
  navigator.serviceWorker?.ready.then((registration) => registration.sync?.register('ivdd-outbox')).catch(() => {});
}
