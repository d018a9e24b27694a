// Set-up, then one screen per action: what to do, its dose, and either a timer (3-2-1, ring,
// pause, +30 s, finish early) or a counter whose tap target is the lower half of the screen.
import { h } from '../dom.js';
import * as player from '../player.js';
import { legLabel } from '../flow.js';
import { formatClock, getReadyLeft, remainingMs } from '../timer.js';
import { primeVoice, say, primeAudio, keepScreenOn, wakeLockSupported } from '../signals.js';
import { loadSettings } from '../local-state.js';
import { actionCue, startPacing, stopPacing, isPacing } from '../cues.js';

const RING = 2 * Math.PI * 54; // circumference of the timer ring (r = 54)

export function setupScreen({ routine, session, act }) {
  const legs = session.legs.map((leg) => legLabel(routine, leg)).join(', then ');
  const begin = act(async () => {
    primeVoice(); // iOS lets speech and sound start only inside a tap: this is the tap
    primeAudio();
    if (loadSettings().keepAwake) await keepScreenOn();
    await player.startExercises();
  });
  return h('section', { class: 'setup' },
    h('h1', { tabindex: -1 }, routine.setup.title),
    h('p', { class: 'lead' }, routine.setup.position),
    h('p', {}, routine.setup.surface),
    h('section', { class: 'card' }, h('h2', {}, routine.why_gentle.title), h('p', {}, routine.why_gentle.text)),
    h('p', {}, `Today: ${legs}. ${player.sequenceLength()} actions in all.`),
    wakeLockSupported() ? null : h('p', { class: 'hint', id: 'keep-open-hint' },
      'Keep this screen open during the session: your phone may not let the app keep it on.'),
    h('button', { type: 'button', class: 'button block huge', id: 'begin', 'data-autofocus': true, onclick: begin }, 'Begin'));
}

export function actionScreen(ctx) {
  const { routine } = ctx;
  const item = player.currentItem();
  const { step, action } = item;
  const where = item.leg ? `${legLabel(routine, item.leg)} · leg ${item.legIndex + 1} of ${item.legCount}` : 'Both sides';
  return h('section', { class: 'action', 'data-action': action.id, 'data-leg': item.leg ?? '' },
    h('p', { class: 'eyebrow' }, `${where} · Step ${step.number} of ${routine.steps.length}: ${step.title}`),
    h('h1', { tabindex: -1 }, action.title),
    h('p', { class: 'dose-line' }, h('span', { class: 'dose' }, action.dose.label), action.optional ? ' · optional' : ''),
    h('ul', { class: 'instructions' }, action.instructions.map((line) => h('li', {}, line))),
    ...action.warnings.map((id) => warningBox(routine.warnings[id], ctx)),
    action.dose.type === 'duration' ? timerPanel(ctx, action) : counterPanel(ctx, action),
    nextRow(ctx, action),
    wakeLockSupported() ? null : h('p', { class: 'hint' }, 'Keep this screen open: your phone may lock it.'));
}

function warningBox(warning, { act }) {
  return h('div', { class: 'warning action-warning' },
    h('p', {}, warning.text),
    warning.stop_reason ? h('button', { type: 'button', class: 'button stop block', 'data-stop-reason': warning.stop_reason,
      onclick: act(() => player.stop(warning.stop_reason)) }, warning.stop_label) : null);
}

function timerPanel({ session, act }, action) {
  const timer = session.timer;
  const idle = timer.state === 'idle';
  const paused = timer.state === 'paused';
  const done = timer.state === 'done';
  return h('div', { class: 'timer-panel' },
    h('div', { class: 'ring-wrap' },
      ringSvg(1 - remainingMs(timer, Date.now()) / timer.totalMs),
      h('p', { class: 'clock', id: 'timer-clock', role: 'timer', 'aria-live': 'off' }, formatClock(remainingMs(timer, Date.now()))),
      h('p', { class: 'get-ready', id: 'get-ready', 'aria-live': 'assertive' })),
    done ? null : h('div', { class: 'control-row' },
      idle || paused
        ? h('button', { type: 'button', class: 'button huge', id: 'timer-start', 'data-autofocus': true, onclick: act(() => player.startTimer()) },
          idle ? 'Start timer' : 'Resume')
        : h('button', { type: 'button', class: 'button huge secondary', id: 'timer-pause', onclick: act(() => player.pauseTimer()) }, 'Pause'),
      player.canAddTime() ? h('button', { type: 'button', class: 'button secondary', id: 'timer-add', onclick: act(() => player.addThirtySeconds()) }, '+30 s') : null,
      idle ? null : h('button', { type: 'button', class: 'button secondary', id: 'timer-finish', onclick: act(() => player.finishEarly()) },
        action.dose.up_to ? 'Done early' : 'Finish now')));
}

