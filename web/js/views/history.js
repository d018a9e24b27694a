// A dog's history: today against the target, crate rest, what has reached the clinic, a 14-day
// chart, the bladder records, every session, and the owner's exports (CSV, and a printable
// summary for the vet visit). Everything here is read from the phone, so it all works offline.
import { h, card } from '../dom.js';
import { t, plural, formatDate, formatList } from '../i18n.js';
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
const KICKING_ORDER = ['none', 'a_little', 'excessive'];

// The log's codes in words, looked up when a page is drawn (the catalogue loads after modules run).
function stopReasonText(code) {
  const reasons = {
    excessive_kicking: t('excessive kicking'), pain: t('signs of pain'), distress: t('distress'),
    interrupted: t('interrupted'), other: t('another reason'),
  };
  return reasons[code] || reasons.other;
}

function kickingText(level) {
  return { none: t('none'), a_little: t('a little'), excessive: t('excessive') }[level] ?? level;
}

// A safety answer and the finish form's "urinated" are codes ('yes', 'no', 'expressed').
function answerText(code) {
  return { yes: t('yes'), no: t('no'), expressed: t('expressed') }[code] ?? code;
}

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

// The last `count` local days as 'YYYY-MM-DD', oldest first, today last. Noon, so a daylight-
// saving change at midnight cannot shift a day.
function lastDays(count, now = new Date()) {
  return Array.from({ length: count }, (_, i) => todayKey(
    new Date(now.getFullYear(), now.getMonth(), now.getDate() - (count - 1 - i), 12)));
}

// Dates are shown as the log recorded them (its own local time), whatever the phone's zone now:
// the day at UTC midnight, and formatted in UTC.
function dayParts(key) {
  const [year, month, day] = key.split('-').map(Number);
  return { year, month, day, date: new Date(Date.UTC(year, month - 1, day)) };
}

const dayName = (date, weekday) => formatDate(date, { weekday, timeZone: 'UTC' });

// "Sun 3 Nov": the names in the app's language; their order (and any "de") is the catalogue's.
function formatDay(key, { year = false } = {}) {
  const { day, date, year: y } = dayParts(key);
  const names = {
    weekday: dayName(date, 'short'), day, month: formatDate(date, { month: 'short', timeZone: 'UTC' }), year: y,
  };
  return year ? t('{weekday} {day} {month} {year}', names) : t('{weekday} {day} {month}', names);
}

const dayAndTime = (key, time) => t('{date}, {time}', { date: formatDay(key), time });

const timeOf = (iso) => iso.slice(11, 16);
const newestFirst = (logs) => [...logs].sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at));

function formatDuration(log) {
  const seconds = durationSeconds(log);
  return seconds < 60 ? t('under 1 min') : t('{minutes} min', { minutes: Math.round(seconds / 60) });
}

// Actions that ended on one leg while the session went on (the foot rub, on excessive kicking).
const stoppedActions = (log) => (log.actions || []).filter((action) => action.status === 'stopped');

// "Rub the foot, right back leg: stopped (excessive kicking)".
function actionStopText(action, words) {
  const values = { action: words.action(action.action_id), reason: stopReasonText(action.stop_reason) };
  if (!action.leg) return t('{action}: stopped ({reason})', values);
  return t('{action}, {leg}: stopped ({reason})', { ...values, leg: words.leg(action.leg).toLowerCase() });
}

function outcomeText(log) {
  if (log.outcome === 'completed') return t('Completed');
  if (log.outcome === 'stopped') return t('Stopped: {reason}', { reason: stopReasonText(log.stop_reason) });
  return t('Not started: safety check');
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
        h('p', {}, t('Once you add your dog, every session you do together will be kept here, ready to show your vet.')),
        h('a', { class: 'button block', href: '/dogs/new', 'data-link': true }, t('Add your dog')))),
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
  if (!dog) return noDog(t('History'));
  const title = t("{name}'s history", { name: dog.name });
  return {
    title,
    node: h('div', { class: 'history' },
      h('h1', {}, title),
      summaryCard(dog, logs, target),
      await clinicCard(dog),
      chartCard(days, target),
      logs.length > 0 && exportCard(dog, logs, routine),
      care.length > 0 && routine && bladderHistoryCard(dog, care, routine.bladder, days.map((day) => day.day),
        (iso) => dayAndTime(localDay(iso), timeOf(iso))),
      h('h2', { id: 'sessions-heading' }, t('Sessions')),
      sessionList(logs, words)),
  };
}

