// A dog's history: today against the target, crate rest, what has reached the clinic, a 14-day
// chart, the bladder records, every session, and the owner's exports (CSV, and a printable
// summary for the vet visit). Everything here is read from the phone, so it all works offline.
import { h, card } from '../dom.js';
import { chosenDog, crateRestDay } from '../dogs.js';
import { logsFor, daySessions, countedOf, todayKey, localDay, durationSeconds, isoWithOffset } from '../logs.js';
import { loadRoutine } from '../api.js';
import { downloadCsv } from '../export.js';
import { careFor } from '../bladder.js';
import { bladderHistoryCard, bladderDay } from './bladder-history.js';
import { actionDrawing } from '../drawings.js';
import { clinicCard } from './sync-status.js';

const DAYS = 14;
const SVG_NS = 'http://www.w3.org/2000/svg';
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const STOP_REASONS = {
  excessive_kicking: 'excessive kicking', pain: 'signs of pain', distress: 'distress',
  interrupted: 'interrupted', other: 'another reason',
};
const KICKING = { none: 'none', a_little: 'a little', excessive: 'excessive' };
const KICKING_ORDER = ['none', 'a_little', 'excessive'];

// --- small helpers -----------------------------------------------------------------------------

// Like h(), for SVG: its elements need their namespace. Strings become text nodes, never markup.
function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) el.setAttribute(key, String(value));
  }
  el.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  return el;
}

const plural = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

// The last `count` local days as 'YYYY-MM-DD', oldest first, today last. Noon, so a daylight-
// saving change at midnight cannot shift a day.
function lastDays(count, now = new Date()) {
  return Array.from({ length: count }, (_, i) => todayKey(
    new Date(now.getFullYear(), now.getMonth(), now.getDate() - (count - 1 - i), 12)));
}

// Dates are shown as the log recorded them (its own local time), whatever the phone's zone now.
function dayParts(key) {
  const [year, month, day] = key.split('-').map(Number);
  return { year, month, day, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

function formatDay(key, { year = false } = {}) {
  const { weekday, day, month, year: y } = dayParts(key);
  return `${WEEKDAYS[weekday]} ${day} ${MONTHS[month - 1]}${year ? ` ${y}` : ''}`;
}

const timeOf = (iso) => iso.slice(11, 16);
const newestFirst = (logs) => [...logs].sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at));

function formatDuration(log) {
  const seconds = durationSeconds(log);
  return seconds < 60 ? 'under 1 min' : `${Math.round(seconds / 60)} min`;
}

// Actions that ended on one leg while the session went on (the foot rub, on excessive kicking).
const stoppedActions = (log) => (log.actions || []).filter((action) => action.status === 'stopped');

// "Rub the foot, right back leg: stopped (excessive kicking)".
function actionStopText(action, words) {
  const where = action.leg ? `, ${words.leg(action.leg).toLowerCase()}` : '';
  return `${words.action(action.action_id)}${where}: stopped (${STOP_REASONS[action.stop_reason] || STOP_REASONS.other})`;
}

function outcomeText(log) {
  if (log.outcome === 'completed') return 'Completed';
  if (log.outcome === 'stopped') return `Stopped: ${STOP_REASONS[log.stop_reason] || STOP_REASONS.other}`;
  return 'Not started: safety check';
}

// Words that come from the routine, with plain fallbacks if it could not be read.
function contentWords(routine) {
  const legs = new Map((routine?.legs || []).map((leg) => [leg.id, leg.label]));
  const questions = new Map([...(routine?.eligibility || []), ...(routine?.facts || []), ...(routine?.red_flags || [])]
    .map((question) => [question.id, question.question]));
  const actions = new Map((routine?.steps || []).flatMap((step) => step.actions || []).map((action) => [action.id, action.title]));
  const steps = new Map((routine?.steps || []).map((step) => [step.id, step.actions.length]));
  // Actions per leg in one full session, e.g. 9: for a log that did not record every action.
  const perLeg = (routine?.flow || []).filter((part) => part.for_each === 'leg')
    .reduce((sum, part) => sum + part.steps.reduce((n, id) => n + (steps.get(id) || 0), 0), 0);
  return {
    leg: (id) => legs.get(id) || id,
    question: (id) => questions.get(id) || id,
    action: (id) => actions.get(id) || id,
    actionsPerLeg: perLeg,
  };
}

const daySummaries = (logs, days) => days.map((day) => daySessions(logs, day));

const metTarget = (days, target) => days.filter((day) => countedOf(day) >= target).length;

const isFlagged = (summary) => summary.stopped.length > 0 || summary.blocked.length > 0;