function ringSvg(fractionDone) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 120 120');
  svg.setAttribute('class', 'ring');
  svg.setAttribute('aria-hidden', 'true');
  for (const [cls, id] of [['ring-track', null], ['ring-fill', 'timer-ring']]) {
    const circle = document.createElementNS(ns, 'circle');
    Object.entries({ cx: 60, cy: 60, r: 54, class: cls, 'stroke-dasharray': RING.toFixed(1) }).forEach(([k, v]) => circle.setAttribute(k, v));
    if (id) {
      circle.id = id;
      circle.setAttribute('stroke-dashoffset', (RING * fractionDone).toFixed(1));
    }
    svg.append(circle);
  }
  return svg;
}

// "7 of 10-15", "Toe 2: 3 of 10", "4 of up to 15".
function countText(reps, dose) {
  const of = dose.up_to ? `up to ${dose.max}` : dose.min === dose.max ? `${dose.max}` : `${dose.min}-${dose.max}`;
  const perLabel = dose.per ? `${dose.per[0].toUpperCase()}${dose.per.slice(1)} ${reps.perCount}: ` : '';
  return `${perLabel}${reps.count} of ${of}`;
}

export function refreshCount(session) {
  const count = document.getElementById('rep-count');
  if (count && session?.reps) count.textContent = countText(session.reps, player.currentItem().action.dose);
}

function counterPanel({ session, act }, action) {
  const reps = session.reps;
  const dose = action.dose;
  const full = reps.count >= dose.max;
  if (reps.paced && !isPacing() && !reps.done) startPacing(); // resumed after a reload
  return h('div', { class: 'counter-panel' },
    h('button', { type: 'button', class: 'tap-zone', id: 'tap-zone', 'data-autofocus': true, disabled: reps.done || full,
      onclick: act(() => player.countRep()) },
      h('span', { class: 'count', id: 'rep-count' }, countText(reps, dose)),
      h('span', { class: 'tap-hint' }, reps.done ? 'Done' : full ? `Next ${dose.per}` : 'Tap anywhere here to count (or press Space)')),
    reps.done ? null : h('div', { class: 'control-row' },
      dose.per ? h('button', { type: 'button', class: 'button secondary', id: 'next-per', disabled: reps.count === 0,
        onclick: act(() => player.nextPer()) }, `Next ${dose.per}`) : null,
      h('button', { type: 'button', class: 'button secondary', id: 'paced-toggle', 'aria-pressed': String(Boolean(reps.paced)),
        onclick: act(async () => { await player.setPaced(!reps.paced); if (reps.paced) startPacing(); else stopPacing(); }) },
      reps.paced ? 'Stop paced count' : 'Paced count'),
      h('button', { type: 'button', class: 'button secondary', id: 'reps-finish', disabled: reps.total === 0,
        onclick: act(() => player.finishReps()) }, dose.per ? `All ${dose.per}s done` : 'Done')));
}

function nextRow({ act }, action) {
  const done = player.actionDone();
  return h('div', { class: 'next-row' },
    done ? h('button', { type: 'button', class: 'button huge block', id: 'next', 'data-autofocus': true, onclick: act(() => player.next()) }, 'Next')
      : h('button', { type: 'button', class: 'link-button', id: 'skip', onclick: act(() => player.skipAction()) },
        action.optional ? 'Skip this (optional)' : 'Skip this action'),
    h('button', { type: 'button', class: 'link-button', id: 'repeat-cue', onclick: () => say(actionCue(player.currentItem(), { again: true })) },
      'Say it again'));
}

// Space or Enter anywhere counts a repetition (except on another control, which has its own job).
document.addEventListener('keydown', (event) => {
  if (event.key !== ' ' && event.key !== 'Enter') return;
  const zone = document.getElementById('tap-zone');
  if (!zone || zone.disabled || document.querySelector('dialog[open]')) return;
  if (event.target !== document.body && event.target !== zone && event.target.closest('button, a, input, textarea, select, summary')) return;
  event.preventDefault();
  zone.click();
});

// The clock: read the absolute end time on every tick, and at once when the page comes back.
let ticking = null;
export function startTicking(routine, repaint) {
  const update = async () => {
    const session = player.active();
    if (!session?.timer || session.phase !== 'action') return;
    const before = session.timer.state;
    await player.tick(Date.now());
    if (player.active()?.timer?.state !== before) return repaint();
    drawClock(player.active().timer);
  };
  if (!ticking) {
    ticking = setInterval(update, 250);
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && update());
    window.addEventListener('pageshow', update);
  }
  update();
}

function drawClock(timer) {
  const clock = document.getElementById('timer-clock');
  if (!clock) return;
  const now = Date.now();
  const left = remainingMs(timer, now);
  clock.textContent = formatClock(left);
  document.getElementById('timer-ring')?.setAttribute('stroke-dashoffset', (RING * (1 - left / timer.totalMs)).toFixed(1));
  const ready = getReadyLeft(timer, now);
  const label = document.getElementById('get-ready');
  if (label && label.textContent !== (ready ? String(ready) : '')) label.textContent = ready ? String(ready) : '';
}