function summaryCard(dog, logs, target) {
  const today = countedOf(daySessions(logs, todayKey()));
  return card(
    h('h2', { class: 'visually-hidden' }, t('At a glance')),
    h('div', { class: 'history-stats' },
      h('div', { class: 'history-stat' },
        h('p', { class: 'stat-label' }, t('Sessions')),
        h('p', { class: 'stat-value', id: 'today-done' }, t('{done} of {target} today', { done: today, target }))),
      crateRestStat(dog)));
}

function crateRestStat(dog) {
  const rest = crateRestDay(dog);
  const stat = (text, extra = '') => h('div', { class: `history-stat ${extra}` },
    h('p', { class: 'stat-label' }, t('Crate rest')),
    h('p', { class: extra ? 'stat-text' : 'stat-value', id: 'crate-rest' }, text));
  if (!rest) return stat(t('No start date set yet'), 'is-wide');
  if (rest.day < 1) return stat(plural(1 - rest.day, 'Starts in {n} day', 'Starts in {n} days'), 'is-wide');
  if (rest.day > rest.of) {
    return stat(plural(rest.day - rest.of, 'Crate rest ended {n} day ago: ask your vet what comes next',
      'Crate rest ended {n} days ago: ask your vet what comes next'), 'is-wide');
  }
  return stat(t('Day {day} of {total}', { day: rest.day, total: rest.of }));
}

// "Last 14 days: 18 sessions done, target 2 a day, met on 8 days." What the chart says, in words.
function chartSummaryText(days, target) {
  const done = days.reduce((sum, day) => sum + day.done, 0);
  const met = metTarget(days, target);
  const flagged = days.filter(isFlagged).length;
  const said = t('Last {days} days: {done}, target {target} a day, {met}.', {
    days: DAYS, target,
    done: plural(done, '{n} session done', '{n} sessions done'),
    met: plural(met, 'met on {n} day', 'met on {n} days'),
  });
  if (!flagged) return said;
  const flags = plural(flagged, '{n} day with a stopped session or a safety check that said not today.',
    '{n} days with a stopped session or a safety check that said not today.');
  return `${said} ${flags}`; // two sentences
}

function chartCard(days, target) {
  const summary = chartSummaryText(days, target);
  return card(
    h('h2', {}, t('Last {days} days', { days: DAYS })),
    h('figure', { class: 'history-chart' },
      chartSvg(days, target, summary),
      h('figcaption', { class: 'chart-legend' },
        h('span', { class: 'legend-item' }, legendSwatch('bar'), t('Sessions done')),
        h('span', { class: 'legend-item' }, legendSwatch('target'), t('Target: {target} a day', { target })),
        h('span', { class: 'legend-item' }, legendSwatch('flag'), t('A session was stopped, or a safety check said not today')))),
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
  const { day, date } = dayParts(summary.day);
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
    svg('text', { class: 'chart-weekday', x: middle, y: 154, 'text-anchor': 'middle' }, dayName(date, 'narrow')),
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
    h('caption', {}, t('Sessions per day, last {days} days', { days: DAYS })),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('Day')), h('th', { scope: 'col' }, t('Sessions done')),
      h('th', { scope: 'col' }, t('Stopped')), h('th', { scope: 'col' }, t('Not started: safety check')))),
    h('tbody', {}, days.map((day) => h('tr', {},
      h('th', { scope: 'row' }, formatDay(day.day)), h('td', {}, String(day.done)),
      h('td', {}, String(day.stopped.length)), h('td', {}, String(day.blocked.length)))))));
}

function exportCard(dog, logs, routine) {
  return card(
    h('h2', {}, t('Share with your vet')),
    h('p', { class: 'muted' }, t('Both work without internet. The file opens in Excel, Numbers or Google Sheets.')),
    h('div', { class: 'export-actions' },
      h('button', { type: 'button', class: 'button', id: 'download-csv', onclick: () => downloadCsv(dog, logs, routine) },
        t('Download CSV')),
      h('a', { class: 'button secondary', href: '/history/print', 'data-link': true }, t('Print summary'))));
}

function sessionList(logs, words) {
  if (logs.length === 0) {
    return h('p', { class: 'card', id: 'no-sessions' },
      t('No sessions yet. After your first session together, it will be listed here, ready to show your vet.'));
  }
  return h('ol', { class: 'session-list', 'aria-labelledby': 'sessions-heading' },
    newestFirst(logs).map((log) => sessionItem(log, words)));
}

