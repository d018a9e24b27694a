// "Add reminders to my calendar": an iCalendar file (RFC 5545) made on the phone, offline. One
// event a session time, repeating daily until the last day of crate rest, each with an alarm at
// its time, the dog's name and a link back to the app. The phone's own calendar then reminds the
// owner with no server, no push and no notification permission (iOS and Android alike).
import { sessionTimes, minutesOf } from './schedule.js';
import { todayKey } from './logs.js';
import { crateRestEnds } from './dogs.js';
import { downloadFile } from './export.js';
import { t } from './i18n.js';

// Why no calendar can be made for this dog yet, in words; null when it can.
export function calendarProblem(dog, today = todayKey()) {
  const ends = crateRestEnds(dog);
  if (!ends) {
    return t('Add the day crate rest started for {name}: the reminders end with crate rest.', { name: dog.name });
  }
  if (ends < today) return t("{name}'s crate rest is over: ask your vet what comes next.", { name: dog.name });
  return null;
}

// The file's text, in the app's language: the owner reads it in the phone's calendar. Times are
// "floating" (no time zone): the calendar shows them at that hour wherever the phone is, which is
// what an owner means by "08:00".
export function calendarText(dog, appUrl, now = new Date()) {
  const first = todayKey(now).replaceAll('-', '');
  const until = crateRestEnds(dog).replaceAll('-', '');
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const times = sessionTimes(dog);
  const events = times.map((time, index) => {
    const hhmm = time.replace(':', '');
    const what = t('Exercise session {number} of {total} for {name}',
      { number: index + 1, total: times.length, name: dog.name });
    return [
      'BEGIN:VEVENT',
      `UID:${dog.id}-${hhmm}@ivdd-home-pt`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${first}T${hhmm}00`,
      `DURATION:PT${eventMinutes(times, index)}M`,
      `RRULE:FREQ=DAILY;UNTIL=${until}T235959`,
      `SUMMARY:${escapeText(what)}`,
      `DESCRIPTION:${escapeText(t('Open the app to start, with its safety check first: {url}', { url: appUrl }))}`,
      `URL:${appUrl}`,
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      'TRIGGER:PT0M',
      `DESCRIPTION:${escapeText(what)}`,
      'END:VALARM',
      'END:VEVENT',
    ];
  });
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//IVDD Home PT//Session reminders//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(t('{name}: exercise sessions', { name: dog.name }))}`,
    ...events.flat(),
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

// A session takes about 30 minutes; shorter when the next one is closer.
function eventMinutes(times, index) {
  const next = times[index + 1];
  return next ? Math.max(5, Math.min(30, minutesOf(next) - minutesOf(times[index]))) : 30;
}

// Text values escape backslash, semicolon, comma and line breaks (RFC 5545 3.3.11).
const escapeText = (text) => String(text).replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');

// Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1), never
// cutting a UTF-8 character in two.
function fold(line) {
  const encoder = new TextEncoder();
  const parts = [];
  let part = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > (parts.length ? 74 : 75)) {
      parts.push(part);
      part = '';
      octets = 0;
    }
    part += char;
    octets += size;
  }
  parts.push(part);
  return parts.join('\r\n ');
}

// Hand the file to the phone: a download, which iOS and Android offer to add to the calendar.
export function downloadCalendar(dog, appUrl) {
  downloadFile(`${fileNameOf(dog.name)}-sessions.ics`, [calendarText(dog, appUrl)], 'text/calendar;charset=utf-8');
}

// ASCII only (unlike the CSV's name): calendar apps hand the file on to other programs.
const fileNameOf = (name) => name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'dog';
