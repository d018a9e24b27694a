// Dog profiles and which one is chosen. A profile:
//   {id, name, legs: ['left-hind', ...], crateRestStart: 'YYYY-MM-DD', crateRestWeeks,
//    clinicName, clinicPhone, sessionsPerDay, createdAt, setByClinic: false; from the clinic only:
//    clinicNotes, ptApprovedFrom: 'YYYY-MM-DD', the day it approved passive PT}
// A dog linked to its clinic also has `clinic` (clinic-link.js) and `clinicSet`, the fields the
// clinic's prescription set; the others (a start date the clinic left out, say) stay the owner's.
import { get, getAll, put, remove } from './db.js';
import { dateOfKey, todayKey } from './logs.js';

const CHOSEN = 'chosenDog';
const PRESCRIBED = ['legs', 'crateRestStart', 'crateRestWeeks', 'sessionsPerDay'];

// Did the clinic set this field? (Profiles from before `clinicSet`: every prescribed field.)
export const setByClinic = (dog, key) => Boolean(dog?.setByClinic) && (dog.clinicSet ?? PRESCRIBED).includes(key);

export async function listDogs() {
  return (await getAll('dogs')).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export const getDog = (id) => get('dogs', id);

export async function saveDog(dog) {
  const saved = { createdAt: new Date().toISOString(), setByClinic: false, ...dog, id: dog.id || crypto.randomUUID() };
  await put('dogs', saved);
  return saved;
}

export async function deleteDog(id) {
  await remove('dogs', id);
  if ((await get('state', CHOSEN)) === id) await remove('state', CHOSEN);
}

// The chosen dog, or the first one, or null when there is none yet.
export async function chosenDog() {
  const [id, dogs] = await Promise.all([get('state', CHOSEN), listDogs()]);
  return dogs.find((dog) => dog.id === id) || dogs[0] || null;
}

export const chooseDog = (id) => put('state', id, CHOSEN);

// A link that names a dog (a reminder's "Start" opens /session?dog=<id>) makes it the chosen one;
// the address then drops the id, so a reload or a bookmark does not choose it again.
export async function dogFromLink() {
  const id = new URLSearchParams(location.search).get('dog');
  if (id) {
    history.replaceState(history.state, '', location.pathname);
    if (await getDog(id)) await chooseDog(id);
  }
  return chosenDog();
}

// The day the clinic approved passive PT from, while it is still to come; null once it has come
// (or when the clinic set none). 'YYYY-MM-DD' strings compare as dates.
export function ptStartsLater(dog, today) {
  return dog?.ptApprovedFrom && dog.ptApprovedFrom > today ? dog.ptApprovedFrom : null;
}

// The day the clinic discharged the dog (its answer to the last sync), while it stands.
export function planClosedOn(dog) {
  return dog?.clinic?.planClosedOn ?? null;
}

// The last day of crate rest ('YYYY-MM-DD'), or null without a start date and a length.
export function crateRestEnds(dog) {
  if (!dog?.crateRestStart || !dog.crateRestWeeks) return null;
  const start = dateOfKey(dog.crateRestStart);
  return todayKey(new Date(start.getFullYear(), start.getMonth(), start.getDate() + dog.crateRestWeeks * 7 - 1));
}

// "Day 12 of 56": today's day of crate rest, counting the start date as day 1.
export function crateRestDay(dog, today = new Date()) {
  if (!dog?.crateRestStart) return null;
  const start = dateOfKey(dog.crateRestStart);
  const midnight = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  const day = Math.round((midnight - start) / 86_400_000) + 1;
  return { day, of: dog.crateRestWeeks * 7 };
}