function sessionItem(log, words) {
  const day = localDay(log.started_at);
  const note = log.observations?.note?.trim();
  return h('li', { class: `card session outcome-${log.outcome}${log.extra ? ' is-extra' : ''}`, 'data-id': log.id },
    h('h3', { class: 'session-when' }, dayAndTime(day, timeOf(log.started_at)),
      log.extra && [' ', h('span', { class: 'pill extra-pill' }, t('Extra'))]),
    h('p', { class: 'session-outcome' },
      h('span', { class: 'outcome-text' }, outcomeText(log)),
      log.outcome !== 'blocked' && [' · ', h('span', { class: 'session-duration' }, formatDuration(log))]),
    log.outcome === 'stopped' && h('p', { class: 'session-detail' }, t("Not counted in the day's sessions.")),
    log.outcome === 'blocked' && h('p', { class: 'session-detail' },
      t('Safety check: {question}', { question: words.question(log.gate?.blocked_by) })),
    log.stop_note && h('p', { class: 'session-detail' }, t('Why it stopped: {note}', { note: log.stop_note })),
    stoppedActions(log).map((action) => h('p', { class: 'session-detail action-stop' }, actionStopText(action, words))),
    log.outcome !== 'blocked' && legProgress(log, words),
    note && h('p', { class: 'session-note' }, h('span', { class: 'note-label' }, `${t('Note:')} `), note));
}

// "Left back leg: 9 of 9 actions", per leg of the session.
function legProgress(log, words) {
  const actions = log.actions || [];
  return h('ul', { class: 'session-legs' }, (log.legs || []).map((leg) => {
    const ofLeg = actions.filter((action) => action.leg === leg);
    const completed = ofLeg.filter((action) => action.status === 'completed').length;
    const total = Math.max(ofLeg.length, words.actionsPerLeg);
    return h('li', {}, plural(total, '{leg}: {done} of {n} action', '{leg}: {done} of {n} actions',
      { leg: words.leg(leg), done: completed }));
  }));
}

// --- the printable summary ---------------------------------------------------------------------

export async function printableSummary() {
  const { dog, care, routine, target, words, days } = await loadData();
  if (!dog) return noDog(t('Summary for your vet'));
  // A bladder column when the owner records the bladder (the vet asks how often, and what came).
  const bladder = routine && care.some((event) => days.some((day) => day.day === localDay(event.at)))
    ? (day) => bladderDay(care, day, routine.bladder, timeOf) : null;
  return {
    title: t('{name}: summary', { name: dog.name }),
    node: h('article', { class: 'print-summary' },
      h('div', { class: 'print-actions no-print' },
        h('button', { type: 'button', class: 'button', id: 'print-now', onclick: () => window.print() }, t('Print')),
        h('a', { class: 'button secondary', href: '/history', 'data-link': true }, t('Back to history'))),
      h('h1', {}, t('{name}: the last {days} days', { name: dog.name, days: DAYS })),
      h('p', { class: 'muted' }, t('{from} to {to}', {
        from: formatDay(days[0].day, { year: true }), to: formatDay(days[days.length - 1].day, { year: true }) })),
      summaryFacts(dog, words, target),
      dayTable(days, target, words, bladder),
      routine && actionStills(routine),
      routine && h('p', { class: 'print-credit' }, routine.credit.statement),
      routine && h('p', { class: 'print-disclaimer' }, routine.disclaimer),
      h('p', { class: 'print-generated muted' }, t('Made on {date} at {time} with IVDD Home PT.', {
        date: formatDay(todayKey(), { year: true }), time: timeOf(isoWithOffset()) }))),
  };
}

// Each action once, as a still frame with arrows: the routine on paper, beside the days.
function actionStills(routine) {
  const actions = [...new Map(routine.steps.flatMap((step) => step.actions).filter((action) => action.drawing)
    .map((action) => [action.id, action])).values()];
  return h('section', { class: 'print-drawings', 'aria-labelledby': 'print-drawings-title' },
    h('h2', { id: 'print-drawings-title' }, t('How each action looks')),
    h('ul', { class: 'still-list' }, actions.map((action) => h('li', {},
      h('p', { class: 'still-title' }, action.title), actionDrawing(action, null, { still: true })))));
}

