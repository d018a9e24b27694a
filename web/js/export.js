// The owner's exports: every session (and every bladder record) as a CSV file, made on the phone
// (no server, works offline).
// The CSV is for the clinic's spreadsheet, so its values are the log's own codes ('left-hind',
// 'excessive_kicking'), not the app's wording, which may change.
import { h } from './dom.js';
import { durationSeconds, localDay, todayKey } from './logs.js';

export const CSV_COLUMNS = [
  'session_id', 'dog', 'date', 'started_at', 'ended_at', 'duration_min', 'outcome', 'stop_reason',
  'legs', 'actions_completed', 'actions_skipped', 'kicking', 'pain_signs', 'urinated', 'note',
  'content_version',
  // Beyond the agreed list, at the end so column positions stay put: without them a stopped or
  // blocked session would lose the owner's reason and the safety question that stopped it.
  'stop_note', 'blocked_by',
  // Issue 11: a session beyond the day's target, and actions ended on one leg while the session
  // went on ('right-hind/foot-rub:excessive_kicking'). Also at the end, for the same reason.
  'extra', 'actions_stopped',
];

// Excel and friends run a cell that starts with one of these as a formula (CSV injection): an
// owner's note "=HYPERLINK(...)" must stay text. A leading apostrophe makes it a plain string.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value) {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  // RFC 4180: quote a field holding a comma, a quote or a line break; double the quotes inside.
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const yesNo = (value) => (value === true ? 'yes' : value === false ? 'no' : '');
const countStatus = (log, status) => (log.actions || []).filter((action) => action.status === status).length;

// 'right-hind/foot-rub:excessive_kicking;left-hind/toe-pad-touch:excessive_kicking', in the log's order.
function actionsStoppedCell(log) {
  return (log.actions || []).filter((action) => action.status === 'stopped')
    .map((action) => `${action.leg ? `${action.leg}/` : ''}${action.action_id}:${action.stop_reason || ''}`).join(';');
}

// 'left-hind:a_little;right-hind:none', in the order of the session's legs.
function kickingCell(log) {
  const kicking = log.observations?.kicking || {};
  const legs = [...new Set([...(log.legs || []), ...Object.keys(kicking)])].filter((leg) => kicking[leg]);
  return legs.map((leg) => `${leg}:${kicking[leg]}`).join(';');
}

function csvRow(log) {
  const observations = log.observations || {};
  return {
    session_id: log.id,
    dog: log.dog?.name,
    date: localDay(log.started_at),
    started_at: log.started_at,
    ended_at: log.ended_at,
    duration_min: (durationSeconds(log) / 60).toFixed(1),
    outcome: log.outcome,
    stop_reason: log.stop_reason,
    legs: (log.legs || []).join(';'),
    actions_completed: countStatus(log, 'completed'),
    actions_skipped: countStatus(log, 'skipped'),
    kicking: kickingCell(log),
    pain_signs: yesNo(observations.pain_signs),
    urinated: observations.urinated,
    note: observations.note,
    content_version: log.content_version,
    stop_note: log.stop_note,
    blocked_by: log.gate?.blocked_by,
    extra: log.extra === true ? 'yes' : 'no', // a log from before extra sessions existed was not one
    actions_stopped: actionsStoppedCell(log),
  };
}

// One row per session, oldest first, CRLF line ends (RFC 4180). `routine` is accepted so that a
// future column in words can use its labels; the columns above need only the log itself.
export function logsToCsv(logs, routine = null) {
  return toCsv(CSV_COLUMNS, logs, (log) => log.started_at, csvRow);
}

// The bladder records (care events, js/bladder.js): a file of their own, as their columns differ.
export const CARE_CSV_COLUMNS = ['record_id', 'dog', 'date', 'at', 'method', 'result', 'content_version'];

export function careToCsv(events) {
  return toCsv(CARE_CSV_COLUMNS, events, (event) => event.at, (event) => ({
    record_id: event.id, dog: event.dog?.name, date: localDay(event.at), at: event.at, method: event.method,
    result: event.result, content_version: event.content_version }));
}

function toCsv(columns, records, timeOf, rowOf) {
  const sorted = [...records].sort((a, b) => Date.parse(timeOf(a)) - Date.parse(timeOf(b)));
  const lines = [columns.map(csvCell).join(',')];
  for (const record of sorted) {
    const row = rowOf(record);
    lines.push(columns.map((column) => csvCell(row[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

// 'Zoë the 2nd' -> 'zoë-the-2nd': safe on every file system, still the dog's name.
export function csvFileName(dog, day = todayKey(), what = 'sessions') {
  const slug = (dog?.name || '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  return `${slug || 'dog'}-${what}-${day}.csv`;
}

// The byte-order mark tells Excel the file is UTF-8 (without it, accented names and notes come
// out garbled on Windows).
export function downloadCsv(dog, logs, routine) {
  downloadFile(csvFileName(dog), ['\uFEFF', logsToCsv(logs, routine)], 'text/csv;charset=utf-8');
}

export function downloadCareCsv(dog, events) {
  downloadFile(csvFileName(dog, todayKey(), 'bladder'), ['\uFEFF', careToCsv(events)], 'text/csv;charset=utf-8');
}

// Saves a file made on the phone (offline too) through a temporary link.
export function downloadFile(name, parts, type) {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after click() returns: revoke on a later turn, not at once.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