function noDog(title) {
  return {
    title,
    node: h('div', {},
      h('h1', {}, title),
      card(
        h('p', {}, 'Once you add your dog, every session you do together will be kept here, ready to show your vet.'),
        h('a', { class: 'button block', href: '/dogs/new', 'data-link': true }, 'Add your dog'))),
  };
}

async function loadData() {
  const dog = await chosenDog();
  if (!dog) return { dog: null };
  const [logs, care, routine] = await Promise.all([logsFor(dog.id), careFor(dog.id), loadRoutine().catch(() => null)]);
  return {
    dog, logs, care, routine, target: dog.sessionsPerDay || routine?.sessions_per_day?.default || 2,
    words: contentWords(routine), days: daySummaries(logs, lastDays(DAYS)),
  };
}

// --- the history page --------------------------------------------------------------------------

export async function history() {
  const { dog, logs, care, routine, target, words, days } = await loadData();
  if (!dog) return noDog('History');
  return {
    title: `${dog.name}'s history`,
    node: h('div', { class: 'history' },
      h('h1', {}, `${dog.name}'s history`),
      summaryCard(dog, logs, target),
      await clinicCard(dog),
      chartCard(days, target),
      logs.length > 0 && exportCard(dog, logs, routine),
      care.length > 0 && routine && bladderHistoryCard(dog, care, routine.bladder, days.map((day) => day.day),
        (iso) => `${formatDay(localDay(iso))}, ${timeOf(iso)}`),
      h('h2', { id: 'sessions-heading' }, 'Sessions'),
      sessionList(logs, words)),
  };
}

function summaryCard(dog, logs, target) {
  const today = countedOf(daySessions(logs, todayKey()));
  return card(
    h('h2', { class: 'visually-hidden' }, 'At a glance'),
    h('div', { class: 'history-stats' },
      h('div', { class: 'history-stat' },
        h('p', { class: 'stat-label' }, 'Sessions'),
        h('p', { class: 'stat-value', id: 'today-done' }, `${today} of ${target} today`)),
      crateRestStat(dog)));
}

function crateRestStat(dog) {
  const rest = crateRestDay(dog);
  const stat = (text, extra = '') => h('div', { class: `history-stat ${extra}` },
    h('p', { class: 'stat-label' }, 'Crate rest'),
    h('p', { class: extra ? 'stat-text' : 'stat-value', id: 'crate-rest' }, text));
  if (!rest) return stat('No start date set yet', 'is-wide');
  if (rest.day < 1) return stat(`Starts in ${plural(1 - rest.day, 'day')}`, 'is-wide');
  if (rest.day > rest.of) {
    return stat(`Crate rest ended ${plural(rest.day - rest.of, 'day')} ago: ask your vet what comes next`, 'is-wide');
  }
  return stat(`Day ${rest.day} of ${rest.of}`);
}

// "Last 14 days: 18 sessions done, target 2 a day, met on 8 days." What the chart says, in words.
function chartSummaryText(days, target) {
  const done = days.reduce((sum, day) => sum + day.done, 0);
  const met = metTarget(days, target);
  const flagged = days.filter(isFlagged).length;
  const flags = flagged ? ` ${plural(flagged, 'day')} with a stopped session or a safety check that said not today.` : '';
  return `Last ${DAYS} days: ${plural(done, 'session')} done, target ${target} a day, met on ${plural(met, 'day')}.${flags}`;
}

function chartCard(days, target) {
  const summary = chartSummaryText(days, target);
  return card(
    h('h2', {}, `Last ${DAYS} days`),
    h('figure', { class: 'history-chart' },
      chartSvg(days, target, summary),
      h('figcaption', { class: 'chart-legend' },
        h('span', { class: 'legend-item' }, legendSwatch('bar'), 'Sessions done'),
        h('span', { class: 'legend-item' }, legendSwatch('target'), `Target: ${target} a day`),
        h('span', { class: 'legend-item' }, legendSwatch('flag'), 'A session was stopped, or a safety check said not today'))),
    chartTable(days));
}

// The chart in viewBox units; CSS scales it to the card's width.
const CHART = { width: 336, height: 176, left: 22, right: 334, top: 36, bottom: 136 };

