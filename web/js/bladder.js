// Bladder care between sessions: each time the owner empties the dog's bladder (or sees it pee),
// a care event is kept on this phone and sent to the clinic like a session log (the server's
// /api/v1/schema/care-event). The interval is the clinic's, on the dog's profile as
// `bladderIntervalHours`: the app never invents one.
import { recordsOfDog } from './db.js';
import { isoWithOffset, saveAndQueue } from './logs.js';
import { t, formatDate } from './i18n.js';

export const careFor = (dogId) => recordsOfDog('care', dogId);

export async function saveEmptied(dog, { at, method, result, contentVersion, contentLocale }) {
  const event = { format: 1, kind: 'bladder', id: crypto.randomUUID(), dog: { id: dog.id, name: dog.name },
    content_version: contentVersion, content_locale: contentLocale, at: isoWithOffset(at), method, result };
  await saveAndQueue('care', event, dog.id, 'care');
  return event;
}

// The dog's bladder now: the last time it was emptied, when the next is due (null without the
// clinic's interval), and whether that time has passed.
//   {last: event | null, nextBy: Date | null, overdue: boolean}
export function bladderState(dog, events, now = new Date()) {
  const last = events.length ? events[events.length - 1] : null;
  const hours = dog.bladderIntervalHours;
  const nextBy = last && hours ? new Date(Date.parse(last.at) + hours * 3_600_000) : null;
  return { last, nextBy, overdue: Boolean(nextBy && now >= nextBy) };
}

// The results the owner can choose for this way of emptying (only an expressed bladder can be
// "harder to express").
export const resultsFor = (care, method) => care.results.filter((result) => result.methods.includes(method));

export const resultOf = (care, resultId) => care.results.find((result) => result.id === resultId) ?? null;

// "14:05", in the phone's own clock; "yesterday 22:10" or a date when not today.
export function clockTime(date, now = new Date()) {
  const time = formatDate(date, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }); // as session times are shown
  const days = Math.round((midnight(now) - midnight(date)) / 86_400_000);
  if (days === 0) return time;
  if (days === 1) return t('yesterday {time}', { time });
  if (days === -1) return t('tomorrow {time}', { time });
  return t('{date} {time}', { date: formatDate(date, { day: 'numeric', month: 'short' }), time });
}

const midnight = (date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());
