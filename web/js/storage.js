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