function chartSvg(days, target, summary) {
  const max = Math.max(target, 1, ...days.map((day) => day.done));
  const y = (count) => CHART.bottom - (count / max) * (CHART.bottom - CHART.top);
  const slot = (CHART.right - CHART.left) / days.length;
  const targetY = y(target);
  return svg('svg', {
    class: 'chart', viewBox: `0 0 ${CHART.width} ${CHART.height}`, role: 'img', 'aria-label': summary,
    preserveAspectRatio: 'xMidYMid meet',
  },
  svg('title', {}, summary),
  svg('defs', {},
    // Hatching: stopped and blocked days differ by pattern and by a "!" mark, not colour alone.
    svg('pattern', { id: 'chart-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { class: 'hatch-back', width: 6, height: 6 }),
      svg('line', { class: 'hatch-line', x1: 1.5, y1: 0, x2: 1.5, y2: 6 }))),
  svg('line', { class: 'chart-axis', x1: CHART.left, x2: CHART.right, y1: CHART.bottom, y2: CHART.bottom }),
  days.map((day, index) => chartDay(day, CHART.left + index * slot, slot, y, index === days.length - 1)),
  svg('line', { class: 'chart-target', x1: CHART.left, x2: CHART.right, y1: targetY, y2: targetY }),
  svg('text', { class: 'chart-target-label', x: CHART.left - 5, y: targetY + 4, 'text-anchor': 'end' }, String(target)));
}

function chartDay(summary, x, slot, y, isToday) {
  const { weekday, day } = dayParts(summary.day);
  const middle = x + slot / 2;
  const barWidth = slot * 0.62;
  const top = y(summary.done);
  const flagged = isFlagged(summary);
  return svg('g', { class: `chart-day${flagged ? ' is-flagged' : ''}${isToday ? ' is-today' : ''}`, 'data-day': summary.day },
    summary.done > 0 && svg('rect', {
      class: 'chart-bar', x: middle - barWidth / 2, y: top, width: barWidth, height: CHART.bottom - top, rx: 2,
      'data-count': summary.done,
    }),
    summary.done > 0 && svg('text', { class: 'chart-count', x: middle, y: top - 4, 'text-anchor': 'middle' }, String(summary.done)),
    flagged && svg('g', { class: 'chart-flag' },
      svg('circle', { cx: middle, cy: 11, r: 7.5 }),
      svg('text', { x: middle, y: 15, 'text-anchor': 'middle' }, '!')),
    svg('text', { class: 'chart-weekday', x: middle, y: 154, 'text-anchor': 'middle' }, WEEKDAYS[weekday][0]),
    svg('text', { class: 'chart-date', x: middle, y: 170, 'text-anchor': 'middle' }, String(day)));
}

function legendSwatch(kind) {
  const shapes = {
    bar: [svg('rect', { class: 'chart-bar', x: 4, y: 2, width: 10, height: 16, rx: 2 })],
    target: [svg('line', { class: 'chart-target', x1: 0, x2: 18, y1: 10, y2: 10 })],
    flag: [
      svg('rect', { class: 'chart-bar is-hatched', x: 4, y: 2, width: 10, height: 16, rx: 2 }),
      svg('g', { class: 'chart-flag' }, svg('circle', { cx: 27, cy: 10, r: 7.5 }), svg('text', { x: 27, y: 14, 'text-anchor': 'middle' }, '!')),
    ],
  };
  const width = kind === 'flag' ? 36 : 18;
  return svg('svg', { class: 'legend-swatch', viewBox: `0 0 ${width} 20`, width, height: 20, 'aria-hidden': 'true', focusable: 'false' },
    shapes[kind]);
}

// The chart's numbers as a table for screen readers (visually hidden: the chart shows them).
// The wrapper hides it: a table grows to its content whatever width it is given, and would
// widen the page on a phone.
function chartTable(days) {
  return h('div', { class: 'visually-hidden' }, h('table', {},
    h('caption', {}, `Sessions per day, last ${DAYS} days`),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col' }, 'Sessions done'),
      h('th', { scope: 'col' }, 'Stopped'), h('th', { scope: 'col' }, 'Not started: safety check'))),
    h('tbody', {}, days.map((day) => h('tr', {},
      h('th', { scope: 'row' }, formatDay(day.day)), h('td', {}, String(day.done)),
      h('td', {}, String(day.stopped.length)), h('td', {}, String(day.blocked.length)))))));
}

function exportCard(dog, logs, routine) {
  return card(
    h('h2', {}, 'Share with your vet'),
    h('p', { class: 'muted' }, 'Both work without internet. The file opens in Excel, Numbers or Google Sheets.'),
    h('div', { class: 'export-actions' },
      h('button', { type: 'button', class: 'button', id: 'download-csv', onclick: () => downloadCsv(dog, logs, routine) },
        'Download CSV'),
      h('a', { class: 'button secondary', href: '/history/print', 'data-link': true }, 'Print summary')));
}

