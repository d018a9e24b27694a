// Reminders pushed by the dog's clinic server (Web Push), for dogs linked to a clinic. The owner
// turns them on in Settings; the browser asks for permission from that tap, never on its own.
// This phone's one subscription goes to the server once per linked dog (each dog has its own
// device token), from the outbox's flush (sync.js), so it arrives whenever the phone is online.
// The server sends at the dog's session times; the service worker shows them (sw.js).
import { requestJson, OfflineError } from './api.js';
import { loadSettings, saveSettings } from './local-state.js';
import { t } from './i18n.js';

const pushSupported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

// 'on' | 'off' | 'blocked' (the owner said no in the browser) | 'unsupported'
export function reminderState() {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return loadSettings().reminders && Notification.permission === 'granted' ? 'on' : 'off';
}

// From the owner's tap: permission, then a subscription with the server's key. Resolves with
// the new state, or rejects with an Error whose message the page shows.
export async function turnOnReminders() {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return reminderState();
  await subscribe();
  saveSettings({ reminders: true });
  return reminderState();
}

// A subscription with the server's key (a new one if the key changed). Needs the network.
async function subscribe() {
  const answer = await requestJson('GET', '/api/v1/push/key').catch((error) => {
    throw error instanceof OfflineError ? new Error(t('No internet connection. Try again when you are online.')) : error;
  });
  if (!answer.ok) throw new Error(answer.error.message);
  const registration = await navigator.serviceWorker.ready;
  const existing = await registration.pushManager.getSubscription();
  if (existing && sameKey(existing, answer.data.public_key)) return existing;
  await existing?.unsubscribe();
  try {
    return await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: answer.data.public_key });
  } catch (error) {
    throw new Error(t('This browser could not turn on notifications ({reason}). The calendar reminders still work.', { reason: error.message }));
  }
}

export async function turnOffReminders() {
  saveSettings({ reminders: false });
  const registration = await navigator.serviceWorker.ready;
  await (await registration.pushManager.getSubscription())?.unsubscribe();
  return reminderState();
}

function sameKey(subscription, publicKey) {
  const key = subscription.options?.applicationServerKey;
  if (!key) return false;
  const base64 = btoa(String.fromCharCode(...new Uint8Array(key))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  return base64 === publicKey;
}

// What the server should have for this dog: its subscription, or none. Called by the outbox's
// flush after a successful sync; returns the endpoint the server now holds (null: none), or
// undefined when nothing needed doing.
export async function pushChange(dog) {
  // On, but the browser dropped its subscription (it may, now and then): subscribe again, no
  // prompt needed while permission stands.
  const wanted = reminderState() === 'on' ? (await currentSubscription()) ?? await subscribe() : null;
  const held = dog.clinic.pushEndpoint ?? null;
  if ((wanted?.endpoint ?? null) === held) return undefined;
  const answer = wanted
    ? await requestJson('PUT', '/api/v1/push/subscription', { ...wanted.toJSON(), dog: dog.id }, dog.clinic.token)
    : await requestJson('DELETE', '/api/v1/push/subscription', null, dog.clinic.token);
  if (!answer.ok) throw new Error(answer.error.message);
  return wanted?.endpoint ?? null;
}

async function currentSubscription() {
  const registration = await navigator.serviceWorker?.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}
