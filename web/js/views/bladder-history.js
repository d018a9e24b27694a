// The bladder records in the owner's history and in the printable summary: how often it was
// emptied, how, and what came, as the vet asks at a recheck. Read from this phone: offline too.
import { h, card } from '../dom.js';
import { localDay } from '../logs.js';
import { resultOf } from '../bladder.js';
import { downloadCareCsv } from '../export.js';
import { t } from '../i18n.js';

// The way it was emptied, as the record's code says it (the content's labels are for the form).
const methodWords = (method) => ({ own: t('on its own'), expressed: t('expressed') })[method] || method;

// "expressed, a normal amount"; the flagged results keep their capital for the eye.
export function recordText(event, care) {
  const result = resultOf(care, event.result);
  return `${methodWords(event.method)}, ${result ? result.label.toLowerCase() : event.result}`;
}

const needsVet = (event, care) => Boolean(resultOf(care, event.result)?.calls_clinic);

// The history page's card: the records of the last days, newest first, and their CSV.
// `when(iso)` words a time as the history does ("Tue 1 Dec, 14:05").
export function bladderHistoryCard(dog, events, care, days, when) {
  const shown = events.filter((event) => days.includes(localDay(event.at)))
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return card(
    h('h2', { id: 'bladder-history-title' }, t('Bladder, last {count} days', { count: days.length })),
    shown.length
      ? h('ol', { class: 'bladder-history', 'aria-labelledby': 'bladder-history-title' }, shown.map((event) =>
        h('li', { class: needsVet(event, care) ? 'needs-vet' : null },
          h('span', { class: 'bladder-when' }, when(event.at)), ' · ',
          needsVet(event, care) ? h('strong', {}, recordText(event, care)) : recordText(event, care))))
      : h('p', { class: 'muted', id: 'no-bladder-records' }, t('No bladder records in the last {count} days.', { count: days.length })),
    events.length > 0 && h('button', { type: 'button', class: 'button secondary', id: 'download-bladder-csv',
      onclick: () => downloadCareCsv(dog, events) }, t('Download bladder CSV')));
}

// The printable summary's cell for one day: "08:05 expressed, a normal amount", one a line.
export function bladderDay(events, day, care, timeOf) {
  return events.filter((event) => localDay(event.at) === day)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map((event) => `${timeOf(event.at)} ${recordText(event, care)}`);
}