function sessionList(logs, words) {
  if (logs.length === 0) {
    return h('p', { class: 'card', id: 'no-sessions' },
      'No sessions yet. After your first session together, it will be listed here, ready to show your vet.');
  }
  return h('ol', { class: 'session-list', 'aria-labelledby': 'sessions-heading' },
    newestFirst(logs).map((log) => sessionItem(log, words)));
}

function sessionItem(log, words) {
  const day = localDay(log.started_at);
  const note = log.observations?.note?.trim();
  return h('li', { class: `card session outcome-${log.outcome}${log.extra ? ' is-extra' : ''}`, 'data-id': log.id },
    h('h3', { class: 'session-when' }, `${formatDay(day)}, ${timeOf(log.started_at)}`,
      log.extra && [' ', h('span', { class: 'pill extra-pill' }, 'Extra')]),
    h('p', { class: 'session-outcome' },
      h('span', { class: 'outcome-text' }, outcomeText(log)),
      log.outcome !== 'blocked' && [' · ', h('span', { class: 'session-duration' }, formatDuration(log))]),
    log.outcome === 'stopped' && h('p', { class: 'session-detail' }, "Not counted in the day's sessions."),
    log.outcome === 'blocked' && h('p', { class: 'session-detail' }, `Safety check: ${words.question(log.gate?.blocked_by)}`),
    log.stop_note && h('p', { class: 'session-detail' }, `Why it stopped: ${log.stop_note}`),
    stoppedActions(log).map((action) => h('p', { class: 'session-detail action-stop' }, actionStopText(action, words))),
    log.outcome !== 'blocked' && legProgress(log, words),
    note && h('p', { class: 'session-note' }, h('span', { class: 'note-label' }, 'Note: '), note));
}

// "Left back leg: 9 of 9 actions", per leg of the session.
function legProgress(log, words) {
  const actions = log.actions || [];
  return h('ul', { class: 'session-legs' }, (log.legs || []).map((leg) => {
    const ofLeg = actions.filter((action) => action.leg === leg);
    const completed = ofLeg.filter((action) => action.status === 'completed').length;
    const total = Math.max(ofLeg.length, words.actionsPerLeg);
    return h('li', {}, `${words.leg(leg)}: ${completed} of ${plural(total, 'action')}`);
  }));
}

// --- the printable summary ---------------------------------------------------------------------

export async function printableSummary() {
  const { dog, care, routine, target, words, days } = await loadData();
  if (!dog) return noDog('Summary for your vet');
  // A bladder column when the owner records the bladder (the vet asks how often, and what came).
  const bladder = routine && care.some((event) => days.some((day) => day.day === localDay(event.at)))
    ? (day) => bladderDay(care, day, routine.bladder, timeOf) : null;
  return {
    title: `${dog.name}: summary`,
    node: h('article', { class: 'print-summary' },
      h('div', { class: 'print-actions no-print' },
        h('button', { type: 'button', class: 'button', id: 'print-now', onclick: () => window.print() }, 'Print'),
        h('a', { class: 'button secondary', href: '/history', 'data-link': true }, 'Back to history')),
      h('h1', {}, `${dog.name}: the last ${DAYS} days`),
      h('p', { class: 'muted' }, `${formatDay(days[0].day, { year: true })} to ${formatDay(days[days.length - 1].day, { year: true })}`),
      summaryFacts(dog, words, target),
      dayTable(days, target, words, bladder),
      routine && actionStills(routine),
      routine && h('p', { class: 'print-credit' }, routine.credit.statement),
      routine && h('p', { class: 'print-disclaimer' }, routine.disclaimer),
      h('p', { class: 'print-generated muted' }, `Made on ${formatDay(todayKey(), { year: true })} at ${timeOf(isoWithOffset())} with IVDD Home PT.`)),
  };
}

// Each action once, as a still frame with arrows: the routine on paper, beside the days.
function actionStills(routine) {
  const actions = [...new Map(routine.steps.flatMap((step) => step.actions).filter((action) => action.drawing)
    .map((action) => [action.id, action])).values()];
  return h('section', { class: 'print-drawings', 'aria-labelledby': 'print-drawings-title' },
    h('h2', { id: 'print-drawings-title' }, 'How each action looks'),
    h('ul', { class: 'still-list' }, actions.map((action) => h('li', {},
      h('p', { class: 'still-title' }, action.title), actionDrawing(action, null, { still: true })))));
}

