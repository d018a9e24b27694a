// Session logs on this phone. A log has the shape of the server's published schema
// (GET /api/v1/schema/session-log); dates are ISO 8601 with the phone's UTC offset.
import { get, logsOfDog, putAndQueue } from './db.js';

// The log of a session as the player keeps it (player.js), once it is over: blocked at the
// safety check, stopped, or completed with the owner's observations.
export function logOf(session, outcome, observations = null) {
  const gate = session.gate;
  return {
    format: 1,
    id: session.id,
    dog: session.dog,
    content_version: session.contentVersion,
    ...(session.contentLocale ? { content_locale: session.contentLocale } : {}), // the routine's language
    app_build: session.appBuild,
    started_at: session.startedAt,
    ended_at: session.endedAt,
    outcome,
    extra: Boolean(session.extra),
    stop_reason: outcome === 'stopped' ? session.stopReason : null,
    stop_note: outcome === 'stopped' ? session.stopNote : null,
    legs: session.legs,
    gate: { answers: gate.answers, passed: gate.passed, blocked_by: outcome === 'blocked' ? gate.blockedBy : null },
    actions: outcome === 'blocked' ? [] : session.records.map(actionRecord),
    observations,
  };
}

// `stop_reason` only on an action that was stopped.
function actionRecord({ stop_reason: reason, ...rest }) {
  return rest.status === 'stopped' ? { ...rest, stop_reason: reason } : rest;
}

// Saving a log also puts it in the outbox for the clinic (sync.js sends it when it can).
export const saveLog = (log) => saveAndQueue('logs', log, log.dog.id);

// A record ('logs', or 'care' with kind 'care' in its outbox entry) saved and on its way.
export async function saveAndQueue(store, record, dogId, kind) {
  await putAndQueue(store, record, { id: record.id, dogId, kind, queuedAt: new Date().toISOString(), status: 'waiting' });
  window.dispatchEvent(new CustomEvent('ivdd:log-saved', { detail: { id: record.id } }));
}
export const getLog = (id) => get('logs', id);
export const logsFor = (dogId) => logsOfDog(dogId);

/** The owner's words, trimmed to `most` UTF-16 units without leaving half an emoji behind:
 * the server refuses a string with a lone surrogate, and the log would never leave the phone. */
export function clipText(text, most) {
  const clipped = (text ?? '').trim().slice(0, most);
  return /[\uD800-\uDBFF]$/.test(clipped) ? clipped.slice(0, -1) : clipped;
}

// 2026-11-23T08:05:00+01:00: local time with its offset, as people and clinics read it.
export function isoWithOffset(date = new Date()) {
  const pad = (n) => String(Math.abs(n)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:`
    + `${pad(date.getMinutes())}:${pad(date.getSeconds())}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

// The local calendar day of a log ('YYYY-MM-DD'), from its own offset-bearing timestamp.
export const localDay = (iso) => iso.slice(0, 10);

export function todayKey(date = new Date()) {
  return isoWithOffset(date).slice(0, 10);
}

// The phone's local midnight of a 'YYYY-MM-DD' day (new Date('YYYY-MM-DD') would be UTC's).
export function dateOfKey(key) {
  const [y, m, d] = key.split('-').map(Number);
  return new Date(y, m - 1, d);
}

// One day's sessions as the target counts them: completed ones only, the extra ones the owner
// confirmed beyond the target among them; stopped and blocked ones are shown, not counted. The
// target is a ceiling, not a score: more is not better for a healing disc.
export function daySessions(logs, day) {
  const ofDay = logs.filter((log) => localDay(log.started_at) === day)
    .sort((a, b) => Date.parse(a.started_at) - Date.parse(b.started_at));
  const done = ofDay.filter((log) => log.outcome === 'completed');
  return {
    day,
    logs: ofDay,
    done: done.length,
    extra: done.filter((log) => log.extra === true).length,
    stopped: ofDay.filter((log) => log.outcome === 'stopped'),
    blocked: ofDay.filter((log) => log.outcome === 'blocked'),
  };
}

// Completed sessions within the target: extra ones are done, but do not meet it.
export const countedOf = (day) => day.done - day.extra;

// Has the dog had the day's sessions (a daySessions summary)? Home then offers only a small
// "extra session" link, and the session page asks before starting one.
export const targetMet = (day, perDay) => countedOf(day) >= perDay;

export function durationSeconds(log) {
  return Math.max(0, Math.round((new Date(log.ended_at) - new Date(log.started_at)) / 1000));
}
