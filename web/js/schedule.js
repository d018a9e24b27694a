// Session times: when in the day the owner means to do each of the dog's sessions ('HH:MM', the
// phone's local time, kept on the dog's profile with the phone's time zone). The app proposes
// times spread over the waking day; the owner can change them. Home says when the next one is,
// and calendar.js makes them into calendar reminders.
import { t } from './i18n.js';

// The waking day the proposal spreads sessions over. Not a clinical rule: a starting point the
// owner changes to fit the household (the routine asks for no particular hour).
const DAY_STARTS = 8 * 60; // 08:00
const DAY_ENDS = 20 * 60; // 20:00

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const minutesOf = (time) => {
  const [, hours, minutes] = TIME.exec(time);
  return Number(hours) * 60 + Number(minutes);
};

export const timeOf = (minutes) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

// 1 -> 14:00; 2 -> 08:00, 20:00; 3 -> 08:00, 14:00, 20:00; 4 -> 08:00, 12:00, 16:00, 20:00.
export function proposeTimes(count) {
  if (count <= 1) return [timeOf((DAY_STARTS + DAY_ENDS) / 2)];
  const step = (DAY_ENDS - DAY_STARTS) / (count - 1);
  return Array.from({ length: count }, (_, index) => timeOf(Math.round((DAY_STARTS + index * step) / 5) * 5));
}

// The dog's times: its own when they fit its sessions a day, else a fresh proposal (the clinic
// may have changed the number since they were set).
export function sessionTimes(dog) {
  const own = dog?.sessionTimes;
  const count = dog?.sessionsPerDay || 1;
  return Array.isArray(own) && own.length === count && own.every((time) => TIME.test(time)) ? own : proposeTimes(count);
}

// True when the owner has chosen times that still fit (the times page then says "Your times").
export const hasOwnTimes = (dog) => sessionTimes(dog) === dog?.sessionTimes;

export const phoneTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

// The times typed on the form, checked: [{index, message}] problems, or the times sorted.
export function checkTimes(entered) {
  const problems = [];
  entered.forEach((time, index) => {
    if (!TIME.test(time)) problems.push({ index, message: t('Enter a time, for example 08:00.') });
    else if (entered.indexOf(time) !== index) problems.push({ index, message: t('{time} is already session {number}. Choose another time.', { time, number: entered.indexOf(time) + 1 }) });
  });
  return problems.length ? { problems } : { times: [...entered].sort((a, b) => minutesOf(a) - minutesOf(b)) };
}

// What comes next, from today's completed sessions (`counted`, extra ones left out) and the time
// now: the next planned session is the first one not yet done. Its time may have passed ("due
// since 14:00"); once the day's target is met, the first one tomorrow.
//   {time, when: 'today' | 'due' | 'tomorrow'}
export function nextSession(dog, counted, now = new Date()) {
  const times = sessionTimes(dog);
  if (counted >= times.length) return { time: times[0], when: 'tomorrow' };
  const time = times[counted];
  const minutesNow = now.getHours() * 60 + now.getMinutes();
  return { time, when: minutesOf(time) <= minutesNow ? 'due' : 'today' };
}

export function nextSessionInWords(next) {
  if (next.when === 'tomorrow') return t('Next session tomorrow at {time}', { time: next.time });
  if (next.when === 'due') return t('Next session: now (planned for {time})', { time: next.time });
  return t('Next session at {time}', { time: next.time });
}