function summaryFacts(dog, words, target) {
  const rest = crateRestDay(dog);
  const restText = !rest ? t('No start date set')
    : t('Day {day} of {total} (started {date})', {
      day: rest.day, total: rest.of, date: formatDay(dog.crateRestStart, { year: true }) });
  const legs = (dog.legs || []).map(words.leg);
  const fact = (term, detail) => [h('dt', {}, term), h('dd', {}, detail)];
  return h('dl', { class: 'facts print-facts' },
    fact(t('Dog'), dog.name),
    // 'unit': "Left back leg, Right back leg" in English, the language's own list elsewhere.
    fact(t('Legs exercised'), legs.length ? formatList(legs, 'unit') : t('None chosen')),
    fact(t('Crate rest'), restText),
    fact(t('Target'), plural(target, '{n} session a day', '{n} sessions a day')),
    dog.clinicName && fact(t('Clinic'), dog.clinicName));
}

function dayTable(days, target, words, bladder) {
  const total = (pick) => days.reduce((sum, day) => sum + pick(day), 0);
  const met = metTarget(days, target);
  // Short headers keep the columns narrow; the cells say the rest in words.
  const wide = 'is-wide';
  const headers = [[t('Date')], [t('Done')], [t('Stopped')], [t('Safety check'), wide], [t('Kicking')], [t('Urinated')],
    bladder && [t('Bladder')], [t('Notes'), wide]].filter(Boolean);
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'day-table-caption' },
    h('table', { class: 'day-table' },
      h('caption', { id: 'day-table-caption' }, t('Day by day')),
      h('thead', {}, h('tr', {}, headers.map(([text, width]) => h('th', { scope: 'col', class: width ?? null }, text)))),
      h('tbody', {}, days.map((day) => dayRow(day, target, words, bladder))),
      h('tfoot', {}, h('tr', {},
        h('th', { scope: 'row' }, t('Totals')),
        h('td', {}, doneText(total(countedOf), total((day) => day.extra))),
        h('td', {}, String(total((day) => day.stopped.length))),
        h('td', {}, String(total((day) => day.blocked.length))),
        h('td', { colspan: bladder ? 4 : 3 },
          t('Target of {target} a day met on {met} of {days} days', { target, met, days: DAYS }))))));
}

function dayRow(day, target, words, bladder) {
  const at = (log) => timeOf(log.started_at);
  const counted = countedOf(day);
  return h('tr', { 'data-day': day.day },
    h('th', { scope: 'row' }, formatDay(day.day)),
    h('td', {}, doneText(counted >= target ? counted : t('{done} of {target}', { done: counted, target }), day.extra)),
    // "17:45 excessive kicking": a time before each entry, as in every language's timetable.
    h('td', {}, cellList(day.stopped.map((log) => `${at(log)} ${stopReasonText(log.stop_reason)}`))),
    h('td', {}, cellList(day.blocked.map((log) => `${at(log)} ${blockedText(log, words)}`))),
    h('td', {}, cellList(worstKicking(day.logs).map(([leg, level]) =>
      t('{leg}: {kicking}', { leg: words.leg(leg), kicking: kickingText(level) })))),
    h('td', {}, cellList(day.logs.filter((log) => log.observations?.urinated)
      .map((log) => `${at(log)} ${answerText(log.observations.urinated)}`))),
    bladder && h('td', {}, cellList(bladder(day.day))),
    h('td', {}, cellList(day.logs.flatMap((log) => notesOf(log, words).map((note) => `${at(log)} ${note}`)))));
}

// "2", "2 + 1 extra": sessions beyond the target are done, but the vet should see them apart.
const doneText = (counted, extra) => (extra ? t('{done} + {extra} extra', { done: counted, extra }) : String(counted));

// The question that stopped the session, in its own words, with the answer given.
function blockedText(log, words) {
  const id = log.gate?.blocked_by;
  const answer = log.gate?.answers?.find((item) => item.question_id === id)?.answer;
  const question = words.question(id);
  return answer ? t('{question} ({answer})', { question, answer: answerText(answer) }) : question;
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
    log.extra && t("Extra session, beyond the day's target."),
    log.observations?.pain_signs === true && t('Signs of pain seen.'),
    log.stop_note && t('Why it stopped: {note}', { note: log.stop_note }),
    ...stoppedActions(log).map((action) => actionStopText(action, words)),
    log.observations?.note?.trim(),
  ].filter(Boolean);
}

function cellList(items) {
  if (items.length === 0) return h('span', { class: 'muted' }, '–');
  if (items.length === 1) return items[0];
  return h('ul', { class: 'cell-list' }, items.map((item) => h('li', {}, item)));
}