function summaryFacts(dog, words, target) {
  const rest = crateRestDay(dog);
  const restText = !rest ? 'No start date set'
    : `Day ${rest.day} of ${rest.of} (started ${formatDay(dog.crateRestStart, { year: true })})`;
  const fact = (term, detail) => [h('dt', {}, term), h('dd', {}, detail)];
  return h('dl', { class: 'facts print-facts' },
    fact('Dog', dog.name),
    fact('Legs exercised', (dog.legs || []).map(words.leg).join(', ') || 'None chosen'),
    fact('Crate rest', restText),
    fact('Target', `${plural(target, 'session')} a day`),
    dog.clinicName && fact('Clinic', dog.clinicName));
}

function dayTable(days, target, words, bladder) {
  const total = (pick) => days.reduce((sum, day) => sum + pick(day), 0);
  const met = metTarget(days, target);
  // Short headers keep the columns narrow; the cells say the rest in words.
  const headers = ['Date', 'Done', 'Stopped', 'Safety check', 'Kicking', 'Urinated', bladder && 'Bladder', 'Notes']
    .filter(Boolean);
  const wide = new Set(['Safety check', 'Notes']);
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'day-table-caption' },
    h('table', { class: 'day-table' },
      h('caption', { id: 'day-table-caption' }, 'Day by day'),
      h('thead', {}, h('tr', {}, headers.map((text) => h('th', { scope: 'col', class: wide.has(text) ? 'is-wide' : null }, text)))),
      h('tbody', {}, days.map((day) => dayRow(day, target, words, bladder))),
      h('tfoot', {}, h('tr', {},
        h('th', { scope: 'row' }, 'Totals'),
        h('td', {}, doneText(total(countedOf), total((day) => day.extra))),
        h('td', {}, String(total((day) => day.stopped.length))),
        h('td', {}, String(total((day) => day.blocked.length))),
        h('td', { colspan: bladder ? 4 : 3 }, `Target of ${target} a day met on ${met} of ${DAYS} days`)))));
}

function dayRow(day, target, words, bladder) {
  const at = (log) => timeOf(log.started_at);
  const counted = countedOf(day);
  return h('tr', { 'data-day': day.day },
    h('th', { scope: 'row' }, formatDay(day.day)),
    h('td', {}, doneText(counted >= target ? counted : `${counted} of ${target}`, day.extra)),
    h('td', {}, cellList(day.stopped.map((log) => `${at(log)} ${STOP_REASONS[log.stop_reason] || STOP_REASONS.other}`))),
    h('td', {}, cellList(day.blocked.map((log) => `${at(log)} ${blockedText(log, words)}`))),
    h('td', {}, cellList(worstKicking(day.logs).map(([leg, level]) => `${words.leg(leg)}: ${KICKING[level]}`))),
    h('td', {}, cellList(day.logs.filter((log) => log.observations?.urinated)
      .map((log) => `${at(log)} ${log.observations.urinated}`))),
    bladder && h('td', {}, cellList(bladder(day.day))),
    h('td', {}, cellList(day.logs.flatMap((log) => notesOf(log, words).map((note) => `${at(log)} ${note}`)))));
}

// "2", "2 + 1 extra": sessions beyond the target are done, but the vet should see them apart.
const doneText = (counted, extra) => (extra ? `${counted} + ${extra} extra` : String(counted));

// The question that stopped the session, in its own words, with the answer given.
function blockedText(log, words) {
  const id = log.gate?.blocked_by;
  const answer = log.gate?.answers?.find((item) => item.question_id === id)?.answer;
  return `${words.question(id)}${answer ? ` (${answer})` : ''}`;
}

// Per leg, the strongest kicking seen that day: what the vet needs to know. An action stopped on
// a leg for excessive kicking counts as excessive for that leg, whatever the owner noted after.
function worstKicking(logs) {
  const worst = new Map();
  const seen = (leg, level) => {
    if (KICKING_ORDER.indexOf(level) > KICKING_ORDER.indexOf(worst.get(leg))) worst.set(leg, level);
  };
  for (const log of logs) {
    for (const [leg, level] of Object.entries(log.observations?.kicking || {})) seen(leg, level);
    for (const action of stoppedActions(log)) {
      if (action.leg && action.stop_reason === 'excessive_kicking') seen(action.leg, 'excessive');
    }
  }
  return [...worst];
}

function notesOf(log, words) {
  return [
    log.extra && 'Extra session, beyond the day\'s target.',
    log.observations?.pain_signs === true && 'Signs of pain seen.',
    log.stop_note && `Why it stopped: ${log.stop_note}`,
    ...stoppedActions(log).map((action) => actionStopText(action, words)),
    log.observations?.note?.trim(),
  ].filter(Boolean);
}

function cellList(items) {
  if (items.length === 0) return h('span', { class: 'muted' }, '–');
  if (items.length === 1) return items[0];
  return h('ul', { class: 'cell-list' }, items.map((item) => h('li', {}, item)));
}
