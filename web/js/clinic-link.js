// Linking a dog on this phone to its clinic with an invite code, and taking the clinic's
// prescription whenever a newer one arrives (on linking, and with every sync answer).
// The link lives in the dog's profile: dog.clinic = {token, patientId, prescriptionVersion,
// connectedAt, lastSyncedAt, revoked}, and dog.clinicSet lists the fields the clinic set.
import { postJson } from './api.js';
import { saveDog, getDog, chooseDog } from './dogs.js';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE = new RegExp(`^[${CODE_ALPHABET}]{8}$`);

// What the owner typed, as a code: upper case, spaces and dashes dropped; null if it cannot be one.
export function normalizeCode(typed) {
  const code = String(typed).replace(/[\s-]+/g, '').toUpperCase();
  return CODE.test(code) ? code : null;
}

// Resolves with {dog} when linked, or {error: {code, message}} when the server said no.
// A dog id of null makes a new dog from the prescription. Rejects with OfflineError offline.
export async function connect(code, dogId, routine) {
  const answer = await postJson('/api/v1/devices', { code, label: phoneLabel() });
  if (!answer.ok) return { error: answer.error };
  const { token, patient, prescription } = answer.data;
  const existing = dogId ? await getDog(dogId) : null;
  const dog = existing ?? newDogFrom(prescription, routine);
  dog.clinic = { token, patientId: patient.id, prescriptionVersion: 0, connectedAt: new Date().toISOString(),
    lastSyncedAt: null, revoked: null };
  const saved = await saveDog(withPrescription(dog, prescription));
  await chooseDog(saved.id);
  return { dog: saved };
}

// The dog with the clinic's prescription applied, if it is newer than the one it has.
export function withPrescription(dog, prescription) {
  if (!prescription || prescription.version <= (dog.clinic?.prescriptionVersion ?? 0)) return dog;
  const applied = [];
  const set = (key, value) => {
    if (value === null || value === undefined || value === '') return;
    dog[key] = value;
    applied.push(key);
  };
  set('legs', prescription.legs?.length ? prescription.legs : null);
  set('sessionsPerDay', prescription.sessions_per_day);
  set('crateRestStart', prescription.crate_rest_start);
  set('crateRestWeeks', prescription.crate_rest_weeks);
  set('bladderIntervalHours', prescription.bladder_interval_hours);
  set('clinicName', prescription.clinic_name);
  set('clinicPhone', prescription.clinic_phone);
  dog.clinicNotes = prescription.notes || '';
  dog.ptApprovedFrom = prescription.passive_pt_approved_from || null; // the clinic's alone: cleared when it clears it
  dog.setByClinic = true;
  dog.clinicSet = applied;
  dog.clinic = { ...dog.clinic, prescriptionVersion: prescription.version };
  return dog;
}

function newDogFrom(prescription, routine) {
  return {
    name: prescription.dog_name, legs: [], crateRestStart: '', // the owner fills in what the clinic left out
    crateRestWeeks: routine.crate_rest.default, sessionsPerDay: routine.sessions_per_day.default,
    clinicName: '', clinicPhone: '',
  };
}

function phoneLabel() {
  const platform = navigator.userAgentData?.platform || (/iPhone|iPad/.test(navigator.userAgent) ? 'iPhone' : '');
  return platform ? `Owner's ${platform}` : "Owner's phone";
}
